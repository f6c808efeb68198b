// Removes the participations of the given events before they are written again.
// params: ids
// columns: (none)
UNWIND $ids AS id
MATCH (:Actor)-[p:PARTICIPATED_IN]->(e:Event {id: id})
DELETE p

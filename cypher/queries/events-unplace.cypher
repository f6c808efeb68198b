// Removes the OCCURRED_AT edge of the given events before they are placed again.
// params: ids
// columns: (none)
UNWIND $ids AS id
MATCH (e:Event {id: id})-[o:OCCURRED_AT]->(:Place)
DELETE o

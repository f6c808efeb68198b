// Places events (Event OCCURRED_AT Place).
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (e:Event {id: r.eventId})
MATCH (p:Place {id: r.placeId})
CREATE (e)-[:OCCURRED_AT]->(p)

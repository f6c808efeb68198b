// Places staged events (__TO__: Place, or StagedPlace).
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (e:StagedEvent {id: r.eventId})
MATCH (p:__TO__ {id: r.placeId})
CREATE (e)-[:OCCURRED_AT]->(p)

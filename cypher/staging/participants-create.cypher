// Links actors (__FROM__: Actor, or StagedActor) to the staged events they took part in.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (a:__FROM__ {id: r.actorId})
MATCH (e:StagedEvent {id: r.eventId})
CREATE (a)-[:PARTICIPATED_IN {side: r.side, role: r.role, attribution: r.attribution}]->(e)

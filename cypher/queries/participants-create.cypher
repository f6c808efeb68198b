// Links actors to the events they took part in, with side, role and attribution.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (a:Actor {id: r.actorId})
MATCH (e:Event {id: r.eventId})
CREATE (a)-[:PARTICIPATED_IN {side: r.side, role: r.role, attribution: r.attribution}]->(e)

// Every participation of an actor in an event, sorted for stable output.
// params: (none)
// columns: eventId, actorId, side, role, attribution
MATCH (a:Actor)-[p:PARTICIPATED_IN]->(e:Event)
RETURN e.id AS eventId, a.id AS actorId, p.side AS side, p.role AS role, p.attribution AS attribution
ORDER BY eventId, side, actorId

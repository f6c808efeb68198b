// Writes the stored events per actor and month from the events themselves, once (a store from before them): one
// aggregate over every participation.
// params: (none)
// columns: (none)
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)
WITH a.id AS actorId, left(e.date, 7) AS month, count(DISTINCT e) AS n
CREATE (:ActivityMonth {key: actorId + '|' + month, actorId: actorId, month: month, n: n})

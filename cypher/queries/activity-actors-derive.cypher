// How many events each actor took part in, per month, counted from the events themselves (linear in events): what the
// stored counts (activity-actors) must equal. Same columns as activity-actors.
// params: (none)
// columns: actorId, months, ns
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)
WITH a.id AS actorId, left(e.date, 7) AS month, count(DISTINCT e) AS n
RETURN actorId, collect(month) AS months, collect(n) AS ns

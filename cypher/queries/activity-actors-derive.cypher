// How many events each actor took part in, per month, counted from the events themselves (linear in events): what the
// stored counts (activity-actors) must equal.
// params: (none)
// columns: actorId, month, n
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)
RETURN a.id AS actorId, left(e.date, 7) AS month, count(DISTINCT e) AS n

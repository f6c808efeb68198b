// How many events each actor took part in, per month (YYYY-MM): node sizes and yearly totals, without the events.
// params: (none)
// columns: actorId, month, n
MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event)
RETURN a.id AS actorId, left(e.date, 7) AS month, count(DISTINCT e) AS n

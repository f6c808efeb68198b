// title: Who fought whom in a period
// description: Pairs of actors on opposite sides of the same events between two days, with the number of events, the fatalities the events report (null when none reports a toll: unknown, not zero), how many events report none, and the first and last date.
// param: from date = "2017-01-01" -- first day (YYYY-MM-DD)
// param: to date = "2022-12-31" -- last day, included (YYYY-MM-DD)
// columns: actorA, nameA, actorB, nameB, clashes, fatalities, unreported, first, last, clash
// engine: count(e), not count(DISTINCT e): on LadybugDB 0.19 a DISTINCT count nulls the other aggregates of the same row.
MATCH (a:Actor)-[pa:PARTICIPATED_IN]->(e:Event)<-[pb:PARTICIPATED_IN]-(b:Actor)
WHERE e.date >= $from AND e.date <= $to AND pa.side <> pb.side AND a.id < b.id
WITH a, b, count(e) AS clashes, count(e.fatalitiesBest) AS reported, sum(e.fatalitiesBest) AS known, min(e.date) AS first, max(e.date) AS last
OPTIONAL MATCH (a)-[c:CLASHED_WITH]-(b)
RETURN a.id AS actorA, a.name AS nameA, b.id AS actorB, b.name AS nameB, clashes,
  CASE WHEN reported = 0 THEN null ELSE known END AS fatalities, clashes - reported AS unreported, first, last, c.id AS clash
ORDER BY clashes DESC, reported DESC, actorA, actorB

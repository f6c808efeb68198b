// Clash months derived from the events themselves: per (side A actor, side B actor, month) the events, their known
// fatalities, how many have a known toll and the first and last day. Lines marked ?actors keep pairs with one of
// $actors, ?exclude leaves out events being rewritten; [$from, $to] bounds the days.
// params: actors, exclude, from, to
// columns: a, b, month, n, fatalities, known, first, last
MATCH (x:Actor)-[pa:PARTICIPATED_IN]->(e:Event)<-[pb:PARTICIPATED_IN]-(y:Actor)
WHERE pa.side = 'A' AND pb.side = 'B' AND x.id <> y.id AND e.date >= $from AND e.date <= $to
?actors  AND (x.id IN $actors OR y.id IN $actors)
?exclude  AND NOT e.id IN $exclude
RETURN x.id AS a, y.id AS b, left(e.date, 7) AS month, count(e) AS n, sum(e.fatalitiesBest) AS fatalities,
  count(e.fatalitiesBest) AS known, min(e.date) AS first, max(e.date) AS last

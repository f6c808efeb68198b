// One page of the events of some actors (any side) by (date, id), within days [$from, $to], after a key.
// __DIR__ (ASC or DESC) and __AFTER__ (> or <) come from the page order; lines marked ?places only with a places filter.
// params: actors, from, to, afterDate, afterId, places, limit
// columns: id, date, datePrecision, endDate, endDatePrecision, type, placeId, fatalitiesBest, fatalitiesLow, fatalitiesHigh, claimsJson, description, sourcesJson, participants
UNWIND $actors AS actorId
MATCH (a:Actor {id: actorId})-[:PARTICIPATED_IN]->(e:Event)
WHERE e.date >= $from AND e.date <= $to
  AND (e.date __AFTER__ $afterDate OR (e.date = $afterDate AND e.id __AFTER__ $afterId))
?places  AND e.placeId IN $places
WITH DISTINCT e
ORDER BY e.date __DIR__, e.id __DIR__
LIMIT $limit
OPTIONAL MATCH (x:Actor)-[p:PARTICIPATED_IN]->(e)
WITH e, collect({actorId: x.id, side: p.side, role: p.role, attribution: p.attribution}) AS participants
RETURN e.id AS id, e.date AS date, e.datePrecision AS datePrecision, e.endDate AS endDate,
  e.endDatePrecision AS endDatePrecision, e.type AS type, e.placeId AS placeId, e.fatalitiesBest AS fatalitiesBest,
  e.fatalitiesLow AS fatalitiesLow, e.fatalitiesHigh AS fatalitiesHigh, e.claimsJson AS claimsJson,
  e.description AS description, e.sourcesJson AS sourcesJson, participants
ORDER BY date __DIR__, id __DIR__

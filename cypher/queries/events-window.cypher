// Every event within days [$from, $to] one of some actors took part in (any side), whole, with its participations,
// by (date, id): an export's events a window at a time (server/export/slice.ts sizes the windows from the events per
// actor and month it knows). The events are found from the day window (a scan on the embedded store, the Event(date)
// index on Neo4j) and never looked up by id, which costs the embedded store far more an event (0.3 ms against 0.15).
// params: actors, from, to
// columns: id, date, datePrecision, endDate, endDatePrecision, type, placeId, fatalitiesBest, fatalitiesLow, fatalitiesHigh, claimsJson, description, sourcesJson, participants
MATCH (e:Event)
WHERE e.date >= $from AND e.date <= $to
MATCH (y:Actor)-[:PARTICIPATED_IN]->(e)
WHERE y.id IN $actors
WITH DISTINCT e
OPTIONAL MATCH (x:Actor)-[p:PARTICIPATED_IN]->(e)
WITH e, collect({actorId: x.id, side: p.side, role: p.role, attribution: p.attribution}) AS participants
RETURN e.id AS id, e.date AS date, e.datePrecision AS datePrecision, e.endDate AS endDate,
  e.endDatePrecision AS endDatePrecision, e.type AS type, e.placeId AS placeId, e.fatalitiesBest AS fatalitiesBest,
  e.fatalitiesLow AS fatalitiesLow, e.fatalitiesHigh AS fatalitiesHigh, e.claimsJson AS claimsJson,
  e.description AS description, e.sourcesJson AS sourcesJson, participants
ORDER BY date, id

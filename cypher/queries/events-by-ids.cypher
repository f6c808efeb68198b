// The events with these ids (unknown ids are left out), by id, each with its participations.
// params: ids
// columns: id, date, datePrecision, endDate, endDatePrecision, type, placeId, fatalitiesBest, fatalitiesLow, fatalitiesHigh, claimsJson, description, sourcesJson, participants
UNWIND $ids AS i
MATCH (e:Event {id: i})
OPTIONAL MATCH (x:Actor)-[p:PARTICIPATED_IN]->(e)
WITH e, collect({actorId: x.id, side: p.side, role: p.role, attribution: p.attribution}) AS participants
RETURN e.id AS id, e.date AS date, e.datePrecision AS datePrecision, e.endDate AS endDate,
  e.endDatePrecision AS endDatePrecision, e.type AS type, e.placeId AS placeId, e.fatalitiesBest AS fatalitiesBest,
  e.fatalitiesLow AS fatalitiesLow, e.fatalitiesHigh AS fatalitiesHigh, e.claimsJson AS claimsJson,
  e.description AS description, e.sourcesJson AS sourcesJson, participants
ORDER BY id

// Every event, by id; claims and source references travel as JSON text.
// params: (none)
// columns: id, date, datePrecision, endDate, endDatePrecision, type, placeId, fatalitiesBest, fatalitiesLow, fatalitiesHigh, claimsJson, description, sourcesJson
MATCH (e:Event)
RETURN e.id AS id, e.date AS date, e.datePrecision AS datePrecision, e.endDate AS endDate,
  e.endDatePrecision AS endDatePrecision, e.type AS type, e.placeId AS placeId, e.fatalitiesBest AS fatalitiesBest,
  e.fatalitiesLow AS fatalitiesLow, e.fatalitiesHigh AS fatalitiesHigh, e.claimsJson AS claimsJson,
  e.description AS description, e.sourcesJson AS sourcesJson
ORDER BY id

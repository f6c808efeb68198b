// Overwrites the properties of existing events.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (e:Event {id: r.id})
SET e.date = r.date, e.datePrecision = r.datePrecision, e.endDate = r.endDate, e.endDatePrecision = r.endDatePrecision,
  e.type = r.type, e.placeId = r.placeId, e.fatalitiesBest = r.fatalitiesBest, e.fatalitiesLow = r.fatalitiesLow,
  e.fatalitiesHigh = r.fatalitiesHigh, e.claimsJson = r.claimsJson, e.description = r.description,
  e.sourceIds = r.sourceIds, e.sourcesJson = r.sourcesJson

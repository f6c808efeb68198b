// Overwrites the properties of existing events. Embedded variant: the fatalities are cast (see events-create.embedded:
// a field null in every row arrives typed STRING and SET refuses it for an INT64 property).
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (e:Event {id: r.id})
SET e.date = r.date, e.datePrecision = r.datePrecision, e.endDate = r.endDate, e.endDatePrecision = r.endDatePrecision,
  e.type = r.type, e.placeId = r.placeId, e.fatalitiesBest = CAST(r.fatalitiesBest AS INT64),
  e.fatalitiesLow = CAST(r.fatalitiesLow AS INT64), e.fatalitiesHigh = CAST(r.fatalitiesHigh AS INT64),
  e.claimsJson = r.claimsJson, e.description = r.description, e.sourceIds = r.sourceIds, e.sourcesJson = r.sourcesJson

// Stages new events (StagedEvent).
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:StagedEvent {id: r.id, date: r.date, datePrecision: r.datePrecision, endDate: r.endDate,
  endDatePrecision: r.endDatePrecision, type: r.type, placeId: r.placeId, fatalitiesBest: r.fatalitiesBest,
  fatalitiesLow: r.fatalitiesLow, fatalitiesHigh: r.fatalitiesHigh, claimsJson: r.claimsJson,
  description: r.description, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson})

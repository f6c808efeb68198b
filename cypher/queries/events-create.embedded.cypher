// Creates new events. Embedded variant: fatalities cast to INT64, because LadybugDB types a parameter column that is
// null in every row as STRING and will not assign it to an INT64 property.
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:Event {id: r.id, date: r.date, datePrecision: r.datePrecision, endDate: r.endDate,
  endDatePrecision: r.endDatePrecision, type: r.type, placeId: r.placeId, fatalitiesBest: CAST(r.fatalitiesBest AS INT64),
  fatalitiesLow: CAST(r.fatalitiesLow AS INT64), fatalitiesHigh: CAST(r.fatalitiesHigh AS INT64), claimsJson: r.claimsJson,
  description: r.description, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson})

// Creates new events. Embedded variant: the fatalities are cast, because LadybugDB types a parameter field that is
// null in every row as STRING and then refuses it for an INT64 property ("STRUCT_EXTRACT(r,fatalitiesHigh) has data
// type STRING but expected INT64"); seen in the store contract suite, reproduced in isolation. CAST of INT64 is a no-op.
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:Event {id: r.id, date: r.date, datePrecision: r.datePrecision, endDate: r.endDate,
  endDatePrecision: r.endDatePrecision, type: r.type, placeId: r.placeId, fatalitiesBest: CAST(r.fatalitiesBest AS INT64),
  fatalitiesLow: CAST(r.fatalitiesLow AS INT64), fatalitiesHigh: CAST(r.fatalitiesHigh AS INT64), claimsJson: r.claimsJson,
  description: r.description, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson})

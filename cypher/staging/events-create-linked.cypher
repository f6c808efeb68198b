// Stages new events (StagedEvent) with their edges in the same statement: OCCURRED_AT, CITES and PARTICIPATED_IN,
// each far end looked up among the staged nodes or the stored ones as the row says (one index seek per edge; the
// event itself is at hand, not found again by id as separate edge statements must).
// Each row: an event row plus placeStaged, placeStored ([placeId] or []), citesStaged, citesStored ([{sourceId, quote}])
// and byStaged, byStored ([{actorId, side, role, attribution}]).
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (e:StagedEvent {id: r.id, date: r.date, datePrecision: r.datePrecision, endDate: r.endDate,
  endDatePrecision: r.endDatePrecision, type: r.type, placeId: r.placeId, fatalitiesBest: r.fatalitiesBest,
  fatalitiesLow: r.fatalitiesLow, fatalitiesHigh: r.fatalitiesHigh, claimsJson: r.claimsJson,
  description: r.description, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson})
WITH e, r
CALL (e, r) {
  UNWIND r.placeStaged AS placeId
  MATCH (p:StagedPlace {id: placeId})
  CREATE (e)-[:OCCURRED_AT]->(p)
}
CALL (e, r) {
  UNWIND r.placeStored AS placeId
  MATCH (p:Place {id: placeId})
  CREATE (e)-[:OCCURRED_AT]->(p)
}
CALL (e, r) {
  UNWIND r.citesStaged AS c
  MATCH (s:StagedSource {id: c.sourceId})
  CREATE (e)-[:CITES {quote: c.quote}]->(s)
}
CALL (e, r) {
  UNWIND r.citesStored AS c
  MATCH (s:Source {id: c.sourceId})
  CREATE (e)-[:CITES {quote: c.quote}]->(s)
}
CALL (e, r) {
  UNWIND r.byStaged AS x
  MATCH (a:StagedActor {id: x.actorId})
  CREATE (a)-[:PARTICIPATED_IN {side: x.side, role: x.role, attribution: x.attribution}]->(e)
}
CALL (e, r) {
  UNWIND r.byStored AS x
  MATCH (a:Actor {id: x.actorId})
  CREATE (a)-[:PARTICIPATED_IN {side: x.side, role: x.role, attribution: x.attribution}]->(e)
}

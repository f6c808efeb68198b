// Creates relationships of one type (__TYPE__ from RELATIONSHIP_TYPES only); one MATCH per end, never a comma MATCH.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (a:Actor {id: r.from})
MATCH (b:Actor {id: r.to})
CREATE (a)-[:__TYPE__ {id: r.id, since: r.since, sincePrecision: r.sincePrecision, until: r.until,
  untilPrecision: r.untilPrecision, confidence: r.confidence, note: r.note, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson}]->(b)

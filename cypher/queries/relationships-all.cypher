// Every relationship of one type (__TYPE__ is filled from RELATIONSHIP_TYPES only), by id.
// params: (none)
// columns: id, type, from, to, since, sincePrecision, until, untilPrecision, confidence, note, sourcesJson
MATCH (a:Actor)-[r:__TYPE__]->(b:Actor)
RETURN r.id AS id, '__TYPE__' AS type, a.id AS from, b.id AS to, r.since AS since, r.sincePrecision AS sincePrecision,
  r.until AS until, r.untilPrecision AS untilPrecision, r.confidence AS confidence, r.note AS note, r.sourcesJson AS sourcesJson
ORDER BY id

// Every relationship of every curated type (__TYPES__ is filled with RELATIONSHIP_TYPES joined by |), by id.
// Neo4j variant: one statement where the shared file runs once per type: at start-up and in every load, each
// statement is a round trip and, on a freshly started server, a new plan (eight of them took 1 to 3 s there).
// params: (none)
// columns: id, type, from, to, since, sincePrecision, until, untilPrecision, confidence, note, sourcesJson
MATCH (a:Actor)-[r:__TYPES__]->(b:Actor)
RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to, r.since AS since, r.sincePrecision AS sincePrecision,
  r.until AS until, r.untilPrecision AS untilPrecision, r.confidence AS confidence, r.note AS note, r.sourcesJson AS sourcesJson
ORDER BY id

// title: Coalition members at a date
// description: The actors that were part of an umbrella or coalition on a day (PART_OF with since <= date < until).
// param: umbrella string = "jnim" -- the coalition's id
// param: at date = "2018-01-01" -- the as-of day (YYYY-MM-DD)
// columns: member, name, kind, since, until, confidence, relationship
MATCH (m:Actor)-[r:PART_OF]->(u:Actor {id: $umbrella})
WHERE (r.since IS NULL OR r.since <= $at) AND (r.until IS NULL OR r.until > $at)
RETURN m.id AS member, m.name AS name, m.kind AS kind, r.since AS since, r.until AS until, r.confidence AS confidence,
  r.id AS relationship
ORDER BY member

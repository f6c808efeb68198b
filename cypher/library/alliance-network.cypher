// title: Alliance network as of a date
// description: Every alliance that held on the date (since <= date < until, open ends allowed) between actors that existed then.
// param: at date = "2012-03-01" -- the as-of day (YYYY-MM-DD)
// columns: actor, actorName, ally, allyName, since, until, confidence, relationship
MATCH (a:Actor)-[r:ALLIED_WITH]->(b:Actor)
WHERE (r.since IS NULL OR r.since <= $at) AND (r.until IS NULL OR r.until > $at)
  AND (a.founded IS NULL OR a.founded <= $at) AND (a.dissolved IS NULL OR a.dissolved > $at)
  AND (b.founded IS NULL OR b.founded <= $at) AND (b.dissolved IS NULL OR b.dissolved > $at)
RETURN a.id AS actor, a.name AS actorName, b.id AS ally, b.name AS allyName, r.since AS since, r.until AS until,
  r.confidence AS confidence, r.id AS relationship
ORDER BY actor, ally

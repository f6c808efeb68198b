// The keys (date, id) of one page of the events of some actors (any side), within days [$from, $to], after a key;
// the events themselves are then read by id (events-by-ids): sorting keys only, never whole events.
// __DIR__ (ASC or DESC) and __AFTER__ (> or <) come from the page order; lines marked ?places only with a places filter.
// params: actors, from, to, afterDate, afterId, places, limit
// columns: date, id
UNWIND $actors AS actorId
MATCH (a:Actor {id: actorId})-[:PARTICIPATED_IN]->(e:Event)
WHERE e.date >= $from AND e.date <= $to
  AND (e.date __AFTER__ $afterDate OR (e.date = $afterDate AND e.id __AFTER__ $afterId))
?places  AND e.placeId IN $places
RETURN DISTINCT e.date AS date, e.id AS id
ORDER BY date __DIR__, id __DIR__
LIMIT $limit

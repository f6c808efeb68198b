// The keys (date, id) of one page of the events of some actors (any side), within days [$from, $to], after a key;
// the events themselves are then read by id (events-by-ids): sorting keys only, never whole events.
// Neo4j variant: with ?days the day filters may use the Event(date) index (good for a narrow window); with
// ?actorfirst no index serves them and the plan starts from the actor's unique id (good for an actor with few
// events in a wide window, where the date index would read every event of the window). One of the two is set.
// __DIR__ (ASC or DESC) and __AFTER__ (> or <) come from the page order; lines marked ?places only with a places filter.
// params: actors, from, to, afterDate, afterId, places, limit
// columns: date, id
UNWIND $actors AS actorId
MATCH (a:Actor {id: actorId})-[:PARTICIPATED_IN]->(e:Event)
?days WHERE e.date >= $from AND e.date <= $to AND (e.date __AFTER__ $afterDate OR (e.date = $afterDate AND e.id __AFTER__ $afterId))
?actorfirst WHERE e.date + '' >= $from AND e.date + '' <= $to AND (e.date + '' __AFTER__ $afterDate OR (e.date + '' = $afterDate AND e.id __AFTER__ $afterId))
?places  AND e.placeId IN $places
RETURN DISTINCT e.date AS date, e.id AS id
ORDER BY date __DIR__, id __DIR__
LIMIT $limit

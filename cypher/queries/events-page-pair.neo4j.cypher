// The keys (date, id) of one page of the events where two actors were on opposite sides (a clash's events), after a
// key; the events themselves are then read by id (events-by-ids).
// Neo4j variant: with ?days the day filters may use the Event(date) index (good for a narrow window); with
// ?actorfirst no index serves them and the plan starts from the actor's unique id (good for an actor with few
// events in a wide window, where the date index would read every event of the window). One of the two is set.
// __DIR__ (ASC or DESC) and __AFTER__ (> or <) come from the page order; lines marked ?places only with a places filter.
// params: actor, opponent, from, to, afterDate, afterId, places, limit
// columns: date, id
MATCH (a:Actor {id: $actor})-[pa:PARTICIPATED_IN]->(e:Event)
MATCH (b:Actor {id: $opponent})-[pb:PARTICIPATED_IN]->(e)
WHERE pa.side <> pb.side AND pa.side IN ['A', 'B'] AND pb.side IN ['A', 'B']
?days  AND e.date >= $from AND e.date <= $to AND (e.date __AFTER__ $afterDate OR (e.date = $afterDate AND e.id __AFTER__ $afterId))
?actorfirst  AND e.date + '' >= $from AND e.date + '' <= $to AND (e.date + '' __AFTER__ $afterDate OR (e.date + '' = $afterDate AND e.id __AFTER__ $afterId))
?places  AND e.placeId IN $places
RETURN DISTINCT e.date AS date, e.id AS id
ORDER BY date __DIR__, id __DIR__
LIMIT $limit

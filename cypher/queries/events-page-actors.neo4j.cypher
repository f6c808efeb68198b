// The keys (date, id) of one page of the events of some actors (any side), within days [$from, $to], after a key;
// the events themselves are then read by id (events-by-ids): sorting keys only, never whole events.
// Neo4j variant, one of two plans (the caller knows which fits from the events per actor and month it holds):
// ?days walks the Event(date) index in the page's order and keeps each event one of the actors took part in, until
// the page is full: it reads about limit × (events in the window / the actors' events there), so it suits actors
// with many events (the busiest actor's first page of 118,620 events: 1.9k db hits, against 208k for ?actorfirst).
// The keyset is written as a range on date (date __AFTER__= $afterDate) and a filter, so that the index gives the
// order. ?actorfirst starts from the actors' unique ids and reads all their events (no index serves its day filters):
// it suits an actor with few events in a wide window, where ?days would walk most of the window. One of the two is set.
// __DIR__ (ASC or DESC) and __AFTER__ (> or <) come from the page order; lines marked ?places only with a places filter.
// params: actors, from, to, afterDate, afterId, places, limit
// columns: date, id
?days MATCH (e:Event)
?days WHERE e.date >= $from AND e.date <= $to AND e.date __AFTER__= $afterDate AND (e.date __AFTER__ $afterDate OR e.id __AFTER__ $afterId)
?days   AND EXISTS { MATCH (a:Actor)-[:PARTICIPATED_IN]->(e) WHERE a.id IN $actors }
?actorfirst UNWIND $actors AS actorId
?actorfirst MATCH (a:Actor {id: actorId})-[:PARTICIPATED_IN]->(e:Event)
?actorfirst WHERE e.date + '' >= $from AND e.date + '' <= $to AND (e.date + '' __AFTER__ $afterDate OR (e.date + '' = $afterDate AND e.id __AFTER__ $afterId))
?places  AND e.placeId IN $places
RETURN DISTINCT e.date AS date, e.id AS id
ORDER BY date __DIR__, id __DIR__
LIMIT $limit

// The keys (date, id) of one page of the events at some places, within days [$from, $to], after a key: reached from
// each place by its primary key and its OCCURRED_AT edges, not by scanning every event; then read by id.
// __DIR__ (ASC or DESC) and __AFTER__ (> or <) come from the page order.
// params: places, from, to, afterDate, afterId, limit
// columns: date, id
UNWIND $places AS placeId
MATCH (p:Place {id: placeId})<-[:OCCURRED_AT]-(e:Event)
WHERE e.date >= $from AND e.date <= $to
  AND (e.date __AFTER__ $afterDate OR (e.date = $afterDate AND e.id __AFTER__ $afterId))
RETURN DISTINCT e.date AS date, e.id AS id
ORDER BY date __DIR__, id __DIR__
LIMIT $limit

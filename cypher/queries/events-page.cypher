// The keys (date, id) of one page of events within days [$from, $to], after a key (keyset paging; limit is the page
// plus one); the events themselves are then read by id (events-by-ids).
// __DIR__ (ASC or DESC) and __AFTER__ (> or <) come from the page order.
// params: from, to, afterDate, afterId, limit
// columns: date, id
MATCH (e:Event)
WHERE e.date >= $from AND e.date <= $to
  AND (e.date __AFTER__ $afterDate OR (e.date = $afterDate AND e.id __AFTER__ $afterId))
RETURN e.date AS date, e.id AS id
ORDER BY date __DIR__, id __DIR__
LIMIT $limit

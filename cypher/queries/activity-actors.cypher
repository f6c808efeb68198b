// How many events each actor took part in, per month (YYYY-MM): the stored counts (ActivityMonth, kept by every write
// that changes events: activity-months-add), a few rows per actor whatever the number of events.
// params: (none)
// columns: actorId, month, n
MATCH (m:ActivityMonth)
RETURN m.actorId AS actorId, m.month AS month, m.n AS n

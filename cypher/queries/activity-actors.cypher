// How many events each actor took part in, per month (YYYY-MM): the stored counts (ActivityMonth, kept by every write
// that changes events: activity-months-add), a few rows per actor whatever the number of events. One row per actor,
// its months and counts as two lists in the same order (5,707 rows as 130 at 300k events: 40-85 ms as rows through
// neo4j-driver, 16-35 ms as lists).
// params: (none)
// columns: actorId, months, ns
MATCH (m:ActivityMonth)
RETURN m.actorId AS actorId, collect(m.month) AS months, collect(m.n) AS ns

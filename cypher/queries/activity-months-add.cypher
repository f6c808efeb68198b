// Adds signed deltas to the stored events per actor and month (one row per key; key = actorId|month), in the write
// that changes the events; a count that falls to zero goes.
// params: rows
// columns: (none)
UNWIND $rows AS r
MERGE (m:ActivityMonth {key: r.key})
ON CREATE SET m.actorId = r.actorId, m.month = r.month, m.n = r.count
ON MATCH SET m.n = m.n + r.count
WITH m WHERE m.n <= 0
DELETE m

// Adds signed deltas to the stored events per day (one row per day), in the write that changes the events; a count
// that falls to zero goes.
// params: rows
// columns: (none)
UNWIND $rows AS r
MERGE (d:ActivityDay {day: r.day})
ON CREATE SET d.n = r.count
ON MATCH SET d.n = d.n + r.count
WITH d WHERE d.n <= 0
DELETE d

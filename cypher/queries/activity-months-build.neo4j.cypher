// Writes the stored events per actor and month from the events themselves, once (a store from before them).
// Neo4j variant: an actor's months at a time, 50 actors per transaction (CALL {} IN TRANSACTIONS, so an auto-commit
// transaction), since one transaction over every participation of millions of events outgrows
// db.memory.transaction.max. MERGE on the key, so that a build cut off half-way and run again writes each row once;
// the days (activity-days-build) are written after, in one transaction, and mark the build as done.
// params: (none)
// columns: (none)
MATCH (a:Actor)
CALL {
  WITH a
  MATCH (a)-[:PARTICIPATED_IN]->(e:Event)
  WITH a.id AS actorId, left(e.date, 7) AS month, count(DISTINCT e) AS n
  MERGE (m:ActivityMonth {key: actorId + '|' + month})
  SET m.actorId = actorId, m.month = month, m.n = n
} IN TRANSACTIONS OF 50 ROWS

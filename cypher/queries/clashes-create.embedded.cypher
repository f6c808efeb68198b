// Writes derived CLASHED_WITH aggregates (a < b by id). Embedded variant: the fatalities are cast, because LadybugDB
// types a parameter field that is null in every row as STRING (see events-create.embedded); CAST of INT64 is a no-op.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (a:Actor {id: r.a})
MATCH (b:Actor {id: r.b})
CREATE (a)-[:CLASHED_WITH {id: r.id, count: r.count, fatalities: CAST(r.fatalities AS INT64), unknownFatalities: CAST(r.unknownFatalities AS INT64), first: r.first, last: r.last, monthsJson: r.monthsJson}]->(b)

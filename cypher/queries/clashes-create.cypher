// Writes derived CLASHED_WITH aggregates (a < b by id): totals for Cypher users, months (JSON) for the graph at a date.
// Fatalities are null when no event of the pair has a known toll.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (a:Actor {id: r.a})
MATCH (b:Actor {id: r.b})
CREATE (a)-[:CLASHED_WITH {id: r.id, count: r.count, fatalities: r.fatalities, unknownFatalities: r.unknownFatalities, first: r.first, last: r.last, monthsJson: r.monthsJson}]->(b)

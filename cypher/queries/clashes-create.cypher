// Writes the derived CLASHED_WITH edges (a < b by id), aggregated from events.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (a:Actor {id: r.a})
MATCH (b:Actor {id: r.b})
CREATE (a)-[:CLASHED_WITH {id: r.id, count: r.count, fatalities: r.fatalities, first: r.first, last: r.last, eventIds: r.eventIds}]->(b)

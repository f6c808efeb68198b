// Links places to their parents (Kadji LOCATED_IN Gounzereye).
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (p:Place {id: r.id})
MATCH (q:Place {id: r.parentId})
CREATE (p)-[:LOCATED_IN]->(q)

// Links staged places to their parents (__TO__: Place, or StagedPlace).
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (p:StagedPlace {id: r.id})
MATCH (q:__TO__ {id: r.parentId})
CREATE (p)-[:LOCATED_IN]->(q)

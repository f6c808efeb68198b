// Links staged events or actors (__FROM__: StagedEvent or StagedActor) to their sources (__TO__: Source or StagedSource).
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (x:__FROM__ {id: r.id})
MATCH (s:__TO__ {id: r.sourceId})
CREATE (x)-[:CITES {quote: r.quote}]->(s)

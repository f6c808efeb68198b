// Links events or actors (__LABEL__ is Event or Actor) to the sources they cite, with the quote.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (x:__LABEL__ {id: r.id})
MATCH (s:Source {id: r.sourceId})
CREATE (x)-[:CITES {quote: r.quote}]->(s)

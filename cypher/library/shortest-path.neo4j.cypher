// title: Shortest paths between two actors
// description: Every shortest chain of ties (any relationship type, clashes included, either direction) linking two actors, up to six steps.
// param: from string = "mujao" -- first actor's id
// param: to string = "jnim" -- second actor's id
// columns: hops, actors, types, relationships
// engine: Neo4j writes allShortestPaths() and list comprehensions (LadybugDB: -[* ALL SHORTEST 1..k]- and list_transform).
MATCH p = allShortestPaths((a:Actor {id: $from})-[:AFFILIATED_WITH|ALLIED_WITH|RIVAL_OF|SPLINTER_OF|MERGED_INTO|PLEDGED_TO|PART_OF|SUPPORTS|CLASHED_WITH*1..6]-(b:Actor {id: $to}))
WITH p, [r IN relationships(p) | r.id] AS relIds
RETURN length(p) AS hops, [n IN nodes(p) | n.id] AS actors, [r IN relationships(p) | type(r)] AS types,
  relIds AS relationships
ORDER BY reduce(s = '', x IN relIds | s + ',' + x)

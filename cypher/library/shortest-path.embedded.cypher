// title: Shortest paths between two actors
// description: Every shortest chain of ties (any relationship type, clashes included, either direction) linking two actors, up to six steps.
// param: from string = "mujao" -- first actor's id
// param: to string = "jnim" -- second actor's id
// columns: hops, actors, types, relationships
// engine: LadybugDB writes shortest paths as -[* ALL SHORTEST 1..k]- and maps lists with list_transform (Neo4j: allShortestPaths() and list comprehensions).
MATCH p = (a:Actor {id: $from})-[:AFFILIATED_WITH|ALLIED_WITH|RIVAL_OF|SPLINTER_OF|MERGED_INTO|PLEDGED_TO|PART_OF|SUPPORTS|CLASHED_WITH* ALL SHORTEST 1..6]-(b:Actor {id: $to})
RETURN length(p) AS hops, list_transform(nodes(p), n -> n.id) AS actors, list_transform(rels(p), r -> label(r)) AS types,
  list_transform(rels(p), r -> r.id) AS relationships
ORDER BY list_to_string(',', list_transform(rels(p), r -> r.id))

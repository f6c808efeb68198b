// title: Lineage of an actor
// description: Splinters and mergers both ways: the groups an actor split from or merged into, the groups that split from or merged into it, and theirs, up to four steps away.
// param: actor string = "mujao" -- the actor's id
// columns: from, fromName, type, to, toName, since, confidence, relationship
// engine: LadybugDB names a relationship's type with label(r) (Neo4j: type(r)).
MATCH (a:Actor {id: $actor})-[:SPLINTER_OF|MERGED_INTO*0..4]-(b:Actor)
WITH DISTINCT b
MATCH (b)-[r:SPLINTER_OF|MERGED_INTO]->(c:Actor)
RETURN DISTINCT b.id AS from, b.name AS fromName, label(r) AS type, c.id AS to, c.name AS toName, r.since AS since,
  r.confidence AS confidence, r.id AS relationship
ORDER BY since, from, to

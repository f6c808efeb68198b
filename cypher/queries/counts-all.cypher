// How many actors, events, places and sources, curated relationships (every type: __TYPES__ is RELATIONSHIP_TYPES
// joined by |) and derived clashes the store holds, in one statement: fourteen counts were fourteen round trips (on
// a fresh Neo4j driver, a connection each: 140-470 ms at start-up, against 20-50 ms for this one).
// params: (none)
// columns: actors, events, places, sources, relationships, clashes
RETURN COUNT { MATCH (x:Actor) } AS actors, COUNT { MATCH (x:Event) } AS events, COUNT { MATCH (x:Place) } AS places,
  COUNT { MATCH (x:Source) } AS sources, COUNT { MATCH (:Actor)-[r:__TYPES__]->(:Actor) } AS relationships,
  COUNT { MATCH (:Actor)-[r:CLASHED_WITH]->(:Actor) } AS clashes

// Deletes every derived CLASHED_WITH edge; they are recomputed from events on every load.
// params: (none)
// columns: (none)
MATCH (:Actor)-[c:CLASHED_WITH]->(:Actor)
DELETE c

// Deletes the CLASHED_WITH aggregates with these ids (pairs a write re-derives or that no longer clash).
// params: ids
// columns: (none)
MATCH (:Actor)-[c:CLASHED_WITH]->(:Actor)
WHERE c.id IN $ids
DELETE c

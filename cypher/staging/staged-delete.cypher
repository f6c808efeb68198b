// Deletes up to $limit staged nodes (__STAGED__) not yet published (without __LABEL__), with their edges.
// params: limit
// columns: n
MATCH (n:__STAGED__)
WHERE NOT n:__LABEL__
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS n

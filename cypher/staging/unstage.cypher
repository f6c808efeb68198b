// Takes the staging label (__STAGED__) off up to $limit published nodes (those that already carry __LABEL__).
// params: limit
// columns: n
MATCH (n:__STAGED__)
WHERE n:__LABEL__
WITH n LIMIT $limit
REMOVE n:__STAGED__
RETURN count(*) AS n

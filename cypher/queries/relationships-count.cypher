// How many relationships of one type (__TYPE__ from RELATIONSHIP_TYPES or CLASHED_WITH only).
// params: (none)
// columns: n
MATCH (:Actor)-[r:__TYPE__]->(:Actor)
RETURN count(r) AS n

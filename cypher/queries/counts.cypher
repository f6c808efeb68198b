// How many nodes carry one label (__LABEL__ is filled from the closed set of node labels only).
// params: (none)
// columns: n
MATCH (x:__LABEL__)
RETURN count(x) AS n

// How many nodes carry one staging label (__STAGED__), whatever their import run.
// params: (none)
// columns: n
MATCH (n:__STAGED__)
RETURN count(n) AS n

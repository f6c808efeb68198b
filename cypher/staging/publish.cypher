// Publishes the staged nodes of one label: __LABEL__ added (from here on every reader sees them); the staging label
// (__STAGED__) is taken off afterwards, in batches (unstage), as removing it here costs the commit far more memory.
// params: (none)
// columns: n
MATCH (n:__STAGED__)
WHERE NOT n:__LABEL__
SET n:__LABEL__
RETURN count(n) AS n

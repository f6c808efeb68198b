// Removes the CITES edges of the given events or actors (__LABEL__ is Event or Actor) before they are written again.
// params: ids
// columns: (none)
UNWIND $ids AS id
MATCH (x:__LABEL__ {id: id})-[c:CITES]->(:Source)
DELETE c

// Removes the LOCATED_IN edge of the given places before they are linked again.
// params: ids
// columns: (none)
UNWIND $ids AS id
MATCH (p:Place {id: id})-[l:LOCATED_IN]->(:Place)
DELETE l

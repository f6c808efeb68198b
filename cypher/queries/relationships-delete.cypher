// Deletes relationships of one type by id, before a changed relationship is written again.
// params: ids
// columns: (none)
UNWIND $ids AS id
MATCH (:Actor)-[r:__TYPE__ {id: id}]->(:Actor)
DELETE r

// Deletes nodes (__LABEL__ is Event, Place, Source or Actor) and their edges: what an import wrote ahead and then did not
// keep (its write was abandoned, or its final change set does not create them as they were written).
// params: ids
// columns: (none)
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
DETACH DELETE n

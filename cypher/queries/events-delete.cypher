// Deletes the given events and their edges: events an import wrote ahead that its final change set does not create
// as written (a row skipped or rejected later, a field changed after it was sent).
// params: ids
// columns: (none)
UNWIND $ids AS id
MATCH (e:Event {id: id})
DETACH DELETE e

// Of these event ids, those the store holds: an index seek each, nothing else read (an import asks about each event
// of its file; most are new).
// params: ids
// columns: id
UNWIND $ids AS i
MATCH (e:Event {id: i})
RETURN e.id AS id
ORDER BY id

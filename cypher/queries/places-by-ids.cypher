// The places with these ids (unknown ids are left out), by id, with their parent ids.
// params: ids
// columns: id, name, kind, lat, lon, parentId, country
UNWIND $ids AS i
MATCH (p:Place {id: i})
RETURN p.id AS id, p.name AS name, p.kind AS kind, p.lat AS lat, p.lon AS lon, p.parentId AS parentId, p.country AS country
ORDER BY id

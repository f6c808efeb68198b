// Every place, by id, with its parent id.
// params: (none)
// columns: id, name, kind, lat, lon, parentId, country
MATCH (p:Place)
RETURN p.id AS id, p.name AS name, p.kind AS kind, p.lat AS lat, p.lon AS lon, p.parentId AS parentId, p.country AS country
ORDER BY id

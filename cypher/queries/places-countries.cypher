// The country places (kind country with an ISO3 code; a few hundred at most), by id, with their parent ids.
// params: (none)
// columns: id, name, kind, lat, lon, parentId, country
MATCH (p:Place)
WHERE p.kind = 'country' AND p.country IS NOT NULL
RETURN p.id AS id, p.name AS name, p.kind AS kind, p.lat AS lat, p.lon AS lon, p.parentId AS parentId, p.country AS country
ORDER BY id

// Overwrites the properties of existing places.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (p:Place {id: r.id})
SET p.name = r.name, p.kind = r.kind, p.lat = r.lat, p.lon = r.lon, p.parentId = r.parentId, p.country = r.country

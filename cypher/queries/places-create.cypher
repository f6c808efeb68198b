// Creates new places.
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:Place {id: r.id, name: r.name, kind: r.kind, lat: r.lat, lon: r.lon, parentId: r.parentId, country: r.country})

// Stages new places (StagedPlace).
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:StagedPlace {id: r.id, name: r.name, kind: r.kind, lat: r.lat, lon: r.lon, parentId: r.parentId,
  country: r.country})

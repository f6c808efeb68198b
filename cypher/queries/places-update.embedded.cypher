// Overwrites the properties of existing places. Embedded variant: coordinates cast from text (see places-create).
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (p:Place {id: r.id})
SET p.name = r.name, p.kind = r.kind, p.lat = CAST(r.lat AS DOUBLE), p.lon = CAST(r.lon AS DOUBLE),
  p.parentId = r.parentId, p.country = r.country

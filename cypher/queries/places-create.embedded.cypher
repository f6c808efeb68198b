// Creates new places. Embedded variant: coordinates arrive as text and are cast here, because LadybugDB types a
// parameter list from its values and rejects a list mixing 2 (INT64) and 2.5 (DOUBLE).
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:Place {id: r.id, name: r.name, kind: r.kind, lat: CAST(r.lat AS DOUBLE), lon: CAST(r.lon AS DOUBLE),
  parentId: r.parentId, country: r.country})

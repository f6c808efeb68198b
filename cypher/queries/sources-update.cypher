// Overwrites the properties of existing sources.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (s:Source {id: r.id})
SET s.title = r.title, s.publisher = r.publisher, s.url = r.url, s.published = r.published,
  s.publishedPrecision = r.publishedPrecision, s.language = r.language, s.kind = r.kind, s.licence = r.licence

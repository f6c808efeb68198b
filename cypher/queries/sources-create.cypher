// Creates new sources (the loader has checked that none of the ids exists).
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:Source {id: r.id, title: r.title, publisher: r.publisher, url: r.url, published: r.published,
  publishedPrecision: r.publishedPrecision, language: r.language, kind: r.kind, licence: r.licence})

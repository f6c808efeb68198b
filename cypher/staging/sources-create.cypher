// Stages new sources (StagedSource, invisible to every query that names Source).
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:StagedSource {id: r.id, title: r.title, publisher: r.publisher, url: r.url, published: r.published,
  publishedPrecision: r.publishedPrecision, language: r.language, kind: r.kind, licence: r.licence})

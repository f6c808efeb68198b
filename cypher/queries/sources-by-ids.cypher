// The sources with these ids (unknown ids are left out), by id.
// params: ids
// columns: id, title, publisher, url, published, publishedPrecision, language, kind, licence
UNWIND $ids AS i
MATCH (s:Source {id: i})
RETURN s.id AS id, s.title AS title, s.publisher AS publisher, s.url AS url, s.published AS published,
  s.publishedPrecision AS publishedPrecision, s.language AS language, s.kind AS kind, s.licence AS licence
ORDER BY id

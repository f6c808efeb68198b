// One page of sources by id, after a given id ('' for the first page); one row more than the page tells if more follow.
// params: after, limit
// columns: id, title, publisher, url, published, publishedPrecision, language, kind, licence
MATCH (s:Source)
WHERE s.id > $after
RETURN s.id AS id, s.title AS title, s.publisher AS publisher, s.url AS url, s.published AS published,
  s.publishedPrecision AS publishedPrecision, s.language AS language, s.kind AS kind, s.licence AS licence
ORDER BY id
LIMIT $limit

// Every actor, by id; aliases, external ids and source references travel as JSON text.
// params: (none)
// columns: id, name, kind, family, founded, foundedPrecision, dissolved, dissolvedPrecision, countries, description, aliasesJson, externalIdsJson, sourcesJson, provisional
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.family AS family, a.founded AS founded,
  a.foundedPrecision AS foundedPrecision, a.dissolved AS dissolved, a.dissolvedPrecision AS dissolvedPrecision,
  a.countries AS countries, a.description AS description, a.aliasesJson AS aliasesJson,
  a.externalIdsJson AS externalIdsJson, a.sourcesJson AS sourcesJson, a.provisional AS provisional
ORDER BY id

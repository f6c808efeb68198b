// Overwrites the properties of existing actors.
// params: rows
// columns: (none)
UNWIND $rows AS r
MATCH (a:Actor {id: r.id})
SET a.name = r.name, a.kind = r.kind, a.family = r.family, a.founded = r.founded, a.foundedPrecision = r.foundedPrecision,
  a.dissolved = r.dissolved, a.dissolvedPrecision = r.dissolvedPrecision, a.countries = r.countries,
  a.description = r.description, a.aliasNames = r.aliasNames, a.aliasesJson = r.aliasesJson,
  a.externalIdsJson = r.externalIdsJson, a.sourceIds = r.sourceIds, a.sourcesJson = r.sourcesJson,
  a.provisional = r.provisional

// Stages new actors (StagedActor).
// params: rows
// columns: (none)
UNWIND $rows AS r
CREATE (:StagedActor {id: r.id, name: r.name, kind: r.kind, family: r.family, founded: r.founded,
  foundedPrecision: r.foundedPrecision, dissolved: r.dissolved, dissolvedPrecision: r.dissolvedPrecision,
  countries: r.countries, description: r.description, aliasNames: r.aliasNames, aliasesJson: r.aliasesJson,
  externalIdsJson: r.externalIdsJson, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson, provisional: r.provisional})

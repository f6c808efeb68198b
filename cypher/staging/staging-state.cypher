// How many nodes carry any staging label, and whether the lock node is there (count store lookups: no scan). Init
// clears stale staging, and creates the lock, only when one of them says so.
// params: (none)
// columns: staged, lock
RETURN COUNT { (:StagedSource) } + COUNT { (:StagedPlace) } + COUNT { (:StagedActor) } + COUNT { (:StagedEvent) } AS staged,
  COUNT { (:StagingLock {id: 'staging'}) } AS lock

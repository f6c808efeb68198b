// The one staging lock node (created once; the unique constraint keeps concurrent MERGEs to one node).
// params: (none)
// columns: (none)
MERGE (:StagingLock {id: 'staging'})

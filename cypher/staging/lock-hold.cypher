// Write-locks the staging lock node until the transaction ends: held by a staged write for as long as it lives, tried
// (with a short timeout) by the clean-up. A second staged write waits here until the first ends.
// params: (none)
// columns: n
MATCH (l:StagingLock {id: 'staging'})
SET l.heldAt = timestamp()
RETURN count(l) AS n

// Neo4j staging schema (server/store/neo4j/bulk.ts): staged nodes found by id, and the one staging lock node.
// Idempotent: every statement is IF NOT EXISTS. No uniqueness on staged ids: the real labels' constraints check at publish.
// Staged events are never looked up by id (each is written with its edges, events-create-linked): no index to keep up.
DROP INDEX staged_event_id IF EXISTS;
CREATE INDEX staged_place_id IF NOT EXISTS FOR (n:StagedPlace) ON (n.id);
CREATE INDEX staged_source_id IF NOT EXISTS FOR (n:StagedSource) ON (n.id);
CREATE INDEX staged_actor_id IF NOT EXISTS FOR (n:StagedActor) ON (n.id);
CREATE CONSTRAINT staging_lock_id IF NOT EXISTS FOR (l:StagingLock) REQUIRE l.id IS UNIQUE;

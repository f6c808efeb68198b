// Neo4j 5 schema. Idempotent: every statement is IF NOT EXISTS. Same labels, types and properties as the embedded schema.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (p:Place) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE INDEX actor_alias_names IF NOT EXISTS FOR (a:Actor) ON (a.aliasNames);
CREATE INDEX event_date IF NOT EXISTS FOR (e:Event) ON (e.date);
// Relationship ids, one index per type (Neo4j indexes relationship properties by type): deleting or relinking a tie
// finds it by id without scanning every tie of its type.
CREATE INDEX rel_affiliated_with_id IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.id);
CREATE INDEX rel_allied_with_id IF NOT EXISTS FOR ()-[r:ALLIED_WITH]-() ON (r.id);
CREATE INDEX rel_rival_of_id IF NOT EXISTS FOR ()-[r:RIVAL_OF]-() ON (r.id);
CREATE INDEX rel_splinter_of_id IF NOT EXISTS FOR ()-[r:SPLINTER_OF]-() ON (r.id);
CREATE INDEX rel_merged_into_id IF NOT EXISTS FOR ()-[r:MERGED_INTO]-() ON (r.id);
CREATE INDEX rel_pledged_to_id IF NOT EXISTS FOR ()-[r:PLEDGED_TO]-() ON (r.id);
CREATE INDEX rel_part_of_id IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.id);
CREATE INDEX rel_supports_id IF NOT EXISTS FOR ()-[r:SUPPORTS]-() ON (r.id);
CREATE INDEX rel_clashed_with_id IF NOT EXISTS FOR ()-[r:CLASHED_WITH]-() ON (r.id);
// Derived event counts (see the embedded schema): the keys their upserts MERGE on.
CREATE CONSTRAINT activity_month_key IF NOT EXISTS FOR (m:ActivityMonth) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT activity_day IF NOT EXISTS FOR (d:ActivityDay) REQUIRE d.day IS UNIQUE;

// Neo4j 5 schema. Idempotent: every statement is IF NOT EXISTS. Same labels, types and properties as the embedded schema.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (p:Place) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE INDEX actor_alias_names IF NOT EXISTS FOR (a:Actor) ON (a.aliasNames);
CREATE INDEX event_date IF NOT EXISTS FOR (e:Event) ON (e.date);

// The schema DDL a Neo4j store sends at init (server/store/neo4j/schema.ts): only what would change the schema.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STAGING_DIR } from "../../../server/store/neo4j/bulk.js";
import { pendingSchema } from "../../../server/store/neo4j/schema.js";
import { loadSchema } from "../../../server/store/query-book.js";

const DDL = [...loadSchema("neo4j"), ...loadSchema("neo4j", path.join(STAGING_DIR, "schema"))];
const nameOf = (statement: string) => /(?:CONSTRAINT|INDEX) (\w+) IF/.exec(statement)![1];

describe("pending Neo4j schema statements", () => {
  it("names every statement of the schema files (none would be sent every time)", () => {
    for (const statement of DDL) expect(statement).toMatch(/^(CREATE|DROP) (CONSTRAINT|INDEX) \w+ IF (NOT )?EXISTS\b/);
  });

  it("sends every CREATE and no DROP to an empty database", () => {
    const pending = pendingSchema(DDL, new Set());
    expect(pending).toEqual(DDL.filter((s) => s.startsWith("CREATE")));
    expect(pending.length).toBeGreaterThan(10);
  });

  it("sends nothing when every created name is there and no dropped one is", () => {
    const names = new Set(DDL.filter((s) => s.startsWith("CREATE")).map(nameOf));
    expect(pendingSchema(DDL, names)).toEqual([]);
  });

  it("sends the CREATE of a missing name and the DROP of a present one", () => {
    const names = new Set(DDL.filter((s) => s.startsWith("CREATE")).map(nameOf));
    names.delete("event_date");
    names.add("staged_event_id");
    expect(pendingSchema(DDL, names).map(nameOf)).toEqual(["event_date", "staged_event_id"]);
  });

  it("keeps a statement of another form", () => {
    const other = "CREATE INDEX FOR (n:X) ON (n.y)";
    expect(pendingSchema([other], new Set(["X"]))).toEqual([other]);
  });
});

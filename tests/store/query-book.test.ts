import { describe, expect, it } from "vitest";
import { RELATIONSHIP_TYPES } from "../../server/domain/index.js";
import {
  ENGINES,
  QUERY_NAMES,
  createQueryBook,
  loadQueryFiles,
  loadSchema,
  paramsUsed,
} from "../../server/store/query-book.js";

describe("query book", () => {
  const files = loadQueryFiles();

  it("has a file for every query name and no file without a name", () => {
    const names = new Set(files.map((f) => f.name));
    expect([...names].sort()).toEqual([...QUERY_NAMES].sort());
  });

  it.each(files.map((f) => [f.file, f] as const))("%s declares exactly the parameters it uses", (_file, f) => {
    expect(paramsUsed(f.text)).toEqual([...f.params].sort());
    expect(f.description.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.file, f] as const))("%s aliases every returned column it declares", (_file, f) => {
    for (const c of f.columns) expect(f.text).toContain(` AS ${c}`);
  });

  it.each([...ENGINES])("builds for %s and picks the engine override", (engine) => {
    const book = createQueryBook(engine);
    const text = book.text("places-create");
    expect(text.includes("CAST(r.lat AS DOUBLE)")).toBe(engine === "embedded");
  });

  it("fills relationship types only from the closed set", () => {
    const book = createQueryBook("embedded");
    expect(book.text("relationships-create", { type: "SPLINTER_OF" })).toContain("[:SPLINTER_OF {");
    expect(() => book.text("relationships-create", { type: "X]->() DETACH DELETE (a" })).toThrow(/closed set/);
  });

  it("reads every relationship type in one Neo4j statement and one type per embedded statement", () => {
    const neo4j = createQueryBook("neo4j");
    expect(neo4j.perType("relationships-all")).toBe(false);
    expect(neo4j.text("relationships-all")).toContain(`[r:${RELATIONSHIP_TYPES.join("|")}]`);
    const embedded = createQueryBook("embedded");
    expect(embedded.perType("relationships-all")).toBe(true);
    expect(embedded.text("relationships-all", { type: "PART_OF" })).toContain("[r:PART_OF]");
  });

  it("never uses a comma MATCH (LadybugDB plans a cross product)", () => {
    for (const f of files) expect(f.text).not.toMatch(/MATCH\s*\([^)]*\)\s*,\s*\(/);
  });

  it.each([...ENGINES])("has idempotent %s schema statements", (engine) => {
    for (const s of loadSchema(engine)) expect(s).toMatch(/IF NOT EXISTS/);
  });
});

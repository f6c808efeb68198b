// The workbench service's parts: the embedded CALL allow-list, dialect hints and error positions, the concurrency gate,
// and the browser-side pure logic (history, parameter fields, explorer link, problem view).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToHistory,
  cellText,
  explorerHref,
  HISTORY_MAX,
  paramFields,
  parseHistory,
  toParamValue,
  toProblemView,
  usedParams,
  type HistoryEntry,
} from "../../client/src/core/cypher/index.js";
import { decodeViewState } from "../../client/src/core/url-state/index.js";
import { ReadOnlyViolationError, StoreUnavailableError } from "../../server/domain/index.js";
import { createCypherService } from "../../server/services/cypher.js";
import { dialectHints, errorPosition, positionAt } from "../../server/services/cypher-dialect.js";
import { assertEmbeddedCalls } from "../../server/store/embedded/call-guard.js";
import type { Store } from "../../server/store/port.js";
import { calledProcedures, explainForm, unshiftPosition } from "../../server/store/neo4j/read-guard.js";
import { createSeededStore, SEED_ACTORS } from "../helpers/server.js";
import { TEST_STORE } from "../helpers/store.js";

describe("embedded CALL allow-list", () => {
  it("lets catalog functions through, in any case and with any spacing", () => {
    expect(() => assertEmbeddedCalls("CALL show_tables() RETURN *")).not.toThrow();
    expect(() => assertEmbeddedCalls("call TABLE_INFO ( 'Actor' ) RETURN name")).not.toThrow();
    expect(() => assertEmbeddedCalls("MATCH (a) WHERE a.call = 'read_csv(' RETURN a")).not.toThrow();
    expect(() => assertEmbeddedCalls("// CALL read_csv('x')\nRETURN 1")).not.toThrow();
  });

  it("refuses file readers (which crash the engine's prepare), options, quoted names and unknown functions", () => {
    for (const q of [
      "CALL read_csv_serial('/etc/passwd') RETURN *",
      "CALL READ_PARQUET('/x') RETURN *",
      "CALL `read_npy`('/x') RETURN *",
      "MATCH (a:Actor) CALL read_csv_parallel('/x') RETURN *",
      "CALL threads = 1",
      "CALL project_graph('g', ['Actor'], [])",
      "CALL clear_warnings()",
      "CALL show_tables",
    ]) {
      expect(() => assertEmbeddedCalls(q), q).toThrow(ReadOnlyViolationError);
    }
  });

  it("leaves CALL { } subqueries to the parser (which refuses them with a rewrite hint)", () => {
    expect(() => assertEmbeddedCalls("MATCH (a) CALL { RETURN 1 AS one } RETURN a")).not.toThrow();
  });
});

describe("Neo4j read guard", () => {
  it("names the procedures a statement CALLs, through backticks, spacing and case, not in literals or subqueries", () => {
    expect(calledProcedures("call `dbms`.`listConfig`() YIELD name RETURN name")).toEqual(["dbms.listConfig"]);
    expect(calledProcedures("MATCH (a) CALL db . labels YIELD label CALL dbms.components() RETURN *")).toEqual(["db.labels", "dbms.components"]);
    expect(calledProcedures("RETURN 'CALL dbms.listConfig()' AS s // CALL dbms.listConfig()")).toEqual([]);
    expect(calledProcedures("MATCH (a) CALL (a) { RETURN 1 AS x } CALL { RETURN 2 AS y } RETURN a.call AS call")).toEqual([]);
  });

  it("plans a PROFILE, EXPLAIN or CYPHER-prefixed statement without running it", () => {
    expect(explainForm("RETURN 1")).toEqual({ text: "EXPLAIN RETURN 1", shift: 8 });
    expect(explainForm("/* c */ profile LOAD CSV FROM 'x' AS r RETURN r")).toEqual({ text: "/* c */ EXPLAIN LOAD CSV FROM 'x' AS r RETURN r", shift: 0 });
    expect(explainForm("CYPHER runtime=slotted PROFILE RETURN 1")).toEqual({ text: "CYPHER runtime=slotted EXPLAIN RETURN 1", shift: 0 });
    expect(explainForm("explain RETURN 1")).toEqual({ text: "explain RETURN 1", shift: 0 });
    expect(explainForm("CYPHER 5 RETURN 1")).toEqual({ text: "EXPLAIN CYPHER 5 RETURN 1", shift: 8 });
  });

  it("moves the server's error position from the planned text back onto the analyst's query", () => {
    const planned = `Unknown function 'label' (line 1, column 26 (offset: 25))\n"EXPLAIN MATCH (a) RETURN label(a)"\n${" ".repeat(26)}^`;
    expect(unshiftPosition("MATCH (a) RETURN label(a)", planned, 8)).toEqual({
      message: `Unknown function 'label' (line 1, column 18 (offset: 17))\n"MATCH (a) RETURN label(a)"\n${" ".repeat(18)}^`,
      position: { line: 1, column: 18, offset: 17 },
    });
    expect(unshiftPosition("MATCH (a)\nRETRN a", "Invalid input 'RETRN' (line 2, column 1 (offset: 18))", 8).position).toEqual({
      line: 2,
      column: 1,
      offset: 10,
    });
  });
});

describe("dialect hints and error positions", () => {
  it("reads LadybugDB's (line, 0-based offset) and Neo4j's (line, column, offset) positions", () => {
    const q = "MATCH (a:Actor)\nRETRN a";
    expect(errorPosition(q, "Parser exception: Invalid input <RETRN>: expected rule oC_SingleQuery (line: 2, offset: 0)")).toEqual({
      line: 2,
      column: 1,
      offset: 16,
    });
    expect(errorPosition(q, "Invalid input 'RETRN': expected … (line 2, column 1 (offset: 16))")).toEqual({ line: 2, column: 1, offset: 16 });
    expect(errorPosition(q, "Binder exception: Table Actr does not exist.")).toBeUndefined();
    expect(positionAt("ab\ncd", 4)).toEqual({ line: 2, column: 2, offset: 4 });
  });

  it("names the embedded rewrite of each common Neo4j construct, ignoring string literals and comments", () => {
    const hints = (q: string) => dialectHints("embedded", q).map((h) => h.message);
    expect(hints("RETURN type(r)")[0]).toMatch(/label\(r\)/);
    expect(hints("MATCH p = shortestPath((a)-[*]-(b)) RETURN p")[0]).toMatch(/SHORTEST/);
    expect(hints("RETURN [x IN xs | x.id] AS ids")[0]).toMatch(/list_transform/);
    expect(hints("RETURN [x IN xs WHERE x > 1] AS ids")[0]).toMatch(/list_filter/);
    expect(hints("RETURN size((a)--()) AS d")[0]).toMatch(/COUNT \{ MATCH/);
    expect(hints("CALL db.labels()")[0]).toMatch(/show_tables/);
    expect(hints("RETURN 'type(r)' AS s // shortestPath(")).toEqual([]);
    expect(hints("RETURN [1, 2, 3] AS xs")).toEqual([]);
  });

  it("points the other way on Neo4j", () => {
    expect(dialectHints("neo4j", "RETURN label(r)")[0].message).toMatch(/type\(r\)/);
    expect(dialectHints("neo4j", "MATCH p = (a)-[* SHORTEST 1..3]-(b) RETURN p")[0].message).toMatch(/shortestPath/);
    expect(dialectHints("neo4j", "RETURN size((a)--()) AS d")[0].message).toMatch(/COUNT \{ \(a\)--\(\) \}/);
  });

  it("answers CALL db.* with the catalog-function rewrite", () => {
    expect(() => assertEmbeddedCalls("CALL db.labels()")).toThrow(/db\.\* procedures are Neo4j's: .*show_tables\(\)/);
  });

  it("keeps, as warnings for a query that ran, only the silent differences", () => {
    expect(dialectHints("embedded", "MATCH (a) RETURN id(a) AS i", { silentOnly: true })[0].message).toMatch(/use the stable id property/);
    const silent = dialectHints("embedded", "MATCH (a) RETURN type(r), size((a)--()) AS d", { silentOnly: true });
    expect(silent.map((h) => h.construct)).toEqual(["size(("]);
  });
});

describe("workbench concurrency gate", () => {
  let store: Store;
  beforeAll(async () => {
    store = await createSeededStore();
  });
  afterAll(() => store.close());

  it("answers 'busy' while the allowed number of queries run, and runs again once they end", async () => {
    const cypher = createCypherService({ store, config: { CYPHER_TIMEOUT_MS: 1_000, CYPHER_MAX_ROWS: 100 }, maxConcurrent: 1 });
    const runaway = cypher.run({ query: "MATCH (a:Actor)-[*1..12]-(b:Actor) RETURN count(*) AS n" }).catch((e: Error) => e);
    await expect(cypher.run({ query: "RETURN 1 AS x" })).rejects.toThrow(StoreUnavailableError);
    expect(await runaway).toMatchObject({ code: "query_timeout" });
    const again = () => cypher.run({ query: "RETURN 1 AS x" }).then((r) => r.rows, (e: { code: string }) => e.code);
    if (TEST_STORE === "embedded") expect(await again()).toEqual([{ x: 1 }]);
    // Neo4j stops a query at the first check of its transaction monitor after the timeout (every 2 s), which can be
    // after the workbench answered 408 (timeout + 1 s): the slot is free once the server has let go.
    else await expect.poll(again, { timeout: 5_000, interval: 100 }).toEqual([{ x: 1 }]);
  });

  // Work each engine does without checking its timeout: LadybugDB builds range() (600k items take seconds on these
  // machines); Neo4j evaluates one expression (a reduce over 150M items: 3 to 4 s) past its timeout and past a terminate.
  const PAST_TIMEOUT = {
    // Building the list ignores the timeout: 600k took 1.15 s on a quiet machine, inside the 408's deadline (timeout
    // + 1 s), so the test failed whenever the machine was idle; 1.2M takes about 2.3 s (and about 1 GB, briefly).
    embedded: "UNWIND range(1, 1200000) AS x RETURN sum(x) AS s",
    neo4j: "RETURN reduce(s = 0, x IN range(1, 150000000) | s + x) AS s",
  }[TEST_STORE];

  it("answers query_timeout on time while the engine works on past its timeout, and keeps the slot till then", async () => {
    const cypher = createCypherService({
      store,
      config: { CYPHER_TIMEOUT_MS: TEST_STORE === "embedded" ? 100 : 300, CYPHER_MAX_ROWS: 100 },
      maxConcurrent: 1,
    });
    const started = Date.now();
    const err = await cypher.run({ query: PAST_TIMEOUT }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: "query_timeout" });
    expect(Date.now() - started).toBeLessThan(2_500);
    await expect(cypher.run({ query: "RETURN 1 AS x" })).rejects.toThrow(StoreUnavailableError);
    // The store itself still answers while the workbench slot is held (not a speed claim: it answers at all).
    await store.ping();
    await expect
      .poll(() => cypher.run({ query: "RETURN 1 AS x" }).then((r) => r.rows, (e: { code: string }) => e.code), { timeout: 30_000, interval: 250 })
      .toEqual([{ x: 1 }]);
  }, 60_000);

  it("checks the engine's CALL list before taking a slot or reaching the engine", async () => {
    const cypher = createCypherService({ store, config: { CYPHER_TIMEOUT_MS: 1_000, CYPHER_MAX_ROWS: 100 } });
    const refused = { embedded: "CALL read_csv_serial('/etc/hostname') RETURN *", neo4j: "CALL dbms.listConfig()" }[TEST_STORE];
    await expect(cypher.run({ query: refused })).rejects.toThrow(ReadOnlyViolationError);
    expect((await cypher.run({ query: "MATCH (a:Actor) RETURN count(a) AS n" })).rows).toEqual([{ n: SEED_ACTORS }]);
  });
});

describe("workbench page logic", () => {
  const entry = (query: string, at = "2026-01-01T00:00:00Z"): HistoryEntry => ({ query, params: {}, at, ok: true, rows: 1 });

  it("keeps history newest first, each query and parameters once, at most HISTORY_MAX", () => {
    let h: HistoryEntry[] = [];
    h = addToHistory(h, entry("RETURN 1"));
    h = addToHistory(h, entry("RETURN 2"));
    h = addToHistory(h, entry("RETURN 1 ", "2026-01-02T00:00:00Z"));
    expect(h.map((e) => e.query)).toEqual(["RETURN 1 ", "RETURN 2"]);
    for (let i = 0; i < 50; i++) h = addToHistory(h, entry(`RETURN ${i + 10}`));
    expect(h).toHaveLength(HISTORY_MAX);
  });

  it("drops malformed stored history instead of throwing", () => {
    expect(parseHistory(null)).toEqual([]);
    expect(parseHistory("{not json")).toEqual([]);
    expect(parseHistory(JSON.stringify({ a: 1 }))).toEqual([]);
    expect(parseHistory(JSON.stringify([entry("RETURN 1"), { query: 3 }, null, { ...entry("x"), params: [] }]))).toEqual([entry("RETURN 1")]);
  });

  it("derives parameter fields from the query, typed by the saved query's header", () => {
    expect(usedParams("MATCH (a {id: $id}) WHERE a.x = '$not' AND a.y > $min // $nope\nRETURN $id")).toEqual(["id", "min"]);
    const declared = [{ name: "at", type: "date" as const, default: "2018-01-01", description: "" }];
    expect(paramFields("RETURN $at, $who", declared, { who: "x" })).toEqual([
      { spec: declared[0], value: "2018-01-01" },
      { spec: { name: "who", type: "string", default: null, description: "" }, value: "x" },
    ]);
  });

  it("converts form text: declared types as declared, undeclared as JSON when it is JSON", () => {
    const spec = (type: "int" | "string" | "boolean") => ({ name: "p", type, default: null, description: "" });
    expect(toParamValue(spec("int"), "3", true)).toBe(3);
    expect(toParamValue(spec("string"), "3", true)).toBe("3");
    expect(toParamValue(spec("boolean"), "true", true)).toBe(true);
    expect(toParamValue(spec("string"), "3", false)).toBe(3);
    expect(toParamValue(spec("string"), '["a","b"]', false)).toEqual(["a", "b"]);
    expect(toParamValue(spec("string"), "mujao", false)).toBe("mujao");
  });

  it("links to the explorer focused on the graph's actors, in the explorer's own URL format", () => {
    const href = explorerHref(["mujao", "aqim", "mujao"]);
    expect(href).toBe("/?at=all&focus=aqim,mujao");
    expect(decodeViewState(href.slice(2)).focus).toEqual(["aqim", "mujao"]);
    expect(decodeViewState(href.slice(2), "2022-11-21").at).toBeNull();
  });

  it("shows nodes by label and id, lists as JSON, and a problem with its position and hints", () => {
    expect(cellText({ kind: "node", label: "Actor", properties: { id: "mujao" } })).toBe("(:Actor) mujao");
    expect(cellText({ kind: "relationship", type: "SPLINTER_OF", properties: { id: "r1" } })).toBe("[:SPLINTER_OF] r1");
    expect(cellText(["a", 1])).toBe('["a",1]');
    expect(cellText(null)).toBe("");
    const p = toProblemView(422, { title: "T", code: "invalid_input", detail: "D", position: { line: 1, column: 2, offset: 1 }, hints: [] });
    expect(p).toEqual({ title: "T (invalid_input)", message: "D", position: { line: 1, column: 2, offset: 1 }, hints: [] });
    expect(toProblemView(500, null).message).toBe("HTTP 500");
  });
});

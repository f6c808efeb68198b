// POST /api/cypher and the saved-query routes on a seeded store of the run's kind: results as plain JSON with a graph,
// limits (row cap, timeouts, a responsive server during a runaway query), parameters as parameters, every write
// refused; on Neo4j, the bounds the server enforces itself (READ mode, timeout, memory) and the EXPLAIN plan checks.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSeededApp, SEED_ACTORS, SEED_EVENTS, SEED_FATALITIES, startTestServer } from "../helpers/server.js";
import { neo4jUri, TEST_STORE } from "../helpers/store.js";

type App = Awaited<ReturnType<typeof createSeededApp>>;
const DIALECT = { embedded: "LadybugDB Cypher", neo4j: "Neo4j 5 Cypher" }[TEST_STORE];
const onNeo4j = TEST_STORE === "neo4j";
const post = (app: App["app"], body: unknown) =>
  request(app)
    .post("/api/cypher")
    .send(body as object);

describe("POST /api/cypher: results", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp();
  });
  afterAll(() => t.close());

  it("refuses an empty query and unknown body fields as validation_failed", async () => {
    expect((await post(t.app, { query: "" })).body.code).toBe("validation_failed");
    expect((await post(t.app, { query: "RETURN 1 AS x", limit: 3 })).body.code).toBe("validation_failed");
    expect((await post(t.app, { query: "RETURN 1 AS x", params: { "bad name": 1 } })).body.code).toBe(
      "validation_failed",
    );
  });

  it("answers columns, plain rows, the engine, its dialect, the limits and the time taken", async () => {
    const res = await post(t.app, {
      query: "MATCH (a:Actor) WHERE a.id IN ['aqim', 'mujao'] RETURN a.id AS id, a.founded AS founded ORDER BY id",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      columns: ["id", "founded"],
      rows: [
        // Stored dates come back at the precision the data gives them (2007, October 2011).
        { id: "aqim", founded: "2007" },
        { id: "mujao", founded: "2011-10" },
      ],
      truncated: false,
      engine: TEST_STORE,
      dialect: DIALECT,
      limits: { timeoutMs: 5000, maxRows: 1000 },
      warnings: [],
    });
    expect(res.body.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("returns nodes and relationships as plain objects, without the engine's internal ids", async () => {
    const res = await post(t.app, { query: "MATCH (a:Actor {id: 'mujao'})-[r:SPLINTER_OF]->(b:Actor) RETURN a, r" });
    const { a, r } = res.body.rows[0];
    expect(a).toMatchObject({ kind: "node", label: "Actor", properties: { id: "mujao", kind: "jihadist_group" } });
    expect(r).toMatchObject({
      kind: "relationship",
      type: "SPLINTER_OF",
      properties: { id: "mujao-splinter_of-aqim", since: "2011-01-01" },
    });
    expect(JSON.stringify(res.body.rows)).not.toMatch(/"_id"|"_src"|"_dst"|"offset"/);
  });

  it("turns sums (BigInt in the engine) into JSON numbers", async () => {
    const res = await post(t.app, { query: "MATCH (e:Event) RETURN sum(e.fatalitiesBest) AS total, count(e) AS n" });
    expect(res.body.rows[0]).toEqual({ total: SEED_FATALITIES, n: SEED_EVENTS });
  });

  it("builds the graph of the relationships a result returns, in the /api/graph format", async () => {
    const res = await post(t.app, {
      query: "MATCH (a:Actor {id: 'mujao'})-[r:SPLINTER_OF|MERGED_INTO]->(b:Actor) RETURN r",
    });
    const g = res.body.graph;
    expect(g.options).toEqual({ type: "mixed", multi: true, allowSelfLoops: false });
    expect(g.nodes.map((n: { key: string }) => n.key)).toEqual(["al-mourabitoun", "aqim", "mujao"]);
    expect(g.edges.map((e: { key: string }) => e.key)).toEqual([
      "mujao-merged_into-al-mourabitoun",
      "mujao-splinter_of-aqim",
    ]);
    expect(g.attributes).toMatchObject({ query: "cypher", induced: false });
    const whole = (await request(t.app).get("/api/graph")).body;
    const mujao = whole.nodes.find((n: { key: string }) => n.key === "mujao");
    expect(g.nodes.find((n: { key: string }) => n.key === "mujao")).toEqual(mujao);
    expect(g.edges[1]).toEqual(whole.edges.find((e: { key: string }) => e.key === "mujao-splinter_of-aqim"));
  });

  it("builds a graph from actor ids in columns, with the ties among them (induced)", async () => {
    const res = await post(t.app, {
      query: "MATCH (m:Actor)-[:PART_OF]->(:Actor {id: 'jnim'}) RETURN m.id AS id ORDER BY id",
    });
    const g = res.body.graph;
    const ids = res.body.rows.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining(["al-mourabitoun", "ansar-dine", "katiba-macina"]));
    expect(g.nodes.map((n: { key: string }) => n.key)).toEqual(ids);
    expect(g.attributes.induced).toBe(true);
    expect(g.edges.map((e: { key: string }) => e.key)).toContain("katiba-macina-splinter_of-ansar-dine");
  });

  it("builds clash edges from clash keys and paths from path values", async () => {
    const clash = await post(t.app, {
      query:
        "MATCH (a:Actor)-[c:CLASHED_WITH]->(b:Actor) WHERE a.id = 'al-mourabitoun' AND b.id = 'fama' RETURN c.id AS clash",
    });
    expect(clash.body.graph.edges).toEqual([
      expect.objectContaining({ key: "clash:al-mourabitoun:fama", undirected: true }),
    ]);
    const p = await post(t.app, {
      query: "MATCH p = (a:Actor {id: 'msa'})-[:SPLINTER_OF]->(b:Actor {id: 'mnla'}) RETURN p",
    });
    expect(p.body.rows[0].p.kind).toBe("path");
    expect(p.body.graph.edges.map((e: { key: string }) => e.key)).toEqual(["msa-splinter_of-mnla"]);
  });

  it("leaves the graph out when a result mentions no actor", async () => {
    const res = await post(t.app, { query: "MATCH (e:Event) RETURN e.id AS id, e.type AS type ORDER BY id" });
    expect(res.body.rows).toHaveLength(SEED_EVENTS);
    expect(res.body.graph).toBeUndefined();
  });
});

describe("POST /api/cypher: parameters are passed as parameters", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp();
  });
  afterAll(() => t.close());

  it("refuses a parameter nested deeper than the cap, naming it, at once and without blocking other requests", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 22; i++) deep = [deep];
    const res = await post(t.app, { query: "RETURN $x AS x", params: { x: deep } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.issues[0].path).toContain("params.x");
    expect(res.body.issues[0].message).toMatch(/nests 22 levels deep; at most 8/);
    let ok: unknown = 1;
    for (let i = 0; i < 7; i++) ok = [ok];
    expect((await post(t.app, { query: "RETURN size($x) AS n", params: { x: ok } })).body.rows).toEqual([{ n: 1 }]);
  });

  it("refuses parameters holding more values than the cap", async () => {
    const res = await post(t.app, {
      query: "RETURN size($x) AS n",
      params: { x: Array.from({ length: 100_001 }, () => 0) },
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].message).toMatch(/at most 100000/);
  });

  it("binds strings, lists and numbers", async () => {
    const one = await post(t.app, {
      query: "MATCH (a:Actor {id: $id}) RETURN a.name AS name",
      params: { id: "mujao" },
    });
    expect(one.body.rows).toEqual([{ name: "Movement for Oneness and Jihad in West Africa" }]);
    const list = await post(t.app, {
      query: "UNWIND $ids AS x MATCH (a:Actor {id: x}) RETURN a.id AS id ORDER BY id LIMIT $n",
      params: { ids: ["mujao", "aqim", "jnim"], n: 2 },
    });
    expect(list.body.rows).toEqual([{ id: "aqim" }, { id: "jnim" }]);
  });

  it("never splices a value into the query text: quotes in a value stay data", async () => {
    const evil = "mujao' OR a.id <> '";
    const res = await post(t.app, {
      query: "MATCH (a:Actor) WHERE a.id = $id RETURN a.id AS id",
      params: { id: evil },
    });
    expect(res.body.rows).toEqual([]);
    const echo = await post(t.app, { query: "RETURN $t AS t", params: { t: "x'}) MATCH (n) DETACH DELETE n //" } });
    expect(echo.body.rows).toEqual([{ t: "x'}) MATCH (n) DETACH DELETE n //" }]);
    expect((await request(t.app).get("/api/health")).body.counts.actors).toBe(SEED_ACTORS);
  });

  it("names a parameter the query needs but the request lacks", async () => {
    const res = await post(t.app, { query: "MATCH (a:Actor {id: $id}) RETURN a.id AS id" });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("invalid_input");
    expect(res.body.detail).toMatch(/id/);
  });
});

describe("POST /api/cypher: row cap", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp({ CYPHER_MAX_ROWS: "5" });
  });
  afterAll(() => t.close());

  it("returns at most the configured rows and says the result was truncated", async () => {
    const res = await post(t.app, { query: "UNWIND range(1, 20) AS x RETURN x" });
    expect(res.body.rows.map((r: { x: number }) => r.x)).toEqual([1, 2, 3, 4, 5]);
    expect(res.body.truncated).toBe(true);
  });

  it("is not truncated when the result has exactly the cap", async () => {
    const res = await post(t.app, { query: "UNWIND range(1, 5) AS x RETURN x" });
    expect(res.body).toMatchObject({ truncated: false, limits: { maxRows: 5 } });
    expect(res.body.rows).toHaveLength(5);
  });

  it("lets a request ask for fewer rows, never more", async () => {
    const fewer = await post(t.app, { query: "UNWIND range(1, 20) AS x RETURN x", maxRows: 2 });
    expect(fewer.body).toMatchObject({ truncated: true, limits: { maxRows: 2 } });
    expect(fewer.body.rows).toHaveLength(2);
    const more = await post(t.app, { query: "UNWIND range(1, 20) AS x RETURN x", maxRows: 500 });
    expect(more.body.rows).toHaveLength(5);
    expect(more.body.limits.maxRows).toBe(5);
  });
});

describe("POST /api/cypher: nesting that crashes or stalls a parser", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp();
  });
  afterAll(() => t.close());

  it("refuses lists, maps and parentheses nested past the cap before any engine parses them, and keeps answering", async () => {
    const n = 1_000;
    // [query, characters per level]: the position names the 65th opening, after "RETURN ".
    for (const [query, step] of [
      [`RETURN ${"[".repeat(n)}1${"]".repeat(n)} AS x`, 1],
      [`RETURN ${"{a: ".repeat(n)}1${"}".repeat(n)} AS x`, 4],
      [`RETURN ${"(".repeat(2 * n)}1${")".repeat(2 * n)} AS x`, 1],
    ] as const) {
      const res = await post(t.app, { query });
      expect(res.status, query.slice(0, 20)).toBe(422);
      expect(res.body.code).toBe("invalid_input");
      expect(res.body.detail).toMatch(/more than 64 levels/);
      expect(res.body.position).toMatchObject({ line: 1, column: 8 + 64 * step });
    }
    expect((await request(t.app).get("/api/health")).status).toBe(200);
  });

  it("accepts nesting within the cap, and brackets inside strings and comments do not count", async () => {
    const ok = await post(t.app, { query: `RETURN ${"[".repeat(20)}1${"]".repeat(20)} AS x // ${"[".repeat(500)}` });
    expect(ok.status).toBe(200);
    const quoted = await post(t.app, { query: `RETURN '${"[".repeat(500)}' AS s` });
    expect(quoted.body.rows[0].s).toHaveLength(500);
  });
});

describe("POST /api/cypher: byte cap", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp({ CYPHER_MAX_BYTES: "20000" });
  });
  afterAll(() => t.close());

  it("sends the rows that fit in the byte cap and says that the byte cap cut it", async () => {
    // 100 rows of about 1 KB: about 19 fit in 20,000 bytes.
    const res = await post(t.app, {
      query: "UNWIND range(1, 100) AS x RETURN x, $pad AS pad",
      params: { pad: "p".repeat(1000) },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ truncated: true, truncatedBy: "bytes", limits: { maxBytes: 20000 } });
    expect(res.body.rows.length).toBeGreaterThan(10);
    expect(res.body.rows.length).toBeLessThan(20);
    expect(res.body.rows.map((r: { x: number }) => r.x)).toEqual(
      Array.from({ length: res.body.rows.length }, (_, i) => i + 1),
    );
    expect(Buffer.byteLength(JSON.stringify(res.body.rows))).toBeLessThanOrEqual(20000);
  });

  it("is not cut when the rows fit, and says the row cap when that is what cut it", async () => {
    const small = await post(t.app, { query: "UNWIND range(1, 100) AS x RETURN x" });
    expect(small.body).toMatchObject({ truncated: false });
    expect(small.body.truncatedBy).toBeUndefined();
    const capped = await post(t.app, { query: "UNWIND range(1, 100) AS x RETURN x", maxRows: 3 });
    expect(capped.body).toMatchObject({ truncated: true, truncatedBy: "rows" });
  });
});

describe("POST /api/cypher: timeouts", () => {
  const RUNAWAY = "MATCH (a:Actor)-[*1..12]-(b:Actor) RETURN count(*) AS n";
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ CYPHER_TIMEOUT_MS: "1500" });
  });
  afterAll(() => server.close());

  const run = (body: unknown) =>
    fetch(`${server.url}/api/cypher`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("stops a runaway variable-length query with query_timeout (408) while the server keeps answering others", async () => {
    const started = Date.now();
    let settled = false;
    const runaway = run({ query: RUNAWAY }).then(async (r) => {
      settled = true;
      return { status: r.status, body: await r.json(), ms: Date.now() - started };
    });
    await new Promise((r) => setTimeout(r, 300));
    const health = await fetch(`${server.url}/api/health`);
    const graph = await fetch(`${server.url}/api/graph?at=2018`);
    expect(health.status).toBe(200);
    expect(graph.status).toBe(200);
    expect(settled).toBe(false); // the runaway was still running while /api/health answered
    const out = await runaway;
    expect(out.status).toBe(408);
    expect(out.body.code).toBe("query_timeout");
    expect(out.body.detail).toMatch(/1500 ms/);
    expect(out.ms).toBeGreaterThanOrEqual(1400);
    expect(out.ms).toBeLessThan(6000);
  });

  it("lets a request ask for a shorter timeout, never a longer one", async () => {
    const started = Date.now();
    const short = await run({ query: RUNAWAY, timeoutMs: 300 });
    expect(short.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(1400);
    const long = await run({ query: "RETURN 1 AS x", timeoutMs: 60_000 });
    expect((await long.json()).limits.timeoutMs).toBe(1500);
  });

  it("answers normally on the same server after a timeout", async () => {
    const res = await run({ query: "MATCH (a:Actor) RETURN count(a) AS n" });
    expect(await res.json()).toMatchObject({ rows: [{ n: SEED_ACTORS }] });
  });
});

describe("POST /api/cypher: every write is refused and the store is unchanged", () => {
  let t: App;
  let dir: string;
  beforeAll(async () => {
    t = await createSeededApp();
    dir = mkdtempSync(path.join(os.tmpdir(), "faultlines-cypher-"));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Write attempts in the Cypher both engines read. */
  const COMMON_WRITES = [
    "CREATE (a:Actor {id: 'x'}) RETURN a.id",
    "create (a:Actor {id: 'x'})",
    "/* a comment first */ CREATE (a:Actor {id: 'x'})",
    "MERGE (a:Actor {id: 'mujao'}) ON MATCH SET a.name = 'X'",
    "MATCH (a:Actor {id: 'mujao'}) SET a.name = 'X' RETURN a.name",
    "MATCH (a:Actor {id: 'mujao'}) DELETE a",
    "MATCH (a:Actor {id: 'mujao'}) DETACH DELETE a",
    "MATCH (a:Actor) WITH a LIMIT 1 CREATE (b:Actor {id: 'y'}) RETURN b.id",
    "UNWIND [1] AS x MERGE (a:Actor {id: 'z'}) RETURN a.id",
    "MATCH (a:Actor {id: 'mujao'}), (b:Actor {id: 'jnim'}) CREATE (a)-[:ALLIED_WITH {id: 'fake'}]->(b)",
    "EXPLAIN CREATE (a:Actor {id: 'e'})",
    "PROFILE MATCH (a:Actor {id: 'mujao'}) SET a.name = 'P'",
  ];
  /** LadybugDB's DDL, file access, extensions, options, transaction control and more than one statement. */
  const EMBEDDED_WRITES = () => [
    "CREATE NODE TABLE Foo(id STRING PRIMARY KEY)",
    "CREATE REL TABLE Bar(FROM Actor TO Actor)",
    "DROP TABLE CITES",
    "ALTER TABLE Actor ADD foo STRING",
    "ALTER TABLE Actor RENAME TO Armed",
    "CREATE MACRO m(x) AS x + 1",
    "CREATE SEQUENCE s",
    `COPY Actor FROM '${dir}/actors.csv'`,
    `COPY (MATCH (a:Actor) RETURN a.id) TO '${dir}/out.csv'`,
    `EXPORT DATABASE '${dir}/export'`,
    `IMPORT DATABASE '${dir}/export'`,
    "LOAD FROM '/etc/hostname' RETURN *",
    "MATCH (a:Actor) WITH a LOAD FROM '/etc/hostname' RETURN *",
    "LOAD WITH HEADERS (a STRING) FROM '/etc/hostname' RETURN *",
    "CALL read_csv_serial('/etc/hostname') RETURN *",
    "CALL READ_PARQUET('/etc/hostname') RETURN *",
    "CALL `read_csv_parallel`('/etc/hostname') RETURN *",
    "INSTALL json",
    "LOAD EXTENSION json",
    "UNINSTALL json",
    "CALL clear_warnings()",
    "CALL project_graph('g', ['Actor'], ['ALLIED_WITH'])",
    "CALL threads = 1",
    "CALL timeout = 0",
    "BEGIN TRANSACTION",
    "COMMIT",
    "CHECKPOINT",
    `ATTACH '${dir}/other.lbug' AS other (dbtype lbug)`,
    "USE other",
    "DETACH other",
    "RETURN 1 AS x; MATCH (a) DETACH DELETE a",
    "MATCH (a:Actor) RETURN count(a) AS n; CREATE (b:Actor {id: 'q'})",
  ];
  /** Neo4j's own writes, schema commands, write procedures and LOAD CSV (which a READ transaction does not stop). */
  const NEO4J_WRITES = () => [
    "MATCH (a:Actor {id: 'mujao'}) REMOVE a.name",
    "MATCH (a:Actor {id: 'mujao'}) SET a += {name: 'X'}",
    "FOREACH (x IN [1] | CREATE (:Actor {id: 'f'}))",
    "MATCH (a:Actor {id: 'mujao'}) CALL (a) { SET a.name = 'S' }",
    "CALL { CREATE (:Actor {id: 'c'}) } IN TRANSACTIONS",
    "CYPHER runtime=slotted CREATE (:Actor {id: 'q'})",
    "CREATE INDEX foo IF NOT EXISTS FOR (n:Foo) ON (n.x)",
    "CREATE CONSTRAINT foo_id IF NOT EXISTS FOR (n:Foo) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT actor_id",
    "DROP INDEX event_date",
    "CREATE USER eve SET PASSWORD 'secret-pass-1'",
    "CALL db.createLabel('Foo')",
    "CALL db.createProperty('foo')",
    "CALL db.clearQueryCaches()",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "CALL db.stats.collect('QUERIES')",
    `LOAD CSV FROM 'file://${dir}/actors.csv' AS r CREATE (:Actor {id: r[0]})`,
    "LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r",
  ];
  const WRITES = () => [...COMMON_WRITES, ...(onNeo4j ? NEO4J_WRITES() : EMBEDDED_WRITES())];

  it("refuses each write attempt with a read_only problem before it runs", async () => {
    const before = (await request(t.app).get("/api/health")).body.counts;
    const refusals: string[] = [];
    for (const query of WRITES()) {
      const res = await post(t.app, { query });
      expect(res.headers["content-type"], query).toMatch(/application\/problem\+json/);
      expect([res.status, res.body.code], query).toEqual([422, "read_only"]);
      expect(res.body.detail, query).toMatch(/read-only|only CALLs/);
      refusals.push(query);
    }
    expect(refusals).toHaveLength(WRITES().length);
    const after = (await request(t.app).get("/api/health")).body.counts;
    expect(after).toEqual(before);
    const check = await post(t.app, {
      query: "MATCH (a:Actor) WHERE a.id IN ['mujao', 'x', 'y', 'z', 'e', 'q'] RETURN a.id AS id, a.name AS name",
    });
    expect(check.body.rows).toEqual([{ id: "mujao", name: "Movement for Oneness and Jihad in West Africa" }]);
    if (onNeo4j) {
      const labels = await post(t.app, { query: "CALL db.labels() YIELD label RETURN label ORDER BY label" });
      expect(labels.body.rows.map((r: { label: string }) => r.label)).toContain("Actor");
      expect(labels.body.rows.map((r: { label: string }) => r.label)).not.toContain("Foo");
      const names: string[] = [];
      for (const query of ["SHOW CONSTRAINTS YIELD name RETURN name", "SHOW INDEXES YIELD name RETURN name"])
        names.push(...(await post(t.app, { query })).body.rows.map((r: { name: string }) => r.name));
      expect(names).toEqual(expect.arrayContaining(["actor_id", "event_date"]));
      expect(names).not.toContain("foo");
      expect(names).not.toContain("foo_id");
    } else {
      const tables = await post(t.app, { query: "CALL show_tables() RETURN name ORDER BY name" });
      expect(tables.body.rows.map((r: { name: string }) => r.name)).not.toContain("Foo");
      expect(tables.body.rows.map((r: { name: string }) => r.name)).toContain("CITES");
    }
    expect(existsSync(path.join(dir, "out.csv"))).toBe(false);
    expect(existsSync(path.join(dir, "export"))).toBe(false);
    expect(existsSync(path.join(dir, "other.lbug"))).toBe(false);
  });

  it("refuses more than one statement, and nothing of it runs", async () => {
    for (const query of [
      "RETURN 1 AS x; MATCH (a) DETACH DELETE a",
      "MATCH (a) RETURN count(a) AS n; CREATE (b:Actor {id: 'q'})",
    ]) {
      const res = await post(t.app, { query });
      // LadybugDB would run them one after the other: the workbench refuses them; Neo4j's parser refuses them itself.
      expect([res.status, res.body.code], query).toEqual([422, onNeo4j ? "invalid_input" : "read_only"]);
      expect(res.body.detail, query).toMatch(onNeo4j ? /one statement/ : /more than one statement/);
    }
    expect((await request(t.app).get("/api/health")).body.counts.actors).toBe(SEED_ACTORS);
  });

  it("still runs the catalog functions an analyst needs, and a trailing ';'", async () => {
    // LadybugDB's catalog functions; on Neo4j the catalog procedures and listings (server/store/neo4j/read-guard.ts).
    const catalog = onNeo4j
      ? [
          "CALL db.labels() YIELD label RETURN label ORDER BY label LIMIT 3",
          "call `db`.`relationshipTypes`() yield relationshipType return relationshipType",
          "CALL db.propertyKeys()",
          "CALL db.schema.visualization()",
          "CALL db.schema.nodeTypeProperties()",
          "SHOW INDEXES YIELD name, labelsOrTypes RETURN name, labelsOrTypes ORDER BY name",
          "SHOW CONSTRAINTS",
          "SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'db.' RETURN name",
          "SHOW FUNCTIONS",
        ]
      : ["CALL table_info('Actor') RETURN name ORDER BY name LIMIT 3"];
    for (const query of catalog) expect((await post(t.app, { query })).status, query).toBe(200);
    expect((await post(t.app, { query: "RETURN 1 AS x;" })).body.rows).toEqual([{ x: 1 }]);
    expect(
      (await post(t.app, { query: "MATCH (a:Actor) WHERE a.name CONTAINS 'CREATE' RETURN a.id AS id" })).status,
    ).toBe(200);
  });
});

describe("POST /api/cypher: errors say what the engine said, where, and how to rewrite Neo4j habits", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp();
  });
  afterAll(() => t.close());

  it("gives a syntax error's line and column", async () => {
    const res = await post(t.app, { query: "MATCH (a:Actor)\nRETRN a" });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: "invalid_input",
      engine: TEST_STORE,
      position: { line: 2, column: 1, offset: 16 },
    });
    expect(res.body.detail).toMatch(
      onNeo4j
        ? /^Neo4j 5 Cypher says: Invalid input 'RETRN'.*\(line 2, column 1 \(offset: 16\)\)\n"RETRN a"\n \^/s
        : /^LadybugDB Cypher says: Parser exception/,
    );
  });

  it("gives the position in the analyst's query on the first line too (not in the one the server planned)", async () => {
    const res = await post(t.app, { query: "MATCH (a:Actor) RETRN a" });
    expect(res.body).toMatchObject({ code: "invalid_input", position: { line: 1, column: 17, offset: 16 } });
  });

  // Each engine's habits that fail on the other, and the rewrite the problem names.
  const REWRITES = {
    embedded: {
      typeFn: {
        query: "MATCH (a:Actor)-[r]->(b:Actor) RETURN type(r) AS t",
        construct: "type(",
        offset: 38,
        rewrite: /label\(r\)/,
      },
      shortest: "MATCH p = shortestPath((a:Actor {id: 'mujao'})-[*..4]-(b:Actor {id: 'jnim'})) RETURN p",
      shortestRewrite: /\* SHORTEST 1\.\.6/,
      list: "MATCH (a:Actor {id: 'mujao'}) RETURN [c IN a.countries | lower(c)] AS c",
      listRewrite: /list_transform/,
    },
    neo4j: {
      typeFn: {
        query: "MATCH (a:Actor)-[r]->(b:Actor) RETURN label(r) AS t",
        construct: "label(",
        offset: 38,
        rewrite: /type\(r\)/,
      },
      shortest: "MATCH p = (a:Actor {id: 'mujao'})-[* SHORTEST 1..6]-(b:Actor {id: 'jnim'}) RETURN p",
      shortestRewrite: /shortestPath\(/,
      list: "MATCH (a:Actor {id: 'mujao'}) RETURN list_transform(a.countries, c -> lower(c)) AS c",
      listRewrite: /\[x IN xs \| expr\]/,
    },
  }[TEST_STORE];

  it(`suggests ${onNeo4j ? "type(r) for label(r)" : "label(r) for type(r)"}`, async () => {
    const { query, construct, offset, rewrite } = REWRITES.typeFn;
    const res = await post(t.app, { query });
    expect(res.body.detail).toMatch(rewrite);
    expect(res.body.hints).toEqual([
      expect.objectContaining({ construct, position: { line: 1, column: offset + 1, offset } }),
    ]);
  });

  it(`suggests ${onNeo4j ? "shortestPath() for SHORTEST and a list comprehension for list_transform" : "SHORTEST for shortestPath() and list_transform for a list comprehension"}`, async () => {
    const sp = await post(t.app, { query: REWRITES.shortest });
    expect(sp.status).toBe(422);
    expect(sp.body.detail).toMatch(REWRITES.shortestRewrite);
    const lc = await post(t.app, { query: REWRITES.list });
    expect(lc.status).toBe(422);
    expect(lc.body.detail).toMatch(REWRITES.listRewrite);
  });

  // LadybugDB runs size((a)--()) and counts something else (a silent difference); Neo4j 5 refuses it.
  it(`${onNeo4j ? "refuses" : "warns, on a query that ran,"} that size((a)--()) means something else here`, async () => {
    const res = await post(t.app, { query: "MATCH (a:Actor {id: 'mujao'}) RETURN size((a)--()) AS degree" });
    if (onNeo4j) {
      expect([res.status, res.body.code]).toEqual([422, "invalid_input"]);
      expect(res.body.hints).toEqual([expect.objectContaining({ construct: "size((" })]);
      expect(res.body.detail).toMatch(/COUNT \{ \(a\)--\(\) \}/);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([expect.objectContaining({ construct: "size((" })]);
    expect(res.body.warnings[0].message).toMatch(/COUNT \{ MATCH/);
  });

  it("documents the route in the OpenAPI document", async () => {
    const doc = (await request(t.app).get("/api/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/cypher", "/api/cypher/library", "/api/cypher/library/{name}"]),
    );
  });
});

describe("saved queries over HTTP", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp();
  });
  afterAll(() => t.close());

  it("lists the library with parameters, the text for this engine and the dialect", async () => {
    const res = await request(t.app).get("/api/cypher/library");
    expect(res.body.engine).toBe(TEST_STORE);
    expect(res.body.dialect.name).toBe(DIALECT);
    const lineage = res.body.items.find((i: { name: string }) => i.name === "actor-lineage");
    expect(lineage).toMatchObject({
      title: "Lineage of an actor",
      params: [{ name: "actor", type: "string", default: "mujao" }],
      file: `cypher/library/actor-lineage.${TEST_STORE}.cypher`,
      engines: ["embedded", "neo4j"],
    });
    expect(lineage.query).toContain(onNeo4j ? "type(r)" : "label(r)");
    expect(res.body.items.length).toBeGreaterThanOrEqual(7);
  });

  it("runs one by name with checked parameters", async () => {
    const res = await request(t.app)
      .post("/api/cypher/library/coalition-members")
      .send({ params: { umbrella: "cma", at: "2015-01-01" } });
    const members = res.body.rows.map((r: { member: string }) => r.member);
    expect(members).toEqual(expect.arrayContaining(["hcua", "maa-cma", "mnla"]));
    expect(members).not.toContain("msa"); // split from the CMA in 2016 and never part of it
    expect(res.body.graph.nodes.map((n: { key: string }) => n.key)).toEqual(["cma", ...members].sort());
    const bad = await request(t.app)
      .post("/api/cypher/library/coalition-members")
      .send({ params: { at: "2015" } });
    expect([bad.status, bad.body.code]).toEqual([422, "invalid_input"]);
    expect((await request(t.app).post("/api/cypher/library/nope").send({})).status).toBe(404);
  });
});

describe.runIf(onNeo4j)("POST /api/cypher on Neo4j: bounded by the server itself", () => {
  const RUNAWAY = "MATCH (a:Actor)-[*1..12]-(b:Actor) RETURN count(*) AS n";
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp({ CYPHER_TIMEOUT_MS: "20000" });
  });
  afterAll(() => t.close());

  /** The transactions the server is running now (a direct connection: the workbench refuses SHOW TRANSACTIONS). */
  async function serverQueries(): Promise<string[]> {
    const driver = neo4j.driver(neo4jUri(), neo4j.auth.basic("neo4j", ""));
    try {
      const { records } = await driver.executeQuery("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery");
      return records.map((r) => r.get("currentQuery") as string);
    } finally {
      await driver.close();
    }
  }

  it("has the server stop a runaway at its transaction timeout, not only the client giving up", async () => {
    const started = Date.now();
    const err = await t.store.runReadOnly(RUNAWAY, {}, { timeoutMs: 500, maxRows: 10 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "query_timeout" });
    // The server's own error, not the store's deadline: Neo4j checks timeouts every 2 s (its monitor interval).
    expect((err as Error).cause).toMatchObject({ code: expect.stringMatching(/TransactionTimedOut/) });
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(await serverQueries()).not.toContain(RUNAWAY);
    const res = await post(t.app, { query: RUNAWAY, timeoutMs: 500 });
    expect([res.status, res.body.code]).toEqual([408, "query_timeout"]);
  });

  it("refuses a query that outgrows the server's memory limit for one transaction, and answers the next one", async () => {
    // The test servers run with db.memory.transaction.max=512m (server/neo4j-local): 6M lists of 8 do not fit.
    const res = await post(t.app, {
      query: "UNWIND range(1, 6000000) AS x RETURN size(collect([x, x, x, x, x, x, x, x])) AS n",
    });
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect([res.status, res.body.code]).toEqual([422, "query_memory_limit"]);
    expect(res.body.detail).toMatch(/512\.0 MiB/);
    expect((await post(t.app, { query: "MATCH (a:Actor) RETURN count(a) AS n" })).body.rows).toEqual([
      { n: SEED_ACTORS },
    ]);
    expect((await request(t.app).get("/api/health")).status).toBe(200);
  });

  it("streams no more than the row cap from a huge result", async () => {
    const started = Date.now();
    const res = await post(t.app, { query: "UNWIND range(1, 100000000) AS x RETURN x", maxRows: 5 });
    expect(res.body).toMatchObject({ truncated: true, rows: [{ x: 1 }, { x: 2 }, { x: 3 }, { x: 4 }, { x: 5 }] });
    // A hundred million rows would take minutes: the server produced a batch and stopped.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  const LOAD_CSV = [
    "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS r RETURN r",
    "PROFILE LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS r RETURN r",
    "EXPLAIN LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS r RETURN r",
    "CYPHER runtime=slotted LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r",
    "CYPHER runtime=slotted PROFILE LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r",
    "profile load csv from 'file:///etc/hostname' as r return r",
    "/* a note */ // another\n  PROFILE\n LOAD   CSV WITH HEADERS FROM 'file:///etc/hostname' AS r RETURN r",
    "MATCH (a:Actor) WITH a LIMIT 1 LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r",
    "CALL { LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r } RETURN r",
    "LOAD CSV FROM $url AS r RETURN r",
  ];
  const SERVER_STATE = [
    "CALL dbms.listConfig()",
    "CALL dbms.components()",
    "CALL `dbms`.`listConfig`() YIELD name RETURN name",
    "call  dbms . listConfig ( ) yield value return value",
    "MATCH (a:Actor) WITH a LIMIT 1 CALL dbms.listConfig() YIELD name RETURN name",
    "CALL dbms.listConnections()",
    "CALL dbms.killConnections(['bolt-1'])",
    "CALL tx.setMetaData({a: 1})",
    "CALL db.stats.clear('QUERIES')",
    "CALL db.resampleOutdatedIndexes()",
    "SHOW SETTINGS",
    "SHOW TRANSACTIONS",
    "show transactions yield transactionId return transactionId",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW DATABASES",
    "SHOW USERS",
  ];

  it("refuses every LOAD CSV and every server-state command or procedure as read_only, whatever the prefix", async () => {
    for (const query of [...LOAD_CSV, ...SERVER_STATE]) {
      const res = await post(t.app, { query, params: { url: "file:///etc/hostname" } });
      expect(res.headers["content-type"], query).toMatch(/application\/problem\+json/);
      expect([res.status, res.body.code], query).toEqual([422, "read_only"]);
      expect(res.body.detail, query).toMatch(/read-only|only CALLs/);
    }
  });

  it("refuses them in the store itself, not only in the workbench service", async () => {
    for (const query of [...LOAD_CSV, ...SERVER_STATE]) {
      const err = await t.store
        .runReadOnly(query, { url: "file:///etc/hostname" }, { timeoutMs: 5_000, maxRows: 10 })
        .catch((e: unknown) => e);
      expect(err, query).toMatchObject({ code: "read_only" });
    }
  });

  type Guard = typeof import("../../server/store/neo4j/read-guard.js");
  /** A seeded app on a fresh module graph whose read guard has the named checks replaced by no-ops. */
  function appWithout(checks: (keyof Guard)[]): () => App {
    let bare: App;
    beforeAll(async () => {
      vi.resetModules();
      vi.doMock("../../server/store/neo4j/read-guard.js", async (importOriginal) => ({
        ...(await importOriginal<Guard>()),
        ...Object.fromEntries(checks.map((name) => [name, () => undefined])),
      }));
      bare = await (await import("../helpers/server.js")).createSeededApp();
    });
    afterAll(async () => {
      await bare?.close();
      vi.doUnmock("../../server/store/neo4j/read-guard.js");
      vi.resetModules();
    });
    return () => bare;
  }

  describe("with the query-text checks switched off", () => {
    const bare = appWithout(["assertNeo4jStatement"]);

    it("still refuses each of them from the EXPLAIN plan alone", async () => {
      for (const query of [...LOAD_CSV, ...SERVER_STATE]) {
        const res = await post(bare().app, { query, params: { url: "file:///etc/hostname" } });
        expect([res.status, res.body.code], query).toEqual([422, "read_only"]);
      }
    });
  });

  describe("with every check of the workbench switched off", () => {
    const bare = appWithout(["assertNeo4jStatement", "assertReadOnlyPlan"]);

    it("has the server's READ access mode refuse a write", async () => {
      for (const query of ["CREATE (a:Actor {id: 'x'}) RETURN a.id", "CALL db.createLabel('Foo')"]) {
        const res = await post(bare().app, { query });
        expect([res.status, res.body.code], query).toEqual([422, "read_only"]);
      }
      const check = await post(bare().app, { query: "MATCH (a:Actor {id: 'x'}) RETURN count(a) AS n" });
      expect(check.body.rows).toEqual([{ n: 0 }]);
    });
  });
});

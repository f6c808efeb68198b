// What LadybugDB 0.19 itself does with the statements the workbench must refuse: the evidence behind the workbench's
// guards (and the alarm that rings if an engine upgrade changes it). Raw engine, no Faultlines code in between.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import lbug from "@ladybugdb/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../server/store/query-book.js";

const run = promisify(execFile);

/** An in-memory database, its connection, and a scratch dir for files; `close` ends all three. */
async function scratchEngine(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = new lbug.Database(":memory:", 64 * 1024 * 1024, true, false, 1024 * 1024 * 1024);
  await db.init();
  const conn = new lbug.Connection(db);
  const close = async () => {
    await conn.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, conn, close };
}

describe("LadybugDB facts behind the workbench guards", () => {
  let dir: string;
  let conn: InstanceType<typeof lbug.Connection>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dir, conn, close } = await scratchEngine("faultlines-engine-"));
    await conn.query("CREATE NODE TABLE Actor(id STRING PRIMARY KEY, name STRING)");
    await conn.query("CREATE (:Actor {id: 'a', name: 'A'})");
  });
  afterAll(() => close());

  const readOnly = async (q: string) => (await conn.prepare(q)).isReadOnly();

  it("isReadOnly() refuses every graph or schema write", async () => {
    for (const q of [
      "CREATE (:Actor {id: 'x'})",
      "MERGE (a:Actor {id: 'x'})",
      "MATCH (a:Actor) SET a.name = 'X'",
      "MATCH (a:Actor) DETACH DELETE a",
      "CREATE NODE TABLE Foo(id STRING PRIMARY KEY)",
      "DROP TABLE Actor",
      "ALTER TABLE Actor ADD foo STRING",
      "CREATE MACRO m(x) AS x + 1",
      "INSTALL json",
      "EXPLAIN CREATE (:Actor {id: 'e'})",
      "CALL clear_warnings()",
    ]) {
      expect(await readOnly(q), q).toBe(false);
    }
  });

  it("isReadOnly() lets through statements that write files or change the connection (so a token guard refuses them)", async () => {
    for (const q of [
      `EXPORT DATABASE '${dir}/x'`,
      `COPY (MATCH (a:Actor) RETURN a.id) TO '${dir}/x.csv'`,
      `ATTACH '${dir}/o.lbug' AS o (dbtype lbug)`,
      "BEGIN TRANSACTION",
      "CHECKPOINT",
      "CALL threads = 1",
    ]) {
      expect(await readOnly(q), q).toBe(true);
    }
    expect(existsSync(path.join(dir, "x"))).toBe(false); // preparing did not run it
  });

  it("a read-only Database still writes EXPORT DATABASE and COPY … TO files: a second read-only open would add nothing", async () => {
    const file = path.join(dir, "g.lbug");
    const rw = new lbug.Database(file);
    await rw.init();
    const w = new lbug.Connection(rw);
    await w.query("CREATE NODE TABLE Actor(id STRING PRIMARY KEY)");
    await w.query("CREATE (:Actor {id: 'a'})");
    const ro = new lbug.Database(file, 0, true, true);
    await ro.init();
    const r = new lbug.Connection(ro);
    await expect(r.query("CREATE (:Actor {id: 'b'})")).rejects.toThrow(/read-only/);
    await r.query(`COPY (MATCH (a:Actor) RETURN a.id) TO '${dir}/ro.csv'`);
    await r.query(`EXPORT DATABASE '${dir}/ro-export'`);
    expect(existsSync(path.join(dir, "ro.csv"))).toBe(true);
    expect(existsSync(path.join(dir, "ro-export"))).toBe(true);
    await r.close();
    await ro.close();
    await w.close();
    await rw.close();
  });

  it("count(DISTINCT x) beside other aggregates of a group turns them into null (why clashes-in-period counts without DISTINCT)", async () => {
    const all = async (q: string) => {
      const r = await conn.query(q);
      return (Array.isArray(r) ? r[r.length - 1] : r).getAll();
    };
    await conn.query("CREATE NODE TABLE E(id STRING PRIMARY KEY, n INT64)");
    await conn.query("CREATE REL TABLE P(FROM Actor TO E)");
    await conn.query("CREATE (:E {id: 'e1', n: 2}), (:E {id: 'e2', n: 3})");
    await conn.query("MATCH (a:Actor {id: 'a'}), (e:E) CREATE (a)-[:P]->(e)");
    const grouped = "MATCH (a:Actor)-[:P]->(e:E) RETURN a.id AS a, count(DISTINCT e) AS c, sum(e.n) AS s";
    expect(await all(grouped)).toEqual([{ a: "a", c: 2, s: null }]);
    expect(await all(grouped.replace("count(DISTINCT e)", "count(e)"))).toEqual([{ a: "a", c: 2, s: 5n }]);
  });

  it("preparing CALL read_csv_serial(<file>) kills the whole process (why the workbench allow-lists CALLs before prepare)", async () => {
    const csv = path.join(dir, "x.csv");
    writeFileSync(csv, "a,b\n1,2\n");
    const script = `
      import lbug from "@ladybugdb/core";
      const db = new lbug.Database(":memory:", 64 * 1024 * 1024, true, false, 1024 * 1024 * 1024);
      await db.init();
      const c = new lbug.Connection(db);
      await c.prepare(${JSON.stringify(`CALL read_csv_serial('${csv}') RETURN *`)});
      console.log("survived");`;
    const out = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO_ROOT, timeout: 30_000 }).then(
      (r) => ({ signal: null as string | null, stdout: r.stdout }),
      (e: { signal: string | null; stdout: string }) => ({ signal: e.signal, stdout: e.stdout }),
    );
    expect(out.stdout).not.toContain("survived");
    expect(out.signal).toBe("SIGSEGV");
  });
});

describe("LadybugDB facts behind the bulk path's COPY files", () => {
  let dir: string;
  let conn: InstanceType<typeof lbug.Connection>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ dir, conn, close } = await scratchEngine("faultlines-engine-copy-"));
    await conn.query("CREATE NODE TABLE T(id STRING PRIMARY KEY, s STRING, l STRING[])");
  });
  afterAll(() => close());

  const rows = async () => {
    const r = await conn.query("MATCH (t:T) RETURN t.id AS id, t.s AS s, t.l AS l ORDER BY id");
    return (Array.isArray(r) ? r[r.length - 1] : r).getAll();
  };

  it("COPY reads tab-separated cells quoted with a raw U+0001, which doubles to escape itself (not its escape '\\x01')", async () => {
    const q = "\u0001";
    const file = path.join(dir, "t.csv");
    writeFileSync(
      file,
      [
        ["id", "s", "l"],
        ["a", `"quotes", commas, [brackets]`, "[p,q]"],
        ["b", `${q}a tab\there, a line\nbreak${q}`, ""],
        ["c", `${q}one ${q}${q} inside${q}`, "[]"],
      ]
        .map((r) => r.join("\t"))
        .join("\n") + "\n",
    );
    const copy = (quote: string) =>
      conn.query(`COPY T FROM '${file}' (HEADER=true, PARALLEL=false, DELIM='\\t', QUOTE='${quote}', ESCAPE='${quote}')`);
    await expect(copy("\\x01")).rejects.toThrow(/single character/);
    await copy(q);
    expect(await rows()).toEqual([
      { id: "a", s: `"quotes", commas, [brackets]`, l: ["p", "q"] },
      { id: "b", s: "a tab\there, a line\nbreak", l: null },
      { id: "c", s: `one ${q} inside`, l: [] },
    ]);
  });

  it("CALL threads inside a write transaction takes effect at once and outlives the transaction", async () => {
    const threads = async () => {
      const r = await conn.query("CALL current_setting('threads') RETURN *");
      return (await (Array.isArray(r) ? r[r.length - 1] : r).getAll())[0].threads;
    };
    await conn.query("CALL threads=2");
    await conn.query("BEGIN TRANSACTION");
    await conn.query("CALL threads=1");
    expect(await threads()).toBe("1");
    await conn.query("ROLLBACK");
    expect(await threads()).toBe("1");
  });
});

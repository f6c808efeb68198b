// `npm run cypher`: the command line runs one read-only query on a seeded store file and prints a table, JSON or CSV;
// the formatting helpers neutralise spreadsheet formulas and read --param values.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neutraliseFormula, parseParamArg, toCsv, toTable } from "../../server/services/cypher-format.js";
import { REPO_ROOT } from "../../server/store/query-book.js";
import { SEED_ACTOR_IDS } from "../helpers/server.js";

const run = promisify(execFile);

describe("cypher formatting", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(neutraliseFormula("=HYPERLINK(\"x\")")).toBe("'=HYPERLINK(\"x\")");
    expect(neutraliseFormula("-1+2")).toBe("'-1+2");
    expect(neutraliseFormula("mujao")).toBe("mujao");
    expect(toCsv(["a", "b"], [{ a: "=1+1", b: 'say "hi", then go' }])).toBe('a,b\r\n\'=1+1,"say ""hi"", then go"\r\n');
  });

  it("prints an aligned table with lists and nulls as text", () => {
    expect(toTable(["id", "c"], [{ id: "mujao", c: ["MLI", "NER"] }, { id: "x", c: null }])).toBe(
      ["id    | c", "------+--------------", 'mujao | ["MLI","NER"]', "x     |"].join("\n"),
    );
  });

  it("reads --param values as JSON when they are JSON, as text otherwise", () => {
    expect(parseParamArg("n=3")).toEqual(["n", 3]);
    expect(parseParamArg('ids=["a","b"]')).toEqual(["ids", ["a", "b"]]);
    expect(parseParamArg("at=2012-03-01")).toEqual(["at", "2012-03-01"]);
    expect(parseParamArg("q=a=b")).toEqual(["q", "a=b"]);
    expect(() => parseParamArg("novalue")).toThrow(/name=value/);
  });
});

describe("npm run cypher", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => run("npx", ["tsx", "server/cli/cypher.ts", ...args], { cwd: REPO_ROOT, env, timeout: 60_000 });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "faultlines-cli-"));
    const file = path.join(dir, "graph.lbug");
    env = { ...process.env, STORE: "embedded", EMBEDDED_PATH: file, CYPHER_MAX_ROWS: "3" };
    // Seeded by `npm run load` in its own process: this process would keep the file's lock after closing a store on it.
    const seeds = readdirSync(path.join(REPO_ROOT, "seeds")).filter((f) => f.endsWith(".json")).map((f) => `seeds/${f}`);
    await run("npx", ["tsx", "server/cli/load.ts", "--create", ...seeds], { cwd: REPO_ROOT, env, timeout: 120_000 });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a table with a parameter", async () => {
    const { stdout, stderr } = await cli("MATCH (a:Actor {id: $id}) RETURN a.id AS id, a.founded AS founded", "--param", "id=mujao");
    expect(stdout.trim().split("\n")).toEqual(["id    | founded", "------+--------", "mujao | 2011-10"]);
    expect(stderr).toMatch(/1 row\(s\) in [\d.]+ ms on LadybugDB Cypher/);
  });

  it("prints JSON and CSV, capped at CYPHER_MAX_ROWS", async () => {
    const first3 = SEED_ACTOR_IDS.slice(0, 3); // the cap is 3 rows
    const json = JSON.parse((await cli("MATCH (a:Actor) RETURN a.id AS id ORDER BY id", "--format", "json")).stdout);
    expect(json).toMatchObject({ columns: ["id"], truncated: true, rows: first3.map((id) => ({ id })) });
    expect(json.rows).toHaveLength(3);
    const csv = (await cli("MATCH (a:Actor) RETURN a.id AS id ORDER BY id", "--format", "csv")).stdout;
    expect(csv).toBe(`id\r\n${first3.join("\r\n")}\r\n`);
  });

  it("runs a saved query with typed parameters", async () => {
    const { stdout } = await cli("--saved", "coalition-members", "--param", "umbrella=platform", "--param", "at=2015-01-01", "--format", "csv");
    expect(stdout.split("\r\n")[0]).toBe("member,name,kind,since,until,confidence,relationship");
    expect(stdout).toMatch(/\r\ngatia,/);
    expect(stdout).not.toMatch(/\r\nmsa,/); // joined the Platform in 2019
  });

  it("refuses a write with the read_only code and exit status 1", async () => {
    const err = await cli("MATCH (a:Actor {id: 'mujao'}) SET a.name = 'X'").then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toMatch(/error \(read_only\): the Cypher workbench is read-only/);
  });

  it("shows usage and exit status 2 without a query", async () => {
    const err = await cli().then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(/usage: npm run cypher/);
  });
});

// The embedded workbench guard: commands that isReadOnly() lets through are refused before prepare(); queries pass.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadOnlyViolationError } from "../../../server/domain/index.js";
import { createEmbeddedStore } from "../../../server/store/embedded/embedded-store.js";
import { assertWorkbenchStatement, statementTokens } from "../../../server/store/embedded/read-guard.js";

describe("assertWorkbenchStatement", () => {
  it("lets an empty text through to the engine's parser", () => {
    expect(() => assertWorkbenchStatement("  // nothing\n")).not.toThrow();
  });

  it.each([
    ["a query", "MATCH (a:Actor) RETURN a.id AS id"],
    ["a typo, left to the parser", "RETRN 1"],
    ["words inside string literals", "RETURN 'COPY x FROM y; BEGIN TRANSACTION' AS s, \"LOAD FROM\" AS t"],
    ["words in comments", "MATCH (a) // LOAD FROM '/etc/passwd'\nRETURN a.id AS id /* EXPORT DATABASE */"],
    ["property, parameter and label names", "MATCH (a:Copy) WHERE a.load = $load RETURN a.copy AS copy"],
    ["a table function", "CALL show_tables() RETURN *"],
    ["EXPLAIN of a query", "EXPLAIN MATCH (a) RETURN a"],
    ["a trailing semicolon", "RETURN 1 AS x;"],
  ])("allows %s", (_what, query) => {
    expect(() => assertWorkbenchStatement(query)).not.toThrow();
  });

  it.each([
    ["COPY FROM a file", "COPY Actor FROM '/tmp/a.csv'"],
    ["COPY TO a file", "copy (MATCH (a) RETURN a.id) TO '/tmp/out.csv'"],
    ["EXPORT DATABASE", "EXPORT DATABASE '/tmp/dump'"],
    ["IMPORT DATABASE", "IMPORT DATABASE '/tmp/dump'"],
    ["ATTACH", "ATTACH '/tmp/other.lbug' AS other (dbtype lbug)"],
    ["LOAD FROM a file", "LOAD FROM '/etc/passwd' (file_format='csv') RETURN *"],
    ["LOAD FROM inside a query", "MATCH (a) WITH a LOAD FROM '/etc/hosts' (header=false) RETURN *"],
    ["LOAD WITH HEADERS", "LOAD WITH HEADERS (a STRING) FROM '/etc/hostname' RETURN *"],
    ["LOAD EXTENSION", "LOAD EXTENSION json"],
    ["INSTALL", "INSTALL json"],
    ["BEGIN TRANSACTION", "BEGIN TRANSACTION"],
    ["COMMIT", "COMMIT"],
    ["ROLLBACK", "ROLLBACK"],
    ["CHECKPOINT", "CHECKPOINT"],
    ["a connection setting", "CALL timeout=0"],
    ["a second statement", "RETURN 1 AS x; MATCH (a) DETACH DELETE a"],
    ["a command after EXPLAIN", "PROFILE EXPORT DATABASE '/tmp/x'"],
  ])("refuses %s", (_what, query) => {
    expect(() => assertWorkbenchStatement(query)).toThrow(ReadOnlyViolationError);
  });

  it("tokenises outside literals only", () => {
    expect(statementTokens("RETURN 'a;b' AS `x y`, n.copy // c;d")).toEqual(["RETURN", "AS", ",", "N", ".", "COPY"]);
  });
});

describe("embedded workbench refusals against a real store", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "faultlines-guard-"));
  const store = createEmbeddedStore({ path: ":memory:" });
  const opts = { timeoutMs: 2_000, maxRows: 10 };
  beforeAll(() => store.init());
  afterAll(async () => {
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("does not write a database export to disk", async () => {
    const target = path.join(scratch, "dump");
    await expect(store.runReadOnly(`EXPORT DATABASE '${target}'`, {}, opts)).rejects.toBeInstanceOf(
      ReadOnlyViolationError,
    );
    expect(existsSync(target)).toBe(false);
  });

  it("does not read a server file, not even through an error message", async () => {
    const secret = path.join(scratch, "secret.txt");
    writeFileSync(secret, "top-secret-line\n");
    for (const q of [`LOAD FROM '${secret}' (header=false) RETURN *`, `COPY Source FROM '${secret}'`]) {
      const err = await store.runReadOnly(q, {}, opts).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(ReadOnlyViolationError);
      expect((err as Error).message).not.toContain("top-secret-line");
    }
  });

  it("does not leave a transaction open on a shared reader, and writes still go through", async () => {
    await expect(store.runReadOnly("BEGIN TRANSACTION", {}, opts)).rejects.toBeInstanceOf(ReadOnlyViolationError);
    await store.apply({
      sources: { create: [{ id: "s1", title: "T", publisher: "P", language: "en", kind: "news" }], update: [] },
      places: { create: [], update: [] },
      actors: { create: [], update: [] },
      relationships: { create: [], update: [], remove: [] },
      events: { create: [], update: [], previous: [] },
      clashes: null,
    });
    for (let i = 0; i < 4; i++) {
      expect((await store.runReadOnly("MATCH (s:Source) RETURN count(s) AS n", {}, opts)).rows).toEqual([{ n: 1 }]);
    }
  });
});

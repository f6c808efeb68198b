// `npm run import` (server/cli/import.ts) against a real embedded store file that nobody seeded: a real import loads
// the curated seeds first (names then resolve to curated actors, as after `npm start`); a dry run writes nothing.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runImportCli } from "../../server/cli/import.js";
import { loadConfig } from "../../server/config.js";
import type { ImportReport } from "../../server/ingest/import-file.js";
import { openStore } from "../../server/store/open.js";
import { ACLED_FILE, HAS_DATA } from "./helpers.js";

const dir = mkdtempSync(path.join(tmpdir(), "faultlines-import-cli-"));
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command on a fresh store file; its exit code, stderr lines, JSON report and the store's counts after. */
async function run(args: string[]) {
  process.env.STORE = "embedded";
  process.env.EMBEDDED_PATH = path.join(mkdtempSync(path.join(dir, "s-")), "graph.lbug");
  const errLines: string[] = [];
  const outLines: string[] = [];
  const err = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void errLines.push(a.join(" ")));
  const out = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void outLines.push(a.join(" ")));
  let code: number;
  try {
    code = await runImportCli([...args, "--json", "--create"]);
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
  const store = await openStore(loadConfig());
  const counts = await store.counts();
  await store.close();
  return { code, errLines, report: JSON.parse(outLines.join("\n")) as ImportReport, counts };
}

describe.skipIf(!HAS_DATA)("npm run import on a store nobody seeded", () => {
  it("loads the curated seeds first, so ACLED's JNIM and Katiba Macina resolve to the curated actors", async () => {
    const { code, errLines, report, counts } = await run(["--format", "acled", ACLED_FILE]);
    expect(code).toBe(0);
    expect(errLines).toContain("the store is empty: loading the curated seeds first");
    const unresolved = report.unresolved.map((u) => u.name);
    expect(unresolved.filter((n) => /^JNIM\b|Katiba Macina/.test(n))).toEqual([]);
    // The seeds' 53 curated relationships, and the import's events beside the seeds' own.
    expect(counts.relationships).toBeGreaterThan(0);
    expect(counts.events).toBeGreaterThan(report.load.counts.events.created);
  });

  it("writes nothing on a dry run, seeds included, and predicts exactly what the real run does", async () => {
    const dry = await run(["--format", "acled", ACLED_FILE, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.errLines.join("\n")).toMatch(/the store is empty: a real import loads the curated seeds first/);
    expect(dry.counts).toMatchObject({ actors: 0, events: 0, relationships: 0 });
    const real = await run(["--format", "acled", ACLED_FILE]);
    expect(real.code).toBe(0);
    // The same resolution and the same changes: the dry run resolved against the seeds as the real run does.
    expect(dry.report.unresolved).toEqual(real.report.unresolved);
    expect(dry.report.load.counts).toEqual(real.report.load.counts);
    expect(dry.report.load.changes).toEqual(real.report.load.changes);
  });
});

describe("npm run import at a path that does not exist", () => {
  it("refuses without --create and leaves no store behind", async () => {
    const missing = path.join(dir, "no-such-folder-typo", "graph.lbug");
    process.env.STORE = "embedded";
    process.env.EMBEDDED_PATH = missing;
    const errLines: string[] = [];
    const err = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void errLines.push(a.join(" ")));
    try {
      await expect(runImportCli(["--format", "acled", ACLED_FILE])).rejects.toThrow(`no store at ${missing}`);
    } finally {
      err.mockRestore();
    }
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(path.dirname(missing))).toBe(false);
  });
});

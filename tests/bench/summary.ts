// The import benches' results: each layout runs in a process of its own (its own heap, so the peak memory is that
// layout's) and appends one JSON line to a summary file; the parent prints one line per layout against the goals, and
// passes the lines on to `npm run bench` (run.ts, BENCH_SUMMARY_FILE) for its closing table of both stores.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { LAYOUTS, missingSample, selectedLayouts, type Layout } from "./layouts.js";

export interface ImportSummary {
  bench: "import";
  store: "embedded" | "neo4j";
  layout: string;
  /** Data rows of the generated file. */
  rows: number;
  /** Events the import created (rows an import skips, such as civilians alone, are not events). */
  events: number;
  runs: number;
  importMs: number;
  baselineMs: number;
  baseline: string;
  ratio: number;
  appPeakBytes: number;
  serverPeakBytes?: number;
  /** Median CPU time of the import (JS and the engine's threads), less swayed by other load than wall time. */
  importCpuMs?: number;
  /** The highest 1-minute load average seen during the layout's runs, and the machine's cores. */
  load?: number;
  cores?: number;
}

/** The issue's goals (issue 20): each layout at least half as fast as the engine's bulk path on the same rows... */
export const GOAL_RATIO = 0.5;
/** ...and no layout slower per event than twice the fastest. */
export const GOAL_PER_EVENT = 2;

export function writeSummary(s: ImportSummary): void {
  const file = process.env.BENCH_SUMMARY_FILE;
  if (file) appendFileSync(file, JSON.stringify(s) + "\n");
}

export function readSummaries(file: string): ImportSummary[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ImportSummary);
}

const mb = (x: number | undefined) => (x === undefined ? "-" : `${(x / 1e6).toFixed(0)} MB`);

/**
 * One line per layout and store: events per second, the ratio to the engine's bulk path on the same rows, the time
 * per event against the store's fastest layout, peak memory; then whether each goal is met, and why not.
 */
export function layoutReport(rows: ImportSummary[]): string[] {
  if (!rows.length) return [];
  const perEvent = (s: ImportSummary) => s.importMs / Math.max(1, s.events);
  const fastest = new Map<string, ImportSummary>();
  for (const s of rows) {
    const f = fastest.get(s.store);
    if (!f || perEvent(s) < perEvent(f)) fastest.set(s.store, s);
  }
  const head = [
    "store",
    "layout",
    "rows",
    "events",
    "import",
    "events/s",
    "vs bulk (>= 0.5)",
    "per event vs fastest (<= 2)",
    "app peak",
    "server peak",
    "CPU/event",
    "load",
  ];
  const table = rows.map((s) => {
    const vsFastest = perEvent(s) / perEvent(fastest.get(s.store)!);
    return [
      s.store,
      s.layout,
      String(s.rows),
      String(s.events),
      `${(s.importMs / 1000).toFixed(1)} s`,
      ((s.events * 1000) / s.importMs).toFixed(0),
      s.ratio.toFixed(3),
      vsFastest.toFixed(2),
      mb(s.appPeakBytes),
      mb(s.serverPeakBytes),
      s.importCpuMs === undefined ? "-" : `${((s.importCpuMs * 1000) / Math.max(1, s.events)).toFixed(0)} µs`,
      s.load === undefined ? "-" : `${s.load.toFixed(1)}/${s.cores}`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out = [`import: ${line(head)}`, ...table.map((r) => `import: ${line(r)}`)];
  for (const s of rows) {
    const f = fastest.get(s.store)!;
    const vsFastest = perEvent(s) / perEvent(f);
    const why: string[] = [];
    if (s.ratio < GOAL_RATIO) {
      why.push(
        `${s.ratio.toFixed(3)} of ${s.baseline} (${(s.baselineMs / 1000).toFixed(1)} s for the same rows against ${(s.importMs / 1000).toFixed(1)} s), below ${GOAL_RATIO}`,
      );
    }
    if (vsFastest > GOAL_PER_EVENT) {
      why.push(
        `${(perEvent(s) * 1000).toFixed(0)} µs per event, ${vsFastest.toFixed(2)}x ${f.layout}'s ${(perEvent(f) * 1000).toFixed(0)} µs (more than ${GOAL_PER_EVENT}x)`,
      );
    }
    // Wall times on a machine busier than its cores say little: then the CPU time per event is compared as well.
    const cpu = (x: ImportSummary) => (x.importCpuMs ?? NaN) / Math.max(1, x.events);
    const busy =
      s.load !== undefined && s.cores !== undefined && s.load > s.cores
        ? ` (machine busy: load ${s.load.toFixed(1)} on ${s.cores} cores, wall times unreliable; CPU per event ${(cpu(s) * 1000).toFixed(0)} µs, ${(cpu(s) / cpu(f)).toFixed(2)}x ${f.layout}'s)`
        : "";
    out.push(`import: ${s.store} ${s.layout}: ${why.length ? `goal NOT MET: ${why.join("; ")}` : "goals MET"}${busy}`);
  }
  return out;
}

/**
 * Runs `script` once per selected layout (tests/bench/layouts.ts), each in a process of its own with BENCH_LAYOUT set
 * to the layout's name, then prints one line per layout against the goals. Returns the exit code (1 when a layout's
 * run failed; a goal not met is printed, not a failure).
 */
export function runEachLayout(script: string): number {
  const dir = mkdtempSync(path.join(tmpdir(), "faultlines-bench-layouts-"));
  const file = path.join(dir, "results.jsonl");
  let failed = 0;
  try {
    for (const layout of selectedLayouts()) {
      const missing = missingSample(layout);
      if (missing) {
        console.log(`\n-- ${layout.name}: skipped (${missing})`);
        continue;
      }
      console.log(`\n-- ${layout.name} (${layout.format})`);
      const r = spawnSync(process.execPath, ["--import", "tsx", script], {
        stdio: "inherit",
        env: { ...process.env, BENCH_LAYOUT: layout.name, BENCH_SUMMARY_FILE: file },
      });
      if (r.status !== 0) {
        failed++;
        console.log(`${layout.name}: exited with ${r.status}`);
      }
    }
    const results = readSummaries(file);
    if (results.length) console.log(["", ...layoutReport(results)].join("\n"));
    for (const s of results) writeSummary(s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

/** The layout a child run of runEachLayout measures, or undefined in the parent. */
export function layoutOfThisRun(): Layout | undefined {
  const name = process.env.BENCH_LAYOUT;
  if (!name) return undefined;
  const layout = LAYOUTS.find((l) => l.name === name);
  if (!layout) throw new Error(`BENCH_LAYOUT: no layout named ${name}`);
  return layout;
}

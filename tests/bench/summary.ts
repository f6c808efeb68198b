// The benches' results for `npm run bench`'s closing table: each bench appends one JSON line per result to the file
// run.ts names in BENCH_SUMMARY_FILE (nothing when a bench runs alone).
import { appendFileSync, existsSync, readFileSync } from "node:fs";

export interface ImportSummary {
  bench: "import";
  store: "embedded" | "neo4j";
  events: number;
  runs: number;
  importMs: number;
  baselineMs: number;
  baseline: string;
  ratio: number;
  appPeakBytes: number;
  serverPeakBytes?: number;
}

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

/** The import results of both stores side by side, a column per store. */
export function importTable(rows: ImportSummary[]): string[] {
  if (!rows.length) return [];
  const mb = (x: number | undefined) => (x === undefined ? "-" : `${(x / 1e6).toFixed(0)} MB`);
  const lines: [string, (s: ImportSummary) => string][] = [
    ["events", (s) => String(s.events)],
    ["turns", (s) => String(s.runs)],
    ["our import, median", (s) => `${(s.importMs / 1000).toFixed(1)} s`],
    ["baseline, median", (s) => `${(s.baselineMs / 1000).toFixed(1)} s`],
    ["baseline", (s) => s.baseline],
    ["ratio baseline/import (goal >= 0.5)", (s) => s.ratio.toFixed(3)],
    ["app peak RSS (first import)", (s) => mb(s.appPeakBytes)],
    ["server peak RSS (VmHWM)", (s) => mb(s.serverPeakBytes)],
  ];
  const w0 = Math.max(...lines.map((l) => l[0].length));
  const w = Math.max(12, ...rows.flatMap((r) => lines.map(([, f]) => f(r).length)));
  return [
    `import: ${"".padEnd(w0)} ${rows.map((r) => r.store.padStart(w)).join("  ")}`,
    ...lines.map(([label, f]) => `import: ${label.padEnd(w0)} ${rows.map((r) => f(r).padStart(w)).join("  ")}`),
  ];
}

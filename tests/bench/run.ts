// `npm run bench`: every benchmark in one run, each printing its numbers and its ratio to the goal.
// Each runs as its own process (benchmarks must not share an event loop or a heap).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { layoutReport, readSummaries } from "./summary.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
// api.ts runs on both stores and prints its own table; the two import benches (one line per layout each) end in one
// table here.
const BENCHES = ["api.ts", "import.ts", "import-neo4j.ts", "analytics.ts", "client-draw.ts", "scale.ts"];
const summaryDir = mkdtempSync(path.join(tmpdir(), "faultlines-bench-summary-"));
const summaryFile = path.join(summaryDir, "results.jsonl");

let failed = 0;
for (const file of BENCHES) {
  const full = path.join(HERE, file);
  if (!existsSync(full)) {
    console.log(`bench ${file}: not present`);
    continue;
  }
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", full], {
    stdio: "inherit",
    env: { ...process.env, BENCH_SUMMARY_FILE: summaryFile },
  });
  if (r.status !== 0) {
    failed++;
    console.log(`bench ${file}: exited with ${r.status}`);
  }
}
const table = layoutReport(readSummaries(summaryFile));
if (table.length) console.log(["\n== import, every layout, both stores", ...table].join("\n"));
rmSync(summaryDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

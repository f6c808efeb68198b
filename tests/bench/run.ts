// `npm run bench`: every benchmark in one run, each printing its numbers and its ratio to the goal.
// Each runs as its own process (benchmarks must not share an event loop or a heap).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHES = ["api.ts", "import.ts", "analytics.ts", "client-draw.ts"];

let failed = 0;
for (const file of BENCHES) {
  const full = path.join(HERE, file);
  if (!existsSync(full)) {
    console.log(`bench ${file}: not present`);
    continue;
  }
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", full], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.log(`bench ${file}: exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);

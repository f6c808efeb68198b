// Export benchmark (issue 17, item 2): the whole network's export of a large store (the explorer's "export everything"),
// each format in a fresh server: time to the last byte, bytes, the app server's peak resident memory (VmHWM, worker
// threads included) against its memory after start, and /api/health p99 meanwhile. The store: EXPORT_BENCH_STORE (an
// embedded store file, e.g. one `tests/bench/scale.ts` or `npm run import` built), else one of
// EXPORT_BENCH_EVENTS (default 300,000) scaled ACLED events built here.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { generateAcledMonadic } from "./samples.js";
import { exited, MB, memoryOf, probeHealth, serve, stop, tsx } from "./serve.js";

const FORMATS = (process.env.EXPORT_BENCH_FORMATS ?? "json,html").split(",");
/** More graph filters for each export (e.g. `to=2019-01-01`, a third of the events: does memory follow their number?). */
const QUERY = process.env.EXPORT_BENCH_QUERY ? `&${process.env.EXPORT_BENCH_QUERY}` : "";
const EVENTS = Number(process.env.EXPORT_BENCH_EVENTS ?? 300_000);
/** Monadic ACLED rows per stored event (scale.ts). */
const ROWS_PER_EVENT = 2.53;

async function storeFile(dir: string): Promise<string> {
  if (process.env.EXPORT_BENCH_STORE) return process.env.EXPORT_BENCH_STORE;
  const csv = path.join(dir, "acled.csv");
  const file = path.join(dir, "store.lbug");
  await generateAcledMonadic(csv, Math.round(EVENTS * ROWS_PER_EVENT));
  const c = tsx("server/cli/import.ts", ["--format", "acled", csv, "--create", "--release", "2024-01-01"], {
    EMBEDDED_PATH: file,
  });
  c.stdout!.resume();
  c.stderr!.resume();
  if ((await exited(c)) !== 0) throw new Error("import failed");
  return file;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "fl-export-bench-"));
  try {
    const file = await storeFile(dir);
    for (const format of FORMATS) {
      const s = await serve({
        EMBEDDED_PATH: file,
        EXPORT_TIMEOUT_MS: "3600000",
      });
      try {
        const pid = s.child.pid!;
        const afterStart = memoryOf(pid);
        let rssPeak = afterStart.server.rss;
        // With EXPORT_BENCH_TRACE=1, the app server's RSS every 10 s (does it grow with the events read, or stay?).
        const trace: string[] = [];
        let ticks = 0;
        const sampler = setInterval(() => {
          const rss = memoryOf(pid).server.rss;
          rssPeak = Math.max(rssPeak, rss);
          if (++ticks % 100 === 0) trace.push(`${ticks / 10}s ${(rss / MB).toFixed(0)}`);
        }, 100);
        const health = probeHealth(s.base);
        const t0 = performance.now();
        const res = await fetch(`${s.base}/api/export?format=${format}${QUERY}`);
        // The headers come once the file is built (its hash known); the rest is sending it.
        const builtMs = performance.now() - t0;
        let bytes = 0;
        let head = "";
        for await (const chunk of res.body!) {
          if (!res.ok && head.length < 2000) head += Buffer.from(chunk as Uint8Array).toString("utf8");
          bytes += (chunk as Uint8Array).byteLength;
        }
        const ms = performance.now() - t0;
        const healthP99 = await health.stop();
        clearInterval(sampler);
        const peak = memoryOf(pid);
        console.log(
          `export-bench: ${format}${QUERY} ${res.status} ${(bytes / MB).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s ` +
            `(built in ${(builtMs / 1000).toFixed(1)} s)` +
            `, ${res.headers.get("x-content-hash") ?? ""}; app server RSS after start ` +
            `${(afterStart.server.rss / MB).toFixed(0)} MB, peak ${(Math.max(rssPeak, peak.server.hwm) / MB).toFixed(0)} MB ` +
            `(VmHWM ${(peak.server.hwm / MB).toFixed(0)} MB), engine and front ${(peak.children.hwm / MB).toFixed(0)} MB peak; ` +
            `/api/health p99 ${healthP99.toFixed(0)} ms`,
        );
        if (process.env.EXPORT_BENCH_TRACE)
          console.log(`export-bench: ${format} RSS (MB) over time: ${trace.join(", ")}`);
        if (!res.ok) console.log(`export-bench: ${format} answered ${head.slice(0, 2000)}`);
      } finally {
        await stop(s);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

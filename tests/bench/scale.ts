// Scale benchmark (issue 17): stores of about 10k, 100k and 300k events (BENCH_SCALE_SIZES, in events; the generated
// file holds ROWS_PER_EVENT ACLED rows per event wanted, and the header of each table says how many events the store
// holds) from the real ACLED sample (acled-sample.ts) on each store
// (BENCH_SCALE_STORES, embedded then neo4j), each served by `server/main.ts`
// in its own process. Prints per size: start-up to /api/health, server memory after start and at its peak, a
// one-relationship POST /api/load until /api/graph shows it, p50/p99 at 20 clients for the endpoints of the issue,
// /api/health p99 while they run, the largest answer, and /api/graph p99 against a bare Express server sending the
// same bytes; each with its ratio to the issue's goal (<= 1 meets it). Then each /api/analytics route's time (first
// call after a write: uncached) while 20 clients page events, with /api/health p99 meanwhile (issue 16 point 2).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { cannotLaunch, startNeo4j, type Neo4jServer } from "../../server/neo4j-local/index.js";
import { REPO_ROOT } from "../../server/store/query-book.js";
import { generateAcledMonadic } from "./samples.js";
import { hammer, hasWrk, percentile, wrkLatency } from "./api.js";
import { exited, MB, memoryOf, probeHealth, serve, stop, tsx, TOKEN, type Memory } from "./serve.js";

const SIZES = (process.env.BENCH_SCALE_SIZES ?? "10000,100000,300000").split(",").map(Number);
/**
 * Monadic ACLED rows per stored event, measured: an event has one to several rows, and rows without an identified
 * armed actor are skipped (300,000 rows made 118,561 events).
 */
const ROWS_PER_EVENT = 2.53;
const STORES = (process.env.BENCH_SCALE_STORES ?? "embedded,neo4j").split(",");
const CLIENTS = 20;
const PER_CLIENT = Number(process.env.BENCH_SCALE_REQUESTS ?? 10);
// With Debian's wrk (a C load generator) the 20 clients run outside this process for BENCH_SCALE_SECONDS each: the
// Node fetch clients otherwise share the 2 cores and this event loop with the health probe, and their own gzip and
// parsing time was counted as the server's. Without wrk, CLIENTS fetch clients make PER_CLIENT requests each.
const WRK = hasWrk();
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 6);

/** p50/p99 (ms) of CLIENTS clients requesting `urls` round-robin, by wrk when present. */
async function load(base: string, paths: string[]): Promise<{ p50: number; p99: number }> {
  if (WRK) return wrkLatency(base, paths, CLIENTS, SECONDS);
  const times = await hammer((i) => `${base}${paths[i % paths.length]}`, CLIENTS, PER_CLIENT);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}
/** Imports `events` scaled ACLED events into a store (the import CLI loads the curated seeds first). */
async function build(csv: string, env: Record<string, string>) {
  const c = tsx("server/cli/import.ts", ["--format", "acled", csv, "--create", "--release", "2024-01-01"], env);
  let err = "";
  c.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  c.stdout!.resume();
  if ((await exited(c)) !== 0) throw new Error(`import failed: ${err.slice(-2000)}`);
}

interface Latency {
  p50: number;
  p99: number;
  bytes: number;
}

async function latency(base: string, paths: string[]): Promise<Latency & { healthP99: number }> {
  await hammer((i) => `${base}${paths[i % paths.length]}`, 2, 2); // warm-up
  let bytes = 0;
  for (const p of paths) bytes = Math.max(bytes, (await (await fetch(`${base}${p}`)).arrayBuffer()).byteLength);
  const health = probeHealth(base);
  const { p50, p99 } = await load(base, paths);
  return { p50, p99, bytes, healthP99: await health.stop() };
}

/** A bare Express server sending fixed bytes as /api/graph would (gzip), measured like the API. */
async function bareExpress(body: Buffer): Promise<Latency> {
  const dir = mkdtempSync(path.join(tmpdir(), "fl-bare-"));
  const file = path.join(dir, "graph.json");
  (await import("node:fs")).writeFileSync(file, body);
  const code = `
    const express = require("express"); const zlib = require("node:zlib"); const fs = require("node:fs");
    const raw = fs.readFileSync(${JSON.stringify(file)}); const gz = zlib.gzipSync(raw, { level: 1 });
    const app = express();
    app.get("/graph", (req, res) => { res.type("application/json");
      if (/gzip/.test(req.get("accept-encoding") || "")) { res.setHeader("Content-Encoding", "gzip"); res.send(gz); }
      else res.send(raw); });
    const s = app.listen(0, "127.0.0.1", () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ["-e", code], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) => child.stdout!.once("data", (d: Buffer) => resolve(Number(d))));
  try {
    const base = `http://127.0.0.1:${port}`;
    await hammer(() => `${base}/graph`, 2, 2);
    return { ...(await load(base, ["/graph"])), bytes: body.byteLength };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each analytics route once (uncached: the loads above made a new read model) while CLIENTS clients page the busiest
 * actor's events, and /api/health probed throughout: the time of each route, and health's p99 over the whole run.
 */
async function analyticsUnderLoad(
  base: string,
  busiest: string,
): Promise<{ routes: [string, number][]; healthP99: number }> {
  const routes = [
    "/api/analytics/series",
    "/api/analytics/balance",
    "/api/analytics/blocs",
    "/api/analytics/centrality",
    "/api/analytics/diff?from=2015&to=2022",
  ];
  const health = probeHealth(base);
  let running = true;
  const pages = (async () => {
    while (running) await hammer(() => `${base}/api/events?actor=${busiest}`, CLIENTS, 1);
  })();
  const out: [string, number][] = [];
  let healthP99: number;
  try {
    for (const r of routes) {
      const t0 = performance.now();
      const res = await fetch(`${base}${r}`);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${r}: HTTP ${res.status}`);
      out.push([r, performance.now() - t0]);
    }
  } finally {
    running = false;
    // The probe stops whatever happened (a failed route too), as the pages do.
    [healthP99] = await Promise.all([health.stop(), pages]);
  }
  return { routes: out, healthP99 };
}

interface SizeResult {
  store: string;
  /** Events wanted (the file holds ROWS_PER_EVENT rows for each). */
  events: number;
  /** Events in the store, as /api/health counts them once the server has started. */
  stored: number;
  startupMs: number;
  afterStart: ReturnType<typeof memoryOf>;
  peak: ReturnType<typeof memoryOf>;
  /**
   * The Neo4j server's JVM (its own process, not the app server): after the app starts, and its peak since the JVM
   * started (the import included).
   */
  database?: { afterStart: Memory; peak: Memory };
  loadVisibleMs: number;
  endpoints: [string, Latency & { healthP99: number }, number][];
  bare: Latency;
  graphP99: number;
  analytics: { routes: [string, number][]; healthP99: number };
}

async function measure(
  storeName: string,
  events: number,
  env: Record<string, string>,
  databasePid?: number,
): Promise<SizeResult> {
  const s = await serve(env);
  try {
    const afterStart = memoryOf(s.child.pid!);
    const health = (await (await fetch(`${s.base}/api/health`)).json()) as { counts: { events: number } };
    const databaseAfterStart = databasePid ? memoryOf(databasePid).server : undefined;
    const graph = (await (await fetch(`${s.base}/api/graph`)).json()) as {
      nodes: { key: string; attributes: { eventCount: number } }[];
    };
    const busiest = [...graph.nodes].sort((a, b) => b.attributes.eventCount - a.attributes.eventCount)[0].key;
    const visible: number[] = [];
    for (let i = 0; i < 3; i++) {
      const since = String(1900 + i);
      const t0 = performance.now();
      const res = await fetch(`${s.base}/api/load`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          relationships: [
            {
              type: "RIVAL_OF",
              from: "mujao",
              to: busiest,
              since,
              confidence: "alleged",
              sources: [{ sourceId: "apa-2022-gao" }],
            },
          ],
        }),
      });
      if (!res.ok) throw new Error(`load: ${res.status} ${await res.text()}`);
      const key = `mujao-rival_of-${busiest}-${since}`;
      for (;;) {
        const g = (await (await fetch(`${s.base}/api/graph?types=RIVAL_OF`)).json()) as { edges: { key: string }[] };
        if (g.edges.some((e) => e.key === key)) break;
      }
      visible.push(performance.now() - t0);
    }
    const ats = ["2018-03-15", "2019-06-15", "2020-09-15", "2021-12-15"];
    const plan: [string, string[], number][] = [
      ["/api/graph", ["/api/graph"], 100],
      ["/api/graph?at=… (4 dates)", ats.map((at) => `/api/graph?at=${at}`), 100],
      [`ego network (${busiest}, depth 2)`, [`/api/graph?actor=${busiest}&depth=2&at=2019-06-15`], 20],
      [`/api/actors/${busiest}`, [`/api/actors/${busiest}`], 100],
      [`/api/events?actor=${busiest}`, [`/api/events?actor=${busiest}`], 100],
      [`/api/events?actor=…&cursor (page 2)`, [], 100],
      [`/api/paths?from=mujao&to=${busiest}`, [`/api/paths?from=mujao&to=${busiest}`], 100],
      ["/api/search?q=jnim", ["/api/search?q=jnim"], 100],
    ];
    const first = (await (await fetch(`${s.base}/api/events?actor=${busiest}`)).json()) as {
      nextCursor: string | null;
    };
    plan[5][1] = first.nextCursor
      ? [`/api/events?actor=${busiest}&cursor=${first.nextCursor}`]
      : [`/api/events?actor=${busiest}`];
    const endpoints: SizeResult["endpoints"] = [];
    for (const [label, paths, goal] of plan) endpoints.push([label, await latency(s.base, paths), goal]);
    const analytics = await analyticsUnderLoad(s.base, busiest);
    const body = Buffer.from(await (await fetch(`${s.base}/api/graph`)).arrayBuffer());
    const bare = await bareExpress(body);
    return {
      store: storeName,
      events,
      stored: health.counts.events,
      startupMs: s.startupMs,
      afterStart,
      peak: memoryOf(s.child.pid!),
      ...(databasePid && databaseAfterStart
        ? { database: { afterStart: databaseAfterStart, peak: memoryOf(databasePid).server } }
        : {}),
      loadVisibleMs: percentile(visible, 50),
      endpoints,
      bare,
      graphP99: endpoints[0][1].p99,
      analytics,
    };
  } finally {
    await stop(s);
  }
}

const mb = (bytes: number) => (bytes / MB).toFixed(0);

function print(r: SizeResult) {
  const rows: [string, string, string][] = [
    ["start-up to /api/health (ms)", r.startupMs.toFixed(0), (r.startupMs / 3000).toFixed(2)],
    ["server memory after start (MB)", mb(r.afterStart.server.rss), (r.afterStart.server.rss / (400 * MB)).toFixed(2)],
    ["server memory peak (MB)", mb(r.peak.server.hwm), (r.peak.server.hwm / (400 * MB)).toFixed(2)],
    [
      `its child processes after start / peak (MB: the front${r.store === "embedded" ? ", the embedded engine" : ""})`,
      `${mb(r.afterStart.children.rss)}/${mb(r.peak.children.hwm)}`,
      "-",
    ],
    ...(r.database
      ? [
          [
            "Neo4j database JVM (not the app server) after start / peak incl. import (MB)",
            `${mb(r.database.afterStart.rss)}/${mb(r.database.peak.hwm)}`,
            "-",
          ] as [string, string, string],
        ]
      : []),
    ["one-relationship load until visible (ms)", r.loadVisibleMs.toFixed(0), (r.loadVisibleMs / 200).toFixed(2)],
  ];
  for (const [label, l, goal] of r.endpoints) {
    rows.push([`${label} p50/p99 (ms)`, `${l.p50.toFixed(0)}/${l.p99.toFixed(0)}`, (l.p99 / goal).toFixed(2)]);
  }
  const healthP99 = Math.max(...r.endpoints.map(([, l]) => l.healthP99));
  rows.push(["/api/health p99 while they run (ms)", healthP99.toFixed(0), (healthP99 / 50).toFixed(2)]);
  const biggest = Math.max(...r.endpoints.map(([, l]) => l.bytes));
  rows.push(["largest answer (MB, raw)", (biggest / MB).toFixed(2), (biggest / (5 * MB)).toFixed(2)]);
  rows.push([
    "/api/graph p99 / bare Express p99, same bytes",
    `${r.graphP99.toFixed(0)}/${r.bare.p99.toFixed(0)}`,
    (r.graphP99 / Math.max(r.bare.p99, 0.001)).toFixed(2),
  ]);
  for (const [route, ms] of r.analytics.routes) rows.push([`${route} under load (ms)`, ms.toFixed(0), "-"]);
  const ah = r.analytics.healthP99;
  rows.push(["/api/health p99 while analytics + event pages run (ms)", ah.toFixed(0), (ah / 50).toFixed(2)]);
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(
    `scale: ${r.store}, ${r.events.toLocaleString("en")} events wanted, ${r.stored.toLocaleString("en")} in the store (${CLIENTS} clients, ${WRK ? `wrk, ${SECONDS} s per endpoint` : `Node fetch, ${PER_CLIENT} requests each`})`,
  );
  console.log(`scale:   ${"".padEnd(w)} ${"value".padStart(12)} ${"/ goal".padStart(8)}`);
  for (const [label, v, ratio] of rows)
    console.log(`scale:   ${label.padEnd(w)} ${v.padStart(12)} ${ratio.padStart(8)}`);
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "fl-scale-"));
  try {
    for (const events of SIZES) {
      const csv = path.join(dir, `acled-${events}.csv`);
      await generateAcledMonadic(csv, Math.round(events * ROWS_PER_EVENT));
      for (const storeName of STORES) {
        if (storeName === "embedded") {
          const file = path.join(dir, `store-${events}.lbug`);
          const env = { EMBEDDED_PATH: file };
          const t0 = performance.now();
          await build(csv, env);
          console.log(
            `scale: embedded store of ${Math.round(events * ROWS_PER_EVENT)} ACLED rows built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
          );
          print(await measure("embedded", events, env));
        } else if (storeName === "neo4j") {
          const why = cannotLaunch();
          if (why) {
            console.log(`scale: neo4j skipped: ${why}`);
            continue;
          }
          let server: Neo4jServer | null = null;
          try {
            server = await startNeo4j();
            const env = { STORE: "neo4j", NEO4J_URI: server.uri, NEO4J_USER: "neo4j", NEO4J_PASSWORD: "" };
            await build(csv, env);
            print(await measure("neo4j", events, env, server.pid));
          } finally {
            await server?.stop();
          }
        }
      }
      rmSync(csv, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

// Benchmark: /api/graph for a 2k-actor / 8k-relationship network (p99 under 20 concurrent clients, goal < 100 ms)
// and an ego network at depth 2 (p99, goal < 20 ms), on a real HTTP server over each store in turn: the embedded
// store in memory, then Neo4j (a fresh server this bench starts and stops, with the limits of every Faultlines Neo4j).
// Prints one table, a column per store. BENCH_API_STORES=embedded or =neo4j runs one of them.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { cannotLaunch, startNeo4j, type Neo4jServer } from "../../server/neo4j-local/index.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export async function hammer(url: (i: number) => string, clients: number, perClient: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const t0 = performance.now();
        const res = await fetch(url(c * perClient + i));
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  return times;
}

/** wrk (Debian package `wrk`) is a C load generator: it measures the server, not a Node client's own parsing. */
export function hasWrk(): boolean {
  return spawnSync("wrk", ["--version"]).error === undefined;
}

/**
 * Runs wrk and returns its latency percentiles in ms; `paths` are requested round-robin (a Lua script). Asynchronous:
 * this process's event loop stays free meanwhile (the scale bench probes /api/health from it while wrk runs).
 */
export async function wrkLatency(
  base: string,
  paths: string[],
  connections: number,
  seconds: number,
): Promise<{ p50: number; p99: number; requests: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), "fl-wrk-"));
  const script = path.join(dir, "paths.lua");
  writeFileSync(
    script,
    `local paths = {${paths.map((p) => JSON.stringify(p)).join(",")}}\nlocal i = 0\n` +
      `request = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1], {["Accept-Encoding"] = "gzip"})\nend\n`,
  );
  const child = spawn(
    "wrk",
    [`-t${Math.min(2, connections)}`, `-c${connections}`, `-d${seconds}s`, "--latency", "-s", script, base],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise((resolve) => child.once("close", resolve));
  rmSync(dir, { recursive: true, force: true });
  const ms = (label: string) => {
    const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
    if (!m) throw new Error(`wrk output without ${label}%: ${stdout}${stderr}`);
    return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  };
  const failed = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (failed) throw new Error(`wrk: ${failed[1]} answers were not 2xx/3xx (${paths[0]}…)`);
  return { p50: ms("50"), p99: ms("99"), requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0) };
}

interface ApiResult {
  loadMs: number;
  sizeMb: number;
  how: string;
  graph: { p50: number; p99: number };
  ego: { p50: number; p99: number };
}

/** Serves the synthetic graph from one store (api-server.ts in a child process) and measures both endpoints. */
export async function runApiBench(env: Record<string, string> = {}): Promise<ApiResult> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(HERE, "api-server.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const { port, loadMs } = await new Promise<{ port: number; loadMs: number }>((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      if (buf.includes("\n")) resolve(JSON.parse(buf.split("\n")[0]));
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await hammer(() => `${base}/api/graph`, 2, 3); // warm-up
    await hammer(() => `${base}/api/graph?at=2010-06-01`, 1, 1);
    const size = (await (await fetch(`${base}/api/graph`)).arrayBuffer()).byteLength;
    const egoPaths = Array.from({ length: 200 }, (_, i) => `/api/graph?actor=actor-${(i * 37) % 2000}&depth=2&at=2015`);
    await hammer((i) => `${base}${egoPaths[i % egoPaths.length]}`, 1, 20); // warm-up (plans, caches)
    if (hasWrk()) {
      return {
        loadMs,
        sizeMb: size / 1e6,
        how: "wrk",
        graph: await wrkLatency(base, ["/api/graph", "/api/graph?at=2010-06-01"], 20, 8),
        ego: await wrkLatency(base, egoPaths, 1, 5),
      };
    }
    const graph = await hammer((i) => `${base}/api/graph${i % 2 ? "?at=2010-06-01" : ""}`, 20, 10);
    const ego = await hammer((i) => `${base}${egoPaths[i % egoPaths.length]}`, 1, 200);
    return {
      loadMs,
      sizeMb: size / 1e6,
      how: "Node fetch client in this process (install Debian's wrk for a load generator that does not compete with the server)",
      graph: { p50: percentile(graph, 50), p99: percentile(graph, 99) },
      ego: { p50: percentile(ego, 50), p99: percentile(ego, 99) },
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode === null ? child.once("exit", r) : r(null)));
  }
}

/** Both stores in turn, then one table: a column per store, the goal and each store's ratio to it. */
async function main() {
  const wanted = (process.env.BENCH_API_STORES ?? "embedded,neo4j").split(",");
  const results: [string, ApiResult | string][] = [];
  if (wanted.includes("embedded")) results.push(["embedded", await runApiBench({ BENCH_STORE: "embedded" })]);
  if (wanted.includes("neo4j")) {
    const why = cannotLaunch();
    if (why) results.push(["neo4j", `skipped: ${why}`]);
    else {
      let server: Neo4jServer | null = null;
      try {
        server = await startNeo4j();
        results.push(["neo4j", await runApiBench({ BENCH_STORE: "neo4j", BENCH_NEO4J_URI: server.uri })]);
      } finally {
        await server?.stop();
      }
    }
  }
  const ok = results.filter((r): r is [string, ApiResult] => typeof r[1] !== "string");
  for (const [name, r] of results) if (typeof r === "string") console.log(`api: ${name}: ${r}`);
  if (!ok.length) return;
  console.log(
    `api: 2,000 actors / 8,000 relationships / 2,000 events loaded through the loader; load generator: ${ok[0][1].how}`,
  );
  const rows: [string, (r: ApiResult) => string][] = [
    ["load through the loader (ms)", (r) => r.loadMs.toFixed(0)],
    ["/api/graph body (MB raw, gzip on the wire)", (r) => r.sizeMb.toFixed(1)],
    ["/api/graph p50, 20 clients (ms)", (r) => r.graph.p50.toFixed(1)],
    ["/api/graph p99, 20 clients (ms)", (r) => r.graph.p99.toFixed(1)],
    ["  ratio to the goal < 100 ms (<= 1 meets it)", (r) => (r.graph.p99 / 100).toFixed(2)],
    ["ego network depth 2 p50, 1 client (ms)", (r) => r.ego.p50.toFixed(1)],
    ["ego network depth 2 p99, 1 client (ms)", (r) => r.ego.p99.toFixed(1)],
    ["  ratio to the goal < 20 ms (<= 1 meets it)", (r) => (r.ego.p99 / 20).toFixed(2)],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const cols = ok.map(([name]) => name.padStart(10)).join(" ");
  console.log(`api: ${"".padEnd(w0)} ${cols}`);
  for (const [label, cell] of rows) {
    console.log(`api: ${label.padEnd(w0)} ${ok.map(([, r]) => cell(r).padStart(10)).join(" ")}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

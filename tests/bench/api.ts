// Benchmark: /api/graph for a 2k-actor / 8k-relationship network (p99 under 20 concurrent clients, goal < 100 ms)
// and an ego network at depth 2 (p99, goal < 20 ms), on a real HTTP server over the embedded store.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function hammer(url: (i: number) => string, clients: number, perClient: number): Promise<number[]> {
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
function hasWrk(): boolean {
  return spawnSync("wrk", ["--version"]).error === undefined;
}

/** Runs wrk and returns its latency percentiles in ms; `paths` are requested round-robin (a Lua script). */
function wrkLatency(
  base: string,
  paths: string[],
  connections: number,
  seconds: number,
): { p50: number; p99: number; requests: number } {
  const script = path.join(mkdtempSync(path.join(tmpdir(), "fl-wrk-")), "paths.lua");
  writeFileSync(
    script,
    `local paths = {${paths.map((p) => JSON.stringify(p)).join(",")}}\nlocal i = 0\n` +
      `request = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1], {["Accept-Encoding"] = "gzip"})\nend\n`,
  );
  const r = spawnSync(
    "wrk",
    [`-t${Math.min(2, connections)}`, `-c${connections}`, `-d${seconds}s`, "--latency", "-s", script, base],
    { encoding: "utf8" },
  );
  const ms = (label: string) => {
    const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(r.stdout);
    if (!m) throw new Error(`wrk output without ${label}%: ${r.stdout}${r.stderr}`);
    return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  };
  return { p50: ms("50"), p99: ms("99"), requests: Number(/(\d+) requests in/.exec(r.stdout)?.[1] ?? 0) };
}

export async function runApiBench() {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(HERE, "api-server.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
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
    console.log(
      `api: loaded 2,000 actors / 8,000 relationships / 2,000 events through the loader in ${loadMs.toFixed(0)} ms`,
    );
    let g: { p50: number; p99: number }, e: { p50: number; p99: number }, how: string;
    if (hasWrk()) {
      how = "wrk";
      g = wrkLatency(base, ["/api/graph", "/api/graph?at=2010-06-01"], 20, 8);
      e = wrkLatency(base, egoPaths, 1, 5);
    } else {
      how =
        "Node fetch client in this process (install Debian's wrk for a load generator that does not compete with the server)";
      const graph = await hammer((i) => `${base}/api/graph${i % 2 ? "?at=2010-06-01" : ""}`, 20, 10);
      const ego = await hammer((i) => `${base}${egoPaths[i % egoPaths.length]}`, 1, 200);
      g = { p50: percentile(graph, 50), p99: percentile(graph, 99) };
      e = { p50: percentile(ego, 50), p99: percentile(ego, 99) };
    }
    console.log(`api: load generator: ${how}`);
    console.log(
      `api: /api/graph (${(size / 1e6).toFixed(1)} MB raw, gzip on the wire) p50 ${g.p50.toFixed(1)} ms, p99 ${g.p99.toFixed(1)} ms under 20 concurrent clients; goal < 100 ms; ratio ${(g.p99 / 100).toFixed(2)} (≤ 1 meets it)`,
    );
    console.log(
      `api: ego network depth 2 (200 distinct actors, one client) p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms; goal < 20 ms; ratio ${(e.p99 / 20).toFixed(2)} (≤ 1 meets it)`,
    );
  } finally {
    child.kill("SIGTERM");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runApiBench();

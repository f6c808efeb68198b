// Benchmark: /api/graph for a 2k-actor / 8k-relationship network (p99 under 20 concurrent clients, goal < 100 ms)
// and an ego network at depth 2 (p99, goal < 20 ms), on a real HTTP server over the embedded store.
import { spawn } from "node:child_process";
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

export async function runApiBench() {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(HERE, "api-server.ts")], { stdio: ["ignore", "pipe", "inherit"] });
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
    const graph = await hammer((i) => `${base}/api/graph${i % 2 ? "?at=2010-06-01" : ""}`, 20, 10);
    const ego = await hammer((i) => `${base}/api/graph?actor=actor-${(i * 37) % 2000}&depth=2&at=2015`, 1, 200);
    const size = (await (await fetch(`${base}/api/graph`)).arrayBuffer()).byteLength;
    const g99 = percentile(graph, 99);
    const e99 = percentile(ego, 99);
    console.log(`api: loaded 2,000 actors / 8,000 relationships / 2,000 events through the loader in ${loadMs.toFixed(0)} ms`);
    console.log(`api: /api/graph (${(size / 1e6).toFixed(1)} MB) p50 ${percentile(graph, 50).toFixed(1)} ms, p99 ${g99.toFixed(1)} ms under 20 concurrent clients; goal < 100 ms; ratio ${(g99 / 100).toFixed(2)} (≤ 1 meets it)`);
    console.log(`api: ego network depth 2 (200 distinct actors, sequential) p50 ${percentile(ego, 50).toFixed(1)} ms, p99 ${e99.toFixed(1)} ms; goal < 20 ms; ratio ${(e99 / 20).toFixed(2)} (≤ 1 meets it)`);
  } finally {
    child.kill("SIGTERM");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runApiBench();

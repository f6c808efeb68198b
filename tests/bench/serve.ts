// The benchmarks' server process: `server/main.ts` (or another entry) of this checkout in its own Node process, with
// the start-up timed from spawn to the first 200 of /api/health, its memory from /proc and /api/health probed while it
// works (tests/bench/scale.ts, tests/bench/startup.ts, tests/bench/export-scale.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../../server/store/query-book.js";
import { percentile } from "./api.js";

export const TOKEN = "bench-token-123";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TypeScript entry of this checkout in its own Node process; `nodeArgs` go before it (--cpu-prof, say). */
export const tsx = (file: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): ChildProcess =>
  spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(REPO_ROOT, file), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });

export const exited = (c: ChildProcess) =>
  new Promise<number>((resolve) =>
    c.exitCode !== null ? resolve(c.exitCode) : c.once("exit", (code) => resolve(code ?? 1)),
  );

export interface Served {
  child: ChildProcess;
  base: string;
  startupMs: number;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
}

/** Starts the server on a store (no seeds, a free port) and waits for /api/health to answer 200. */
export async function serve(env: Record<string, string>, nodeArgs: string[] = []): Promise<Served> {
  const t0 = performance.now();
  const child = tsx("server/main.ts", [], { ...env, SEED: "false", PORT: "0", API_TOKEN: TOKEN }, nodeArgs);
  let out = "";
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /on http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out.slice(-2000)}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(20);
  }
  return { child, base, startupMs: performance.now() - t0, output: () => out };
}

export async function stop(s: { child: ChildProcess }): Promise<void> {
  s.child.kill("SIGTERM");
  await exited(s.child);
}

export const MB = 1024 * 1024;

export interface Memory {
  rss: number;
  hwm: number;
}

/**
 * Resident and peak resident memory (bytes), from /proc, of a process (`server`: the app server, its worker threads
 * included) and of its descendants together (`children`: the front process that owns the port, the embedded engine's
 * process, which holds LadybugDB and its buffer pool, and tsx's esbuild service). Neo4j's JVM is no descendant: the database is reported by neither, as the
 * embedded engine is not counted as the app server's.
 */
export function memoryOf(pid: number): { server: Memory; children: Memory } {
  const read = (p: number): Memory & { kids: number[] } => {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
      const kids = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim();
      return { rss: kb("VmRSS"), hwm: kb("VmHWM"), kids: kids ? kids.split(/\s+/).map(Number) : [] };
    } catch {
      return { rss: 0, hwm: 0, kids: [] }; // the process ended meanwhile
    }
  };
  const top = read(pid);
  const children: Memory = { rss: 0, hwm: 0 };
  const queue = [...top.kids];
  for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
    const m = read(p);
    children.rss += m.rss;
    children.hwm += m.hwm;
    queue.push(...m.kids);
  }
  return { server: { rss: top.rss, hwm: top.hwm }, children };
}

/** Asks /api/health every 50 ms until stopped; stop() resolves with the p99 of its answers' times. */
export function probeHealth(base: string): { stop(): Promise<number> } {
  const times: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t0 = performance.now();
      await (await fetch(`${base}/api/health`)).arrayBuffer();
      times.push(performance.now() - t0);
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await probe;
      return percentile(times, 99);
    },
  };
}

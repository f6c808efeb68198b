// The benchmarks' server process: `server/main.ts` (or another entry) of this checkout in its own Node process, with
// the start-up timed from spawn to the first 200 of /api/health (tests/bench/scale.ts, tests/bench/startup.ts).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../../server/store/query-book.js";

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

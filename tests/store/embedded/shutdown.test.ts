// SIGTERM of `npm start`'s server process (server/main.ts) on an embedded store file: it exits within 10 s, idle or
// in the middle of a write, and the store reopens with the write either whole or absent.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEmbeddedStore } from "../../../server/store/embedded/embedded-store.js";
import { REPO_ROOT } from "../../../server/store/query-book.js";

const root = mkdtempSync(path.join(tmpdir(), "faultlines-shutdown-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const TOKEN = "shutdown-test-token";

/** Starts server/main.ts on a fresh store file; resolves with its URL once it listens. */
async function startServer(
  file: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "server/main.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, EMBEDDED_PATH: file, PORT: "0", SEED: "true", API_TOKEN: TOKEN, STORE: "embedded" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Faultlines on (http:\/\/\S+?)\/? /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    void exited.then(() => reject(new Error(`server exited while starting:\n${out}`)));
  });
  return { child, url, exited };
}

async function sourcesIn(file: string): Promise<number> {
  const store = createEmbeddedStore({ path: file });
  await store.init();
  try {
    return (await store.counts()).sources;
  } finally {
    await store.close();
  }
}

describe("SIGTERM of the server process", () => {
  it("exits with 0 within 10 s when idle, and the store reopens seeded", async () => {
    const file = path.join(root, "idle", "graph.lbug");
    const { child, url, exited } = await startServer(file);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const started = Date.now();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await sourcesIn(file)).toBeGreaterThan(20);
  }, 90_000);

  it("exits within 10 s in the middle of a load, which is then either whole or absent", async () => {
    const file = path.join(root, "loading", "graph.lbug");
    const { child, url, exited } = await startServer(file);
    const before = ((await (await fetch(`${url}/api/health`)).json()) as { counts: { sources: number } }).counts
      .sources;
    const sources = Array.from({ length: 3_000 }, (_, i) => ({
      id: `shutdown-source-${i}`,
      title: `A report ${i}`,
      publisher: "Test",
      language: "en",
      kind: "report",
    }));
    const load = fetch(`${url}/api/load`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ sources }),
    }).catch(() => null);
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    child.kill("SIGTERM");
    const code = await exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([0, 1]).toContain(code);
    await load;
    expect([before, before + 3_000]).toContain(await sourcesIn(file));
  }, 90_000);
});

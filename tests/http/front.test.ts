// The front process of `npm start` (server/http/front.ts): /api/health is answered while the app's main thread is held
// (a busy loop run on it through the inspector, as a long synchronous parse or a garbage collection would hold it),
// and says 503 server_stalled once the main thread has not answered for HEALTH_STALL_MS; every other request is
// passed to the app as it came, and waits for it. The server is server/main.ts in its own process, on an embedded
// store file.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../server/store/query-book.js";

const root = mkdtempSync(path.join(tmpdir(), "faultlines-front-"));
const TOKEN = "front-test-token";
const STALL_MS = 1_000;
let child: ChildProcess;
let url = "";
let inspector = "";

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ["--inspect=127.0.0.1:0", "--import", "tsx", path.join(REPO_ROOT, "server/main.ts")],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        EMBEDDED_PATH: path.join(root, "graph.lbug"),
        PORT: "0",
        SEED: "false",
        STORE: "embedded",
        API_TOKEN: TOKEN,
        HEALTH_STALL_MS: String(STALL_MS),
        IMPORT_MAX_BYTES: "2000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    const seen = () => {
      inspector ||= /Debugger listening on (ws:\/\/\S+)/.exec(out)?.[1] ?? "";
      url ||= /Faultlines on (http:\/\/\S+?)\/? /.exec(out)?.[1] ?? "";
      if (url && inspector) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", (d: Buffer) => ((out += d.toString()), seen()));
    child.stderr!.on("data", (d: Buffer) => ((out += d.toString()), seen()));
    child.once("exit", (code) => reject(new Error(`server exited (${code}) while starting:\n${out}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  rmSync(root, { recursive: true, force: true });
});

/**
 * Holds the server's main thread in a busy loop for `ms` (Runtime.evaluate through its inspector, from a child
 * process: Node 20's WebSocket is behind a flag). Resolves when the loop has started, with a promise of its end.
 */
async function holdMainThread(ms: number): Promise<{ released: Promise<void> }> {
  const script = `
    const ws = new WebSocket(process.argv[1]);
    ws.onopen = () => {
      ws.send(JSON.stringify({ id: 1, method: "Runtime.evaluate",
        params: { expression: "(() => { const t = Date.now(); while (Date.now() - t < ${ms}) {} })()" } }));
      setTimeout(() => console.log("holding"), 100);
    };
    ws.onmessage = (m) => { if (JSON.parse(m.data).id === 1) { console.log("released"); ws.close(); } };`;
  const p = spawn(process.execPath, ["--experimental-websocket", "-e", script, inspector], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const released = new Promise<void>((resolve, reject) => {
    p.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("released")) resolve();
    });
    p.once("exit", (code) =>
      out.includes("released") ? resolve() : reject(new Error(`hold ended (${code}): ${out}`)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    p.stdout!.on("data", () => out.includes("holding") && resolve());
    p.once("exit", () => (out.includes("holding") ? resolve() : reject(new Error(`hold did not start: ${out}`))));
  });
  return { released };
}

const health = async () => {
  const res = await fetch(`${url}/api/health`);
  return { status: res.status, body: (await res.json()) as { code?: string; status?: string; ageMs?: number } };
};

describe("the front process of npm start", () => {
  it("answers /api/health from the app's last answer, with its age, and passes other requests", async () => {
    const h = await health();
    expect(h.status).toBe(200);
    expect(h.body.status).toBe("ok");
    expect(h.body.ageMs).toBeGreaterThanOrEqual(0);
    const head = await fetch(`${url}/api/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-security-policy")).toContain("default-src 'none'");
    const actors = await fetch(`${url}/api/actors?limit=2`);
    expect(actors.status).toBe(200);
    expect(actors.headers.get("content-security-policy")).toContain("default-src 'none'");
    // fetch() sends its own Host: a page on a rebound name sends that name.
    const misdirected = await new Promise<number>((resolve, reject) =>
      http
        .get(`${url}/api/health`, { headers: { host: "evil.example" } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject),
    );
    expect(misdirected).toBe(421);
  });

  it("answers health while the main thread is held, then 503 server_stalled; other requests wait for the app", async () => {
    const { released } = await holdMainThread(STALL_MS * 4);
    let actorsDone = false;
    const actors = fetch(`${url}/api/actors?limit=1`).then(async (r) => {
      await r.arrayBuffer();
      actorsDone = true;
      return r.status;
    });
    const seen: { status: number; code?: string; whileHeld: boolean }[] = [];
    let holding = true;
    void released.then(() => (holding = false));
    while (holding) {
      const h = await health();
      seen.push({ status: h.status, code: h.body.code, whileHeld: holding && !actorsDone });
      await new Promise((r) => setTimeout(r, 100));
    }
    await released;
    expect(await actors).toBe(200);
    // Health answered while the app could not, first from its last answer, then saying the main thread is stalled.
    expect(seen.some((s) => s.whileHeld && s.status === 200)).toBe(true);
    expect(seen.some((s) => s.whileHeld && s.status === 503 && s.code === "server_stalled")).toBe(true);
    // Once the main thread is back, health is ok again.
    let after = await health();
    for (let i = 0; i < 50 && after.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await health();
    }
    expect(after.status).toBe(200);
  });

  it("passes an upload the app refuses as too large: 413, and the connection is closed, not left to hang", async () => {
    const res = await fetch(`${url}/api/import?format=acled`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "text/csv" },
      body: "x".repeat(5_000_000),
    }).catch((err: Error) => err);
    // The app may close the connection before the whole body is sent: either the 413 arrives or the send fails.
    if (res instanceof Error) expect(res.message).toMatch(/fetch failed|socket|closed/i);
    else {
      expect(res.status).toBe(413);
      expect(((await res.json()) as { code: string }).code).toBe("payload_too_large");
    }
    expect((await health()).status).toBe(200);
  });
  it("counts wrong tokens by the client's address, whatever address header the client sends", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${url}/api/load`, {
        method: "POST",
        headers: {
          authorization: "Bearer wrong-token",
          "content-type": "application/json",
          "x-forwarded-for": `203.0.113.${i}`,
        },
        body: "{}",
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("answers pipelined health requests itself, then hands the connection to the app at the first other request", async () => {
    const answer = await rawRequest(
      "GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n" +
        "HEAD /api/health?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n" +
        "GET /api/actors?limit=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d+) /g)].map((m) => m[1]);
    expect(statuses).toEqual(["200", "200", "200"]);
    expect(answer).toContain('"ageMs"');
    expect(answer).toContain('"items"');
    // A health request from a name not allowed is the app's to answer: 421.
    const misdirected = await rawRequest("GET /api/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    expect(misdirected).toMatch(/^HTTP\/1\.1 421 /);
  });
});

/** Writes `text` on a new connection to the server and resolves with all it answers until it closes the connection. */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.write(text));
    let out = "";
    socket.on("data", (d: Buffer) => (out += d.toString("latin1")));
    socket.on("end", () => resolve(out));
    socket.on("error", reject);
    socket.setTimeout(10_000, () => {
      socket.destroy();
      resolve(out);
    });
  });
}

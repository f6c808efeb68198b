// The front thread (started by front.ts): the public listener. It answers GET /api/health itself, from the app's last
// health answer, and passes every other request, as it came, to the app on the main thread (a Unix socket in a
// private directory). Whatever holds the main thread's event loop (a large import's parsing, a serialization, a
// garbage collection of the main heap), health is answered by this thread, whose heap is small: with the app's own
// answer when it comes within FRESH_MS, else with its last one and that answer's age. When the app has not answered
// for `stallMs`, health says so (503 server_stalled).
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import { CLIENT_HEADER } from "./front.js";
import { allowedHosts, isHostAllowed } from "./host-check.js";
import { API_CSP, setSecurityHeaders } from "./security-headers.js";

export interface FrontOptions {
  port: number;
  host: string;
  allowedHosts?: string;
  /** The app's Unix socket. */
  socketPath: string;
  /** Health answers 503 when the app's last health answer is older than this. */
  stallMs: number;
}

/** The app is asked for its health this often when nobody asks (so that a stall is known), ... */
const POLL_MS = 250;
/** ... and at each health request, whose answer waits this long for the app's before the last one is sent. */
const FRESH_MS = 20;
/** Hop-by-hop headers (RFC 9110 7.6.1), and Expect: this thread answers 100-continue itself. */
const HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "expect",
]);

const options = (workerData as { data: FrontOptions }).data;
const hosts = allowedHosts({ HOST: options.host, ALLOWED_HOSTS: options.allowedHosts });
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

interface HealthAnswer {
  status: number;
  headers: [string, string][];
  body: unknown;
  /** performance.now() when it arrived. */
  at: number;
}
let health: HealthAnswer | null = null;

/** The health check in flight: one at a time, whether a request or the timer started it. */
let polling: Promise<void> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Asks the app for its health (unless a check is in flight) and keeps its answer; the next check is POLL_MS later. */
function pollHealth(): Promise<void> {
  polling ??= new Promise<void>((resolve) => {
    clearTimeout(timer);
    const done = () => {
      polling = null;
      timer = setTimeout(() => void pollHealth(), POLL_MS);
      resolve();
    };
    const req = http.get(
      { socketPath: options.socketPath, path: "/api/health", headers: { host: "localhost" }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          try {
            health = {
              status: res.statusCode ?? 500,
              headers: Object.entries(res.headers)
                .filter(([k]) => !HOP.has(k) && k !== "content-length" && k !== "date" && k !== "etag")
                .map(([k, v]) => [k, String(v)]),
              body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
              at: performance.now(),
            };
          } catch {
            // a half answer (the app closed meanwhile): the last one stands
          }
          done();
        });
        res.on("error", done);
      },
    );
    req.on("error", done);
    req.setTimeout(options.stallMs, () => req.destroy());
  });
  return polling;
}

/**
 * Health as fresh as the app gives it within FRESH_MS: a check is started (or the one in flight awaited) and its answer
 * sent when it comes in time; else the last answer is sent, with its age, and the check finishes for the next one.
 */
async function serveHealth(res: ServerResponse): Promise<void> {
  let late: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([pollHealth(), new Promise((r) => (late = setTimeout(r, FRESH_MS)))]);
  clearTimeout(late);
  answerHealth(res);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: [string, string][] = []): void {
  const bytes = Buffer.from(JSON.stringify(body));
  for (const [k, v] of headers) res.setHeader(k, v);
  res.setHeader("Content-Length", bytes.byteLength);
  res.setHeader("Cache-Control", "no-store");
  res.statusCode = status;
  res.end(res.req.method === "HEAD" ? undefined : bytes);
}

function answerHealth(res: ServerResponse): void {
  const ageMs = health ? Math.round(performance.now() - health.at) : null;
  if (!health || ageMs! > options.stallMs) {
    setSecurityHeaders(res, API_CSP);
    res.setHeader("Retry-After", "5");
    const detail =
      health === null
        ? "the server has not answered its first health check yet; try again in a few seconds"
        : `the server's main thread has not answered its health check for ${(ageMs! / 1000).toFixed(1)} s (it is busy or stuck); try again in a few seconds`;
    sendJson(
      res,
      503,
      {
        type: "https://faultlines.dev/problems/server_stalled",
        title: "The server's main thread is not answering",
        status: 503,
        code: "server_stalled",
        detail,
      },
      [["content-type", "application/problem+json"]],
    );
    return;
  }
  const body = health.status === 200 ? { ...(health.body as object), ageMs } : health.body;
  sendJson(res, health.status, body, health.headers);
}

function problem(res: ServerResponse, status: number, code: string, title: string, detail: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  setSecurityHeaders(res, API_CSP);
  sendJson(res, status, { type: `https://faultlines.dev/problems/${code}`, title, status, code, detail }, [
    ["content-type", "application/problem+json"],
  ]);
}

/** Passes one request to the app and its answer back, streaming both ways. */
function pass(req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
  headers[CLIENT_HEADER] = req.socket.remoteAddress ?? "unknown";
  const up = http.request(
    { socketPath: options.socketPath, method: req.method, path: req.url, headers, agent },
    (answer) => {
      const out: string[] = [];
      const raw = answer.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) {
        const k = raw[i].toLowerCase();
        if (!HOP.has(k)) out.push(raw[i], raw[i + 1]);
      }
      // The app closes a connection whose request it refused before reading its body (a too-large upload): so
      // does this thread, rather than read the rest.
      if (/\bclose\b/i.test(String(answer.headers.connection ?? ""))) out.push("Connection", "close");
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
      answer.pipe(res);
      answer.on("error", () => res.destroy());
    },
  );
  up.on("error", (err) =>
    problem(res, 502, "internal", "The server could not answer", `the app did not answer (${err.message})`),
  );
  req.pipe(up);
  // The client went away, or the app answered before the whole body came: stop both sides.
  res.on("close", () => {
    if (!res.writableFinished) up.destroy();
    if (!req.complete) req.destroy();
  });
}

const server = http.createServer((req, res) => {
  const pathOnly = (req.url ?? "").split("?")[0];
  if (
    (req.method === "GET" || req.method === "HEAD") &&
    pathOnly === "/api/health" &&
    isHostAllowed(hosts, req.headers.host)
  ) {
    void serveHealth(res);
    return;
  }
  pass(req, res);
});
server.on("error", (err) => parentPort!.postMessage({ type: "error", message: err.message }));
let listening = false;
/** Listens once the app has given its first health answer, so that health answers from the first request on. */
function listenWhenHealthKnown(): void {
  if (listening) return;
  if (!health) {
    setTimeout(listenWhenHealthKnown, 5);
    return;
  }
  listening = true;
  server.listen(options.port, options.host, () => {
    const addr = server.address();
    parentPort!.postMessage({ type: "listening", port: typeof addr === "object" && addr ? addr.port : options.port });
  });
}
void pollHealth();
listenWhenHealthKnown();

parentPort!.on("message", (m: { type: string }) => {
  if (m.type !== "close") return;
  server.close(() => parentPort!.postMessage({ type: "closed" }));
  server.closeIdleConnections();
});

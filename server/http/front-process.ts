// The front process (started by front.ts): the public listener. A connection whose request is `GET` or `HEAD
// /api/health` (no body, an allowed Host) is answered here, from the app's health answer; at the first request that is
// anything else the connection itself (its socket, with the bytes already read) is sent to the server process, whose
// HTTP server then parses and bounds everything on it as when it listened itself. This process parses only the one
// request shape it answers, and gives anything odd (a body, a header it does not read cleanly, a head over 16 KB) to
// the app. A handed-over connection costs nothing here afterwards: no byte of it passes through this process.
//
// Health comes from the app (GET /api/health on its private Unix socket): asked at each health request (the answer
// waits FRESH_MS for it, then the last one is sent with its age), and every POLL_MS when nobody asks. When the app has
// not answered for `stallMs`, health says so: 503 server_stalled.
import http from "node:http";
import net from "node:net";
import { allowedHosts, isHostAllowed } from "./host-check.js";
import { problemBody } from "./problem.js";
import { API_CSP, setSecurityHeaders } from "./security-headers.js";

export interface FrontOptions {
  port: number;
  host: string;
  allowedHosts?: string;
  /** The app's Unix socket (for its health). */
  socketPath: string;
  /** Health answers 503 when the app's last health answer is older than this. */
  stallMs: number;
}

/** Messages from the front to the server process. */
export type FromFront =
  { type: "listening"; port: number } | { type: "error"; message: string } | { type: "connection"; head: string };

const POLL_MS = 250;
const FRESH_MS = 10;
/** A request head larger than this goes to the app (which answers 431). */
const MAX_HEAD = 16 * 1024;
/** A connection idle this long between requests is closed, as the app's server does (keepAliveTimeout). */
const IDLE_MS = 5_000;
/** A request head not complete this long after its first byte: the connection is closed (headersTimeout). */
const HEAD_MS = 60_000;

const options = JSON.parse(process.argv[2]) as FrontOptions;
const send = (m: FromFront, socket?: net.Socket) => process.send!(m, socket);
const hosts = allowedHosts({ HOST: options.host, ALLOWED_HOSTS: options.allowedHosts });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

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
let pollTimer: ReturnType<typeof setTimeout> | undefined;
const DROPPED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date", "etag"]);

/** Asks the app for its health (unless a check is in flight) and keeps its answer; the next check is POLL_MS later. */
function pollHealth(): Promise<void> {
  polling ??= new Promise<void>((resolve) => {
    clearTimeout(pollTimer);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      polling = null;
      // Until the app's first answer (it is still opening its store), ask again soon.
      pollTimer = setTimeout(() => void pollHealth(), health ? POLL_MS : 20);
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
                .filter(([k]) => !DROPPED.has(k))
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

/** The health answer as bytes: the app's (fresh within FRESH_MS, else its last with its age), or server_stalled. */
async function healthBytes(method: string, close: boolean): Promise<Buffer> {
  let late: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([pollHealth(), new Promise((r) => (late = setTimeout(r, FRESH_MS)))]);
  clearTimeout(late);
  const ageMs = health ? Math.round(performance.now() - health.at) : null;
  let status: number;
  let headers: [string, string][];
  let body: unknown;
  if (!health || ageMs! > options.stallMs) {
    status = 503;
    headers = [];
    setSecurityHeaders({ setHeader: (k: string, v: string) => void headers.push([k, v]) }, API_CSP);
    headers.push(["Content-Type", "application/problem+json"], ["Retry-After", "5"]);
    body = problemBody(
      "server_stalled",
      health === null
        ? "the server has not answered its first health check yet; try again in a few seconds"
        : `the server's main thread has not answered its health check for ${(ageMs! / 1000).toFixed(1)} s (it is busy or stuck); try again in a few seconds`,
    );
  } else {
    status = health.status;
    headers = health.headers;
    body = status === 200 ? { ...(health.body as object), ageMs } : health.body;
  }
  const payload = Buffer.from(JSON.stringify(body));
  const head = [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}`,
    ...headers.map(([k, v]) => `${k}: ${v}`),
    "Cache-Control: no-store",
    `Content-Length: ${payload.byteLength}`,
    `Date: ${new Date().toUTCString()}`,
    `Connection: ${close ? "close" : "keep-alive"}`,
    "",
    "",
  ].join("\r\n");
  return method === "HEAD" ? Buffer.from(head) : Buffer.concat([Buffer.from(head), payload]);
}

const REQUEST_LINE = /^(GET|HEAD) \/api\/health(?:\?[\x21-\x7e]*)? HTTP\/1\.([01])$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([\x20-\x7e\t]*?)[ \t]*$/;

type Taken = { kind: "more" } | { kind: "app" } | { kind: "health"; length: number; method: string; close: boolean };

/** Whether `buf` starts with a whole health request this process answers, and how long it is. */
function takeHealth(buf: Buffer, allowed: (host: string | undefined) => boolean): Taken {
  const lineEnd = buf.indexOf("\r\n");
  if (lineEnd < 0) return buf.length > MAX_HEAD ? { kind: "app" } : { kind: "more" };
  const line = REQUEST_LINE.exec(buf.subarray(0, lineEnd).toString("latin1"));
  if (!line) return { kind: "app" };
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return buf.length > MAX_HEAD ? { kind: "app" } : { kind: "more" };
  if (end > MAX_HEAD) return { kind: "app" };
  let host: string | undefined;
  let hostCount = 0;
  let close = line[2] === "0";
  const headerText = buf.subarray(lineEnd + 2, end).toString("latin1");
  for (const h of headerText ? headerText.split("\r\n") : []) {
    const m = HEADER_LINE.exec(h);
    if (!m) return { kind: "app" };
    const name = m[1].toLowerCase();
    const value = m[2];
    if (name === "host") {
      host = value;
      hostCount++;
    } else if (name === "transfer-encoding" || (name === "content-length" && value !== "0")) return { kind: "app" };
    else if (name === "connection") {
      if (/\bclose\b/i.test(value)) close = true;
      else if (/\bkeep-alive\b/i.test(value)) close = false;
    }
  }
  if (hostCount !== 1 || !allowed(host)) return { kind: "app" };
  return { kind: "health", length: end + 4, method: line[1], close };
}

/** One client connection: health requests answered here until another request hands it to the app. */
function onConnection(client: net.Socket): void {
  let buf: Buffer = Buffer.alloc(0);
  let answering = false;
  /** The client has sent its last byte (FIN): once the answers owed are written, this side ends too. */
  let ended = false;
  let headTimer: ReturnType<typeof setTimeout> | undefined;
  client.setTimeout(IDLE_MS, () => client.destroy());
  client.on("error", () => client.destroy());
  const onEnd = () => {
    ended = true;
    if (!answering) client.end();
  };

  const toApp = () => {
    // No byte may be read from here on: what is read and not sent along would be lost to the app. pause() alone
    // leaves the socket reading into its buffer (a 14 MB upload lost its middle and hung), so reading stops at once;
    // anything already buffered goes along with the head.
    const handle = (client as unknown as { _handle?: { readStop(): number } })._handle;
    handle?.readStop();
    client.pause();
    while (client.readableLength > 0) {
      const chunk = client.read() as Buffer | null;
      if (chunk === null) break;
      buf = Buffer.concat([buf, chunk]);
      handle?.readStop();
    }
    client.off("data", onData);
    client.off("end", onEnd);
    client.setTimeout(0);
    clearTimeout(headTimer);
    send({ type: "connection", head: buf.toString("base64") }, client);
  };

  const serve = async () => {
    answering = true;
    for (;;) {
      const taken = takeHealth(buf, (host) => isHostAllowed(hosts, host));
      if (taken.kind === "more") break;
      if (taken.kind === "app") {
        answering = false;
        toApp();
        return;
      }
      clearTimeout(headTimer);
      headTimer = undefined;
      buf = buf.subarray(taken.length);
      const bytes = await healthBytes(taken.method, taken.close);
      if (client.destroyed) return;
      if (taken.close) {
        client.end(bytes);
        return;
      }
      client.write(bytes);
    }
    answering = false;
    if (ended) client.end();
    else if (buf.length && !headTimer) headTimer = setTimeout(() => client.destroy(), HEAD_MS);
  };

  const onData = (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    if (!answering) void serve();
  };
  client.on("data", onData);
  client.on("end", onEnd);
}

const server = net.createServer({ allowHalfOpen: true }, onConnection);
server.on("error", (err) => send({ type: "error", message: err.message }));
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
    send({ type: "listening", port: typeof addr === "object" && addr ? addr.port : options.port });
  });
}
void pollHealth();
listenWhenHealthKnown();

process.on("message", (m: { type: string }) => {
  if (m.type === "close") server.close(() => process.exit(0));
});
// The server process went away: so does its front.
process.on("disconnect", () => process.exit(0));

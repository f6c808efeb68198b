// HTTP hardening: security headers on every answer, the Host allow-list, 4xx problems for malformed requests, body
// caps (JSON and CSV uploads, whose temp files never stay behind), throttled token guessing, http(s)-only source URLs
// and no server path from the workbench.
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { ValidationError } from "../../server/domain/index.js";
import { createApp } from "../../server/http/app.js";
import { bearerToken, createFailureThrottle } from "../../server/http/auth.js";
import { allowedHosts, isHostAllowed } from "../../server/http/host-check.js";
import { JSON_MAX_DEPTH, nestsDeeperThan } from "../../server/http/json-body.js";
import { API_CSP, PAGE_CSP } from "../../server/http/security-headers.js";
import { UPLOAD_PREFIX, sweepStaleUploads } from "../../server/http/uploads.js";
import type { Store } from "../../server/store/port.js";
import { createSeededApp, createSeededStore, testConfig } from "../helpers/server.js";

// Seeding a store (Neo4j above all) on a loaded machine can take a minute: hooks get room (no assertion is about time).
const HOOK_MS = 180_000;
const TOKEN = "test-token-123";
const ACLED_HEADER =
  "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,admin1,admin2,admin3,location,latitude,longitude,source,notes,fatalities,iso3";

/** This process's upload directories (other test workers have other pids). */
const myUploads = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith(`${UPLOAD_PREFIX}${process.pid}-`));

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function listen(app: http.RequestListener, host = "127.0.0.1"): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(app);
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve({ server, port: (server.address() as AddressInfo).port })),
  );
}

const closeServer = (server: http.Server) => new Promise<void>((r) => server.close(() => r()));

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
}

describe("security headers", () => {
  let ctx: Awaited<ReturnType<typeof createSeededApp>>;
  beforeAll(async () => {
    ctx = await createSeededApp();
  }, HOOK_MS);
  afterAll(() => ctx.close());

  it("refuses framing, sniffing and Referer on a page, with a CSP fit for the client", async () => {
    const res = await request(ctx.app).get("/");
    expect(res.headers["content-security-policy"]).toBe(PAGE_CSP);
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
    expect(PAGE_CSP).toContain("script-src 'self'");
    expect(PAGE_CSP).toContain("worker-src 'self' blob:");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });

  it("gives API answers, problems included, a deny-all CSP", async () => {
    for (const url of ["/api/health", "/api/no-such-route"]) {
      const res = await request(ctx.app).get(url);
      expect(res.headers["content-security-policy"]).toBe(API_CSP);
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    }
  });
});

describe("Host allow-list", () => {
  let ctx: Awaited<ReturnType<typeof createSeededApp>>;
  beforeAll(async () => {
    ctx = await createSeededApp();
  }, HOOK_MS);
  afterAll(() => ctx.close());

  it("answers 421 misdirected_request to a Host that is not a loopback name (DNS rebinding)", async () => {
    for (const url of ["/api/health", "/", "/api/cypher/library"]) {
      const res = await request(ctx.app).get(url).set("Host", "attacker.example");
      expectProblem(res, 421, "misdirected_request");
    }
  });

  it("refuses the attacker's name even with the server's port, and with a trailing dot or odd case", async () => {
    for (const host of ["attacker.example:3000", "localhost.attacker.example", "127.0.0.1.nip.io", "evil"]) {
      expect((await request(ctx.app).get("/api/health").set("Host", host)).status).toBe(421);
    }
  });

  it("answers loopback names with any port", async () => {
    for (const host of ["localhost", "localhost:5173", "LOCALHOST.:3000", "127.0.0.1:3000", "[::1]:3000"]) {
      expect((await request(ctx.app).get("/api/health").set("Host", host)).status).toBe(200);
    }
  });

  it("adds ALLOWED_HOSTS and a non-wildcard HOST to the loopback names", () => {
    const list = allowedHosts({ HOST: "10.0.0.5", ALLOWED_HOSTS: "faultlines.example, [fd00::1]:8443" });
    expect(isHostAllowed(list, "faultlines.example:80")).toBe(true);
    expect(isHostAllowed(list, "10.0.0.5:3000")).toBe(true);
    expect(isHostAllowed(list, "[fd00::1]:8443")).toBe(true);
    expect(isHostAllowed(list, "[fd00::1]:8444")).toBe(false);
    expect(isHostAllowed(list, "other.example")).toBe(false);
    expect(isHostAllowed(list, undefined)).toBe(false);
  });

  it("does not take a wildcard bind address (HOST=0.0.0.0, as in docker-compose) for a host name", () => {
    const list = allowedHosts({ HOST: "0.0.0.0", ALLOWED_HOSTS: undefined });
    expect(isHostAllowed(list, "0.0.0.0:3000")).toBe(false);
    expect(isHostAllowed(list, "127.0.0.1:3000")).toBe(true);
  });

  it("answers any Host when ALLOWED_HOSTS is *", () => {
    expect(isHostAllowed(allowedHosts({ HOST: "127.0.0.1", ALLOWED_HOSTS: "*" }), "anything.example")).toBe(true);
  });

  it("refuses a malformed ALLOWED_HOSTS at start-up, naming the variable", () => {
    const err = (() => {
      try {
        loadConfig({ ALLOWED_HOSTS: "good.example, not a host" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0].path).toBe("env.ALLOWED_HOSTS");
  });
});

describe("malformed requests get a 4xx problem", () => {
  let ctx: Awaited<ReturnType<typeof createSeededApp>>;
  beforeAll(async () => {
    ctx = await createSeededApp({ JSON_MAX_BYTES: "2048" });
  }, HOOK_MS);
  afterAll(() => ctx.close());

  const exportBody = JSON.stringify({ format: "json" });

  it("answers 415 to a JSON body in an unknown charset", async () => {
    const res = await request(ctx.app)
      .post("/api/export")
      .set("Content-Type", "application/json; charset=bogus")
      .send(exportBody);
    expectProblem(res, 415, "unsupported_media_type");
  });

  it("answers 415 to JSON in a charset other than UTF-8 (RFC 8259)", async () => {
    const res = await request(ctx.app)
      .post("/api/export")
      .set("Content-Type", "application/json; charset=utf-16le")
      .send(Buffer.from(exportBody, "utf16le"));
    expectProblem(res, 415, "unsupported_media_type");
  });

  it("answers 400 to a body nested deeper than the cap, before anything walks it", async () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const graph = `{"attributes":{"x":${deep(JSON_MAX_DEPTH)}},"nodes":[],"edges":[]}`;
    const res = await request(ctx.app)
      .post("/api/export")
      .set("Content-Type", "application/json")
      .send(`{"format":"json","graph":${graph}}`);
    expectProblem(res, 400, "validation_failed");
    expect(res.body.issues[0].code).toBe("too_deep");
  });

  it("counts no bracket inside a string toward the nesting cap", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(nestsDeeperThan(text(String.raw`{"a":"[[[\"[[\\"}`), 1)).toBe(false);
    expect(nestsDeeperThan(text(String.raw`{"a":"\\", "b":[[]]}`), 2)).toBe(true);
    expect(nestsDeeperThan(text(`[[[]]]`), 3)).toBe(false);
    expect(nestsDeeperThan(text(`[[[[]]]]`), 3)).toBe(true);
  });

  it("answers 415 to an unknown Content-Encoding", async () => {
    const res = await request(ctx.app)
      .post("/api/export")
      .set("Content-Type", "application/json")
      .set("Content-Encoding", "bogus")
      .send(exportBody);
    expectProblem(res, 415, "unsupported_media_type");
  });

  it.each(["/api/actors/%", "/api/actors/%E0%A4%A", "/api/actors/jnim%zz"])(
    "answers 400 to the malformed escape in %s",
    async (url) => {
      const res = await request(ctx.app).get(url);
      expectProblem(res, 400, "validation_failed");
      expect(res.body.issues[0]).toMatchObject({ path: "url", code: "invalid_escape" });
    },
  );

  it("answers 400 to a body that is not JSON", async () => {
    const res = await request(ctx.app).post("/api/export").set("Content-Type", "application/json").send("{format:");
    expectProblem(res, 400, "validation_failed");
  });

  it("answers 413 naming the cap to a JSON body over JSON_MAX_BYTES", async () => {
    const res = await request(ctx.app)
      .post("/api/export")
      .set("Content-Type", "application/json")
      .send(JSON.stringify({ format: "json", title: "x".repeat(4096) }));
    expectProblem(res, 413, "payload_too_large");
    expect(res.body.limit).toBe(2048);
    expect(res.body.detail).toContain("2048 bytes");
  });

  it("still answers a well-formed request after all of these", async () => {
    const res = await request(ctx.app).post("/api/export").set("Content-Type", "application/json").send(exportBody);
    expect(res.status).toBe(200);
  });
});

describe("POST /api/import bodies", () => {
  const CAP = 4096;
  let ctx: Awaited<ReturnType<typeof createSeededApp>>;
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    ctx = await createSeededApp({ IMPORT_MAX_BYTES: String(CAP) });
    ({ server, port } = await listen(ctx.app));
  }, HOOK_MS);
  afterAll(async () => {
    await closeServer(server);
    await ctx.close();
  });

  const post = () =>
    request(ctx.app)
      .post("/api/import?format=acled")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "text/csv");

  it("answers 413 naming IMPORT_MAX_BYTES to a declared length over the cap, leaving no file", async () => {
    const res = await post().send(`${ACLED_HEADER}\n${"x".repeat(CAP)}\n`);
    expectProblem(res, 413, "payload_too_large");
    expect(res.body.detail).toContain("IMPORT_MAX_BYTES");
    expect(res.body.limit).toBe(CAP);
    expect(myUploads()).toEqual([]);
  });

  it("answers 413 to a chunked body that grows over the cap, leaving no file", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          host: "127.0.0.1",
          method: "POST",
          path: "/api/import?format=acled",
          headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "text/csv", "Transfer-Encoding": "chunked" },
        },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.write(`${ACLED_HEADER}\n`);
      for (let i = 0; i < 8; i++) req.write("y".repeat(1024));
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).code).toBe("payload_too_large");
    await until(() => myUploads().length === 0);
  });

  it("answers 415 to a compressed upload and to a JSON body", async () => {
    expectProblem(await post().set("Content-Encoding", "gzip").send("abc"), 415, "unsupported_media_type");
    const json = await request(ctx.app)
      .post("/api/import?format=acled")
      .set("Authorization", `Bearer ${TOKEN}`)
      .send({ csv: ACLED_HEADER });
    expectProblem(json, 415, "unsupported_media_type");
  });

  it("removes the temp file of an import that fails", async () => {
    const res = await post().send(`${ACLED_HEADER}\nnot,a,valid,row\n`);
    expect(res.status).toBe(400);
    expect(myUploads()).toEqual([]);
  });

  it("removes the temp file when the client goes away mid-upload, and keeps answering", async () => {
    const req = http.request({
      port,
      host: "127.0.0.1",
      method: "POST",
      path: "/api/import?format=acled",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "text/csv", "Content-Length": String(CAP) },
    });
    req.on("error", () => {});
    req.write(`${ACLED_HEADER}\n`);
    await until(() => myUploads().length === 1);
    req.destroy();
    await until(() => myUploads().length === 0);
    expect((await request(ctx.app).get("/api/health")).status).toBe(200);
  });

  it("sweeps the upload directories a killed server left behind, not a running server's", () => {
    const dead = path.join(os.tmpdir(), `${UPLOAD_PREFIX}999999999-test`);
    const alive = path.join(os.tmpdir(), `${UPLOAD_PREFIX}${process.ppid}-test`);
    mkdirSync(dead, { recursive: true });
    mkdirSync(alive, { recursive: true });
    try {
      expect(sweepStaleUploads()).toContain(dead);
      const left = readdirSync(os.tmpdir());
      expect(left).not.toContain(path.basename(dead));
      expect(left).toContain(path.basename(alive));
    } finally {
      for (const dir of [dead, alive]) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("bearer tokens", () => {
  let store: Store;
  let now = 0;
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    store = await createSeededStore();
    const { app, ctx } = createApp({
      config: testConfig(),
      store,
      tokenThrottle: createFailureThrottle({ limit: 10, windowMs: 60_000, now: () => now }),
    });
    await ctx.model.refresh();
    // Dual-stack: requests to [::1] and to 127.0.0.1 arrive from two client addresses.
    ({ server, port } = await listen(app, "::"));
  }, HOOK_MS);
  afterAll(async () => {
    await closeServer(server);
    await store.close();
  });

  const load = (host: string, authorization?: string) => {
    const req = request(`http://${host}:${port}`).post("/api/load?dryRun=true");
    if (authorization !== undefined) req.set("Authorization", authorization);
    return req.send({ sources: [] });
  };

  it("reads the Bearer scheme case-insensitively (RFC 9110)", async () => {
    expect(bearerToken(`bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`BEARER  ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`Basic ${TOKEN}`)).toBeNull();
    expect(bearerToken(`Bearer`)).toBeNull();
    expect((await load("127.0.0.1", `bearer ${TOKEN}`)).status).toBe(200);
  });

  it("answers 429 with Retry-After after ten wrong tokens from one address, and not to another address", async () => {
    for (let i = 0; i < 10; i++) expectProblem(await load("127.0.0.1", `Bearer wrong-token-${i}`), 401, "unauthorized");
    const refused = await load("127.0.0.1", `Bearer wrong-token-x`);
    expectProblem(refused, 429, "too_many_requests");
    expect(Number(refused.headers["retry-after"])).toBe(60);
    // Even the right token waits on this address: the guessing stops here, whatever the guess.
    expect((await load("127.0.0.1", `Bearer ${TOKEN}`)).status).toBe(429);
    expect((await load("[::1]", `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it("lets the address try again once the window has passed", async () => {
    now += 60_001;
    expect((await load("127.0.0.1", `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it("does not count requests that present no credentials", async () => {
    for (let i = 0; i < 6; i++) expect((await load("[::1]")).status).toBe(401);
    for (let i = 0; i < 6; i++) expect((await load("[::1]", " ")).status).toBe(401);
    expect((await load("[::1]", `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it("forgets the oldest client first when it remembers too many", () => {
    const throttle = createFailureThrottle({ limit: 1, maxClients: 2, now: () => 0 });
    for (const client of ["a", "b", "c"]) throttle.recordFailure(client);
    expect(throttle.retryAfterMs("a")).toBe(0);
    expect(throttle.retryAfterMs("c")).toBe(60_000);
  });
});

describe("data and engine answers", () => {
  let ctx: Awaited<ReturnType<typeof createSeededApp>>;
  beforeAll(async () => {
    ctx = await createSeededApp();
  }, HOOK_MS);
  afterAll(() => ctx.close());

  it.each(["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/x", "/relative"])(
    "refuses the source URL %s with a validation error naming the field",
    async (url) => {
      const source = { id: "src-x", title: "T", publisher: "P", url, language: "en", kind: "news" };
      const res = await request(ctx.app)
        .post("/api/load?dryRun=true")
        .set("Authorization", `Bearer ${TOKEN}`)
        .send({ sources: [source] });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.issues.map((i: { path: string }) => i.path).join(" ")).toMatch(/url/);
    },
  );

  it("accepts http: and https: source URLs", async () => {
    const sources = ["http://example.org/a", "https://example.org/b"].map((url, i) => ({
      id: `src-${i}`,
      title: "T",
      publisher: "P",
      url,
      language: "en",
      kind: "news",
    }));
    const res = await request(ctx.app)
      .post("/api/load?dryRun=true")
      .set("Authorization", `Bearer ${TOKEN}`)
      .send({ sources });
    expect(res.status).toBe(200);
  });

  it("never answers the server's home directory to a workbench settings call", async () => {
    const res = await request(ctx.app)
      .post("/api/cypher")
      .send({ query: "CALL current_setting('home_directory') RETURN *" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toContain(os.homedir());
  });
});

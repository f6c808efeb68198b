// /api/health answers from the server's memory (issue 16 point 2, issue 17): while a long analysis and event pages
// run, it answers before the analysis does; and its counts follow each committed write (a load, an import) exactly as
// the store counts them, without asking the store. A real HTTP server on the run's store (the embedded one in its own
// engine process, as `npm start` runs it).
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveClashes } from "../../server/domain/index.js";
import type { AppContext } from "../../server/http/context.js";
import { createApp } from "../../server/http/app.js";
import { createIsolatedEmbeddedStore } from "../../server/store/embedded/isolated-store.js";
import type { Store } from "../../server/store/port.js";
import { generateBundle } from "../bench/generate.js";
import { testConfig } from "../helpers/server.js";
import { createTestStore, TEST_STORE } from "../helpers/store.js";
import { createAll } from "../store/fixtures.js";

const MIB = 1024 * 1024;
const root = mkdtempSync(path.join(tmpdir(), "faultlines-health-"));
/** A signed network large enough that its yearly series takes seconds (600 actors, 2,400 ties, 600 events). */
const bundle = generateBundle(600, 2_400, 600, 42);

const HEADER =
  "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,admin1,admin2,admin3,location,latitude,longitude,source,notes,fatalities,iso3";
const ROW = `MLI9100,2 March 2017,1,Battles,Armed clash,JNIM: Group for Support of Islam and Muslims,,2,Military Forces of Mali (2013-2020),,1,Mali,Mopti,Douentza,Boni,Boni,15.03,-1.97,RFI,Clash near Boni.,4,MLI`;

let store: Store;
let ctx: AppContext;
let server: http.Server;
let url = "";

interface Health {
  status: string;
  counts: Record<string, number>;
  version: number;
  engine: { state: string; ping: { ok: boolean; ms: number; ageMs: number } | null; checking: boolean };
}
const health = async (): Promise<Health> => {
  const res = await fetch(`${url}/api/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as Health;
};

beforeAll(async () => {
  store =
    TEST_STORE === "embedded"
      ? createIsolatedEmbeddedStore({ path: path.join(root, "graph.lbug"), bufferPoolBytes: 256 * MIB })
      : await createTestStore();
  if (TEST_STORE === "embedded") await store.init();
  const app = createApp({ config: testConfig(), store });
  ctx = app.ctx;
  await ctx.model.refresh();
  server = http.createServer(app.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await store?.close();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe(`/api/health (${TEST_STORE} store)`, () => {
  it("counts what each committed write adds, as the store counts it, and reports the engine's last ping", async () => {
    const empty = await health();
    expect(empty.counts).toEqual(await store.counts());
    expect(empty.counts.events).toBe(0);

    // One commit through the app's store (what a load does): the counts move with it.
    await ctx.model.store.apply(createAll(bundle, deriveClashes(bundle.events)));
    const loaded = await health();
    expect(loaded.version).toBeGreaterThan(empty.version);
    expect(loaded.counts).toEqual(await store.counts());
    expect(loaded.counts).toMatchObject({
      actors: bundle.actors.length,
      relationships: bundle.relationships.length,
      events: bundle.events.length,
      places: bundle.places.length,
      sources: bundle.sources.length,
    });

    // An import over HTTP: one event, with the place and the source it creates.
    const res = await fetch(`${url}/api/import?format=acled`, {
      method: "POST",
      headers: { authorization: "Bearer test-token-123", "content-type": "text/csv" },
      body: `${HEADER}\n${ROW}\n`,
    });
    expect(res.status).toBe(200);
    const imported = await health();
    expect(imported.version).toBeGreaterThan(loaded.version);
    expect(imported.counts).toEqual(await store.counts());
    expect(imported.counts.events).toBe(loaded.counts.events + 1);
    expect(imported.counts.places).toBeGreaterThan(loaded.counts.places);

    // The ping runs in the background: a later answer reports one that finished, with its age.
    let h = imported;
    while (!h.engine.ping) h = await health();
    expect(h.engine).toMatchObject({ state: "ready", ping: { ok: true } });
    expect(h.engine.ping.ageMs).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it("answers while a long analysis and event pages run, before the analysis ends", async () => {
    if ((await health()).counts.actors < bundle.actors.length) {
      await ctx.model.store.apply(createAll(bundle, deriveClashes(bundle.events)));
    }
    const order: string[] = [];
    let done = false;
    const series = fetch(`${url}/api/analytics/series`).then(async (r) => {
      order.push("series");
      done = true;
      return { status: r.status, body: (await r.json()) as { points: unknown[] } };
    });
    const actor = bundle.events[0].participants[0].actorId;
    const pages = Array.from({ length: 6 }, () =>
      fetch(`${url}/api/events?actor=${actor}&limit=200`).then((r) => {
        order.push("page");
        return r.status;
      }),
    );
    const answers: number[] = [];
    while (!done) {
      const res = await fetch(`${url}/api/health`);
      answers.push(res.status);
      await res.arrayBuffer();
      order.push("health");
    }
    const result = await series;
    expect(result.status).toBe(200);
    expect(result.body.points.length).toBeGreaterThan(10);
    expect(await Promise.all(pages)).toEqual(pages.map(() => 200));
    expect(answers.every((s) => s === 200)).toBe(true);
    // Health answered again and again while the analysis ran: it did not wait for it (on the event loop, the series
    // held every request until it ended, and at most the probe already in flight came first).
    expect(order.indexOf("series")).toBeGreaterThan(5);
    expect(order.slice(0, order.indexOf("series")).filter((x) => x === "health").length).toBeGreaterThan(5);
  }, 180_000);
});

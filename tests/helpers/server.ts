// Test helpers: a seeded store of the run's kind (tests/helpers/store.ts) and a real HTTP server on an ephemeral port.
import { loadConfig, type Config } from "../../server/config.js";
import { createApp } from "../../server/http/app.js";
import { listenWithFront } from "../../server/http/front.js";
import { parseInputs } from "../../server/services/loader.js";
import { seedStore } from "../../server/services/seed-store.js";
import { readSeedInputs } from "../../server/services/seeds.js";
import type { Store } from "../../server/store/port.js";
import { createTestStore, neo4jUri, TEST_STORE } from "./store.js";

/** How many actors the seed files hold: a seeded store must count exactly these (the seeds grow, tests follow). */
const seedBundle = parseInputs(readSeedInputs());
export const SEED_ACTORS = seedBundle.actors.length;
export const SEED_EVENTS = seedBundle.events.length;
/** Every seeded actor id, sorted as Cypher's `ORDER BY id` sorts them. */
export const SEED_ACTOR_IDS = seedBundle.actors.map((a) => a.id).sort();
/** Sum of the seeded events' best fatality counts (unknown tolls add nothing, as in Cypher's sum). */
export const SEED_FATALITIES = seedBundle.events.reduce((sum, e) => sum + (e.fatalities?.best ?? 0), 0);

/** The first and last year any seeded actor, tie or event is dated (what the API's default ranges follow). */
export const SEED_YEARS = (() => {
  const years = [
    ...seedBundle.actors.flatMap((a) => [a.founded, a.dissolved]),
    ...seedBundle.relationships.flatMap((r) => [r.since, r.until]),
    ...seedBundle.events.map((e) => e.date),
  ]
    .filter((d): d is string => Boolean(d))
    .map((d) => Number(d.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
})();

/** Who an analyst expects on each side of the blocs in late 2022 (the seeds' hostile ties and clashes decide it). */
export const BLOCS_2022 = {
  stateSide: [
    "fama",
    "france-military",
    "minusma",
    "burkina-faso-armed-forces",
    "niger-armed-forces",
    "vdp",
    "gatia",
    "msa",
  ],
  jihadists: ["jnim", "aqim", "is-sahel", "ansarul-islam", "iswap", "boko-haram"],
};

export async function createSeededStore(): Promise<Store> {
  const store = await createTestStore();
  await seedStore(store);
  return store;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    STORE: TEST_STORE,
    EMBEDDED_PATH: ":memory:",
    ...(TEST_STORE === "neo4j" ? { NEO4J_URI: neo4jUri() } : {}),
    API_TOKEN: "test-token-123",
    ...env,
  });
}

/** createApp() over a seeded in-memory store (supertest takes `app`). */
export async function createSeededApp(env: Record<string, string> = {}) {
  const store = await createSeededStore();
  const { app, ctx } = createApp({ config: testConfig(env), store });
  await ctx.model.refresh();
  return { app, ctx, store, close: () => store.close() };
}

/** A real listening server, behind the front process as `npm start` runs it (for browser tests and benchmarks). */
export async function startTestServer(
  env: Record<string, string> = {},
): Promise<{ url: string; store: Store; close(): Promise<void> }> {
  const { app, store } = await createSeededApp(env);
  // As `npm start` serves it: the front process on the port, the app behind it (server/http/front.ts).
  const front = await listenWithFront(app, { port: 0, host: "127.0.0.1", stallMs: 5_000 });
  return {
    url: `http://127.0.0.1:${front.port}`,
    store,
    close: async () => {
      await front.close();
      await store.close();
    },
  };
}

// Large writes into a live Neo4j (server/store/neo4j/bulk.ts): staged in batches, published in one transaction.
// Thresholds are lowered so the real ACLED sample (3,314 events) goes through many staging batches.
import { spawn } from "node:child_process";
import path from "node:path";
import neo4j, { type Driver } from "neo4j-driver";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Bundle } from "../../../server/domain/index.js";
import { importFile } from "../../../server/ingest/import-file.js";
import { loadInputs } from "../../../server/services/loader.js";
import { readSeedInputs } from "../../../server/services/seeds.js";
import type { BulkHooks } from "../../../server/store/neo4j/bulk.js";
import type { Store } from "../../../server/store/port.js";
import { ACLED_FILE, HAS_DATA } from "../../ingest/helpers.js";
import { neo4jTestStore, neo4jUri, TEST_STORE, wipeNeo4j } from "../../helpers/store.js";

const STAGING_NODES =
  "MATCH (n) WHERE n:StagedEvent OR n:StagedPlace OR n:StagedSource OR n:StagedActor RETURN count(n) AS n";

class InjectedFailure extends Error {}

describe.skipIf(TEST_STORE !== "neo4j" || !HAS_DATA)("neo4j bulk writes (staged, published in one transaction)", () => {
  let uri: string;
  let driver: Driver;
  let seeded: Bundle;
  const stores: Store[] = [];
  let hooks: BulkHooks = {};

  async function storeWithBulk(): Promise<Store> {
    const store = neo4jTestStore(uri, {
      bulk: {
        stageFrom: 1,
        batchRows: 500,
        probeTimeoutMs: 500,
        hooks: { afterBatch: (i) => hooks.afterBatch?.(i), beforePublish: () => hooks.beforePublish?.() },
      },
    });
    stores.push(store);
    await store.init();
    return store;
  }

  const count = async (text: string) => Number((await driver.executeQuery(text)).records[0].get("n"));

  beforeAll(async () => {
    uri = neo4jUri();
    driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", ""));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await driver.close();
  });
  beforeEach(async () => {
    hooks = {};
    await wipeNeo4j(uri);
    const store = await storeWithBulk();
    await loadInputs(store, readSeedInputs());
    seeded = await store.readAll();
  });

  it("lands a large import whole, leaves no staging behind, and writes nothing the second time", async () => {
    const store = await storeWithBulk();
    let batches = 0;
    hooks = { afterBatch: () => void batches++ };
    const report = await importFile(store, { format: "acled", file: ACLED_FILE });
    expect(batches).toBeGreaterThan(10);
    expect((await store.counts()).events).toBe(seeded.events.length + report.load.counts.events.created);
    expect(await count(STAGING_NODES)).toBe(0);
    const again = await importFile(store, { format: "acled", file: ACLED_FILE });
    expect(again.written).toBe(false);
    expect(again.load.counts.events.unchanged).toBe(report.load.counts.events.created);
  });

  it("shows readers nothing of an import until it is published", async () => {
    const store = await storeWithBulk();
    const reader = await storeWithBulk();
    const before = await reader.counts();
    const seen: number[] = [];
    const look = async () => {
      expect(await reader.counts()).toEqual(before);
      seen.push((await reader.readAll()).events.length);
      const r = await reader.runReadOnly(
        "MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event) RETURN count(e) AS n",
        {},
        { timeoutMs: 5_000, maxRows: 1 },
      );
      expect(r.rows[0].n).toBe(seeded.events.reduce((n, e) => n + e.participants.length, 0));
    };
    hooks = { afterBatch: async ({ batch }) => (batch % 4 === 0 ? look() : undefined), beforePublish: look };
    await importFile(store, { format: "acled", file: ACLED_FILE });
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen)).toEqual(new Set([seeded.events.length]));
    expect((await reader.counts()).events).toBeGreaterThan(before.events);
  });

  it("leaves the store exactly as before, without staging, when a staging batch fails", async () => {
    const store = await storeWithBulk();
    hooks = {
      afterBatch: ({ batch }) => {
        if (batch === 5) throw new InjectedFailure("injected failure after the fifth staging batch");
      },
    };
    await expect(importFile(store, { format: "acled", file: ACLED_FILE })).rejects.toBeInstanceOf(InjectedFailure);
    expect(await store.readAll()).toEqual(seeded);
    expect(await count(STAGING_NODES)).toBe(0);
  });

  it("leaves the store exactly as before when the publish breaks a uniqueness constraint", async () => {
    const store = await storeWithBulk();
    // Another writer creates one of the import's events after the import read the store: the publish must fail whole.
    hooks = {
      beforePublish: async () => {
        await driver.executeQuery("CREATE (:Event {id: 'acled-mli4682'})");
      },
    };
    const err = await importFile(store, { format: "acled", file: ACLED_FILE }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/already exists|ConstraintValidation/i);
    await driver.executeQuery("MATCH (e:Event {id: 'acled-mli4682'}) DETACH DELETE e");
    expect(await store.readAll()).toEqual(seeded);
    expect(await count(STAGING_NODES)).toBe(0);
  });

  it("clears the staging of an import killed mid-way at the next init, and the store is as before", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "crash-child.ts"), uri, ACLED_FILE],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (/staged 6\n/.test(out)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`child exited (${code}) before staging 6 batches:\n${out}`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(await count(STAGING_NODES)).toBeGreaterThan(0);
    const store = await storeWithBulk();
    expect(await count(STAGING_NODES)).toBe(0);
    expect(await store.readAll()).toEqual(seeded);
  });
});

// The stored event counts (issue 17: start-up reads them instead of counting every event): after each kind of write
// (curated loads, ACLED and UCDP imports with the embedded store's write-ahead and Neo4j's staging, updates that move
// events in time and change their participants, an import abandoned after writing ahead) readActivity equals the
// counts derived from the events, and a store from before them gets them built once when it opens. Runs on the store
// of the project (embedded in memory or on file, live Neo4j).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import lbug from "@ladybugdb/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../../server/domain/index.js";
import { importFile } from "../../server/ingest/import-file.js";
import { loadBundle, loadInputs } from "../../server/services/loader.js";
import { createReadModelHolder } from "../../server/services/read-model.js";
import { readSeedInputs } from "../../server/services/seeds.js";
import { createEmbeddedStore } from "../../server/store/embedded/embedded-store.js";
import { createIsolatedEmbeddedStore } from "../../server/store/embedded/isolated-store.js";
import { emptyBundle } from "../../server/domain/index.js";
import type { Store } from "../../server/store/port.js";
import { generateAcledMonadic } from "../bench/samples.js";
import { createTestStore, neo4jTestStore, neo4jUri, TEST_STORE } from "../helpers/store.js";
import { GED_FILE, HAS_DATA, tempCsv } from "../ingest/helpers.js";

/** The stored counts equal those derived from the events, and are not empty. */
async function expectStoredEqualsDerived(store: Store) {
  const stored = await store.readActivity();
  expect(stored).toEqual(await store.deriveActivity());
  expect(stored.actors.length).toBeGreaterThan(0);
  return stored;
}

describe.skipIf(!HAS_DATA)("stored event counts", () => {
  let store: Store;
  let holder: ReturnType<typeof createReadModelHolder>;
  beforeAll(async () => {
    store = await createTestStore();
    holder = createReadModelHolder(store);
    await holder.get();
    await loadInputs(holder.store, readSeedInputs());
  }, 120_000);
  afterAll(() => store?.close());

  it("equal the derived counts after the curated seeds", async () => {
    await expectStoredEqualsDerived(store);
  });

  it("equal them after an ACLED import large enough for the bulk paths (COPY and write-ahead; Neo4j staging)", async () => {
    const file = tempCsv("acled.csv", "");
    // About 5,500 events: past Neo4j's staging threshold (5,000 created nodes) and the embedded COPY threshold.
    await generateAcledMonadic(file, 14_000);
    const report = await importFile(holder.store, { format: "acled", file });
    expect(report.load.counts.events.created).toBeGreaterThan(5_000);
    const stored = await expectStoredEqualsDerived(store);
    // The server's model, kept by applying commits, says the same.
    const model = await holder.get();
    expect(Object.fromEntries(model.months)).toEqual(Object.fromEntries(stored.months.map((m) => [m.month, m.count])));
  }, 240_000);

  it("equal them after a UCDP GED import", async () => {
    const report = await importFile(holder.store, { format: "ucdp-ged", file: GED_FILE });
    expect(report.load.counts.events.created).toBeGreaterThan(100);
    await expectStoredEqualsDerived(store);
  }, 120_000);

  it("equal them after updates that move events to other days and months and change their participants", async () => {
    const before = await store.readActivity();
    const page = await store.readEvents({ limit: 40, order: "asc" });
    const events = page.items;
    expect(events.length).toBe(40);
    const changed: Event[] = events.map((e, i) => {
      if (i % 4 === 0) return { ...e, date: "1900-01-15" }; // a new month, and a new first day
      if (i % 4 === 1) return { ...e, date: `${e.date.slice(0, 7)}` }; // the same month, its first day
      if (i % 4 === 2) return { ...e, participants: e.participants.slice(0, 1) }; // a participant fewer
      return { ...e, date: "2023-06-15", participants: [...e.participants, { ...e.participants[0], side: "B" }] };
    });
    const report = await loadBundle(holder.store, { ...emptyBundle(), events: changed });
    expect(report.counts.events.updated).toBeGreaterThan(30);
    const after = await expectStoredEqualsDerived(store);
    expect(after).not.toEqual(before);
    expect(after.range.min).toBe("1900-01-15");
    // Moved back: the 1900 month goes again (a count that falls to zero is deleted, not left at zero).
    await loadBundle(holder.store, { ...emptyBundle(), events });
    const back = await expectStoredEqualsDerived(store);
    expect(back.months.some((m) => m.month === "1900-01")).toBe(false);
    expect(back).toEqual(before);
  }, 120_000);

  it("equal them after an import abandoned once its events went ahead (they are deleted again)", async () => {
    if (!store.openWrite) return; // Neo4j has no write-ahead
    const before = await store.readActivity();
    const [template] = (await store.readEvents({ limit: 1, order: "asc" })).items;
    const write = await store.openWrite();
    for (let i = 0; i < 50; i++)
      write.writeAhead({ ...template, id: `abandoned-${i}`, date: "2030-01-0" + (1 + (i % 9)) });
    write.readDone({ places: [], sources: [] });
    write.resolved({ actors: [] });
    await write.abort();
    expect(await store.readActivity()).toEqual(before);
    await expectStoredEqualsDerived(store);
  }, 60_000);
});

// Embedded only, and not even declared in the neo4j project (where a skipped test fails CI).
(TEST_STORE === "embedded" ? describe.skipIf(!HAS_DATA) : () => {})(
  "stored event counts through the engine's own process",
  () => {
    const root = mkdtempSync(path.join(tmpdir(), "faultlines-activity-iso-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it("equal the derived counts after an import whose events went ahead as references (what npm start runs)", async () => {
      const store = createIsolatedEmbeddedStore({ path: path.join(root, "graph.lbug"), aheadChunkRows: 200 });
      await store.init();
      try {
        await loadInputs(store, readSeedInputs());
        const file = tempCsv("acled-isolated.csv", "");
        await generateAcledMonadic(file, 1_500);
        const report = await importFile(store, { format: "acled", file });
        expect(report.load.counts.events.created).toBeGreaterThan(400);
        await expectStoredEqualsDerived(store);
      } finally {
        await store.close();
      }
    }, 120_000);
  },
);

describe("stored event counts of a store from before them", () => {
  const root = mkdtempSync(path.join(tmpdir(), "faultlines-activity-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Opens a store of the project's kind holding the seeds, with its stored counts deleted as an old store lacks them. */
  async function oldStore(keepSomeMonths = false): Promise<{
    reopen: () => Promise<Store>;
    derived: Awaited<ReturnType<Store["deriveActivity"]>>;
  }> {
    if (TEST_STORE === "neo4j") {
      const store = await createTestStore("neo4j");
      await loadInputs(store, readSeedInputs());
      const derived = await store.deriveActivity();
      await store.close();
      const driver = neo4j.driver(neo4jUri(), neo4j.auth.basic("neo4j", ""));
      try {
        await driver.executeQuery(
          keepSomeMonths
            ? "MATCH (n) WHERE n:ActivityDay OR (n:ActivityMonth AND n.key < 'j') DELETE n"
            : "MATCH (n) WHERE n:ActivityMonth OR n:ActivityDay DELETE n",
        );
      } finally {
        await driver.close();
      }
      return {
        derived,
        reopen: async () => {
          const s = neo4jTestStore();
          await s.init();
          return s;
        },
      };
    }
    const file = path.join(root, "old", "graph.lbug");
    const store = createEmbeddedStore({ path: file });
    await store.init();
    await loadInputs(store, readSeedInputs());
    const derived = await store.deriveActivity();
    await store.close();
    const db = new lbug.Database(file);
    const conn = new lbug.Connection(db);
    try {
      await conn.query("MATCH (m:ActivityMonth) DELETE m");
      await conn.query("MATCH (d:ActivityDay) DELETE d");
    } finally {
      await conn.close();
      await db.close();
    }
    return {
      derived,
      reopen: async () => {
        const s = createEmbeddedStore({ path: file, log: () => undefined });
        await s.init();
        return s;
      },
    };
  }

  it("builds them once when it opens, then keeps them", async () => {
    const { reopen, derived } = await oldStore();
    const store = await reopen();
    try {
      expect(derived.actors.length).toBeGreaterThan(0);
      expect(await store.readActivity()).toEqual(derived);
    } finally {
      await store.close();
    }
    // A second open finds them and builds nothing more (the counts would double).
    const again = await reopen();
    try {
      expect(await again.readActivity()).toEqual(derived);
    } finally {
      await again.close();
    }
  }, 120_000);

  // Neo4j builds the months a few actors per transaction: a build cut off before its days leaves some months; the
  // next open builds again and writes each once (MERGE on the key; CREATE would refuse or double them).
  it.skipIf(TEST_STORE !== "neo4j")(
    "builds them whole again after a build cut off before its days",
    async () => {
      const { reopen, derived } = await oldStore(true);
      const store = await reopen();
      try {
        expect(await store.readActivity()).toEqual(derived);
      } finally {
        await store.close();
      }
    },
    120_000,
  );
});

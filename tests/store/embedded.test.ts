// The store contract on the embedded LadybugDB store, in memory and on disk, plus what only a file can show: reopening.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import lbug from "@ladybugdb/core";
import { createEmbeddedStore } from "../../server/store/embedded/embedded-store.js";
import { emptyChangeSet } from "../../server/store/port.js";
import { runStoreContract } from "./contract.js";
import { createAll, fixtureBundle } from "./fixtures.js";

const root = mkdtempSync(path.join(tmpdir(), "faultlines-embedded-"));
let n = 0;
const freshFile = () => path.join(root, `store-${++n}`, "graph.lbug");
afterAll(() => rmSync(root, { recursive: true, force: true }));

runStoreContract("embedded (:memory:)", async () => {
  const store = createEmbeddedStore({ path: ":memory:" });
  await store.init();
  return store;
});

runStoreContract(
  "embedded (file)",
  async () => {
    const store = createEmbeddedStore({ path: freshFile() });
    await store.init();
    return store;
  },
  {
    knownIssues: {
      // Reproduced outside vitest: on a file database, a ChangeSet whose >= BULK_MIN_ROWS creates went in by COPY
      // (server/store/embedded/bulk.ts) and whose later statement then failed rolls back correctly, but the process
      // aborts with "corrupted double-linked list" when the store is closed. Below BULK_MIN_ROWS (no COPY) it does not.
      "rollback-after-large-batch":
        "LadybugDB heap corruption after a rolled-back COPY on a file database (bulk.ts path)",
    },
  },
);

describe("embedded store on disk", () => {
  it("keeps what it wrote across close and reopen", async () => {
    const file = freshFile();
    const fixture = fixtureBundle();
    const first = createEmbeddedStore({ path: file });
    await first.init();
    await first.apply(createAll(fixture));
    const counts = await first.counts();
    await first.close();

    const second = createEmbeddedStore({ path: file });
    await second.init(); // the schema is applied again: it must be idempotent
    try {
      expect(await second.readAll()).toEqual(fixture);
      expect(await second.counts()).toEqual(counts);
    } finally {
      await second.close();
    }
  });
});

describe("embedded store: LadybugDB parameter typing", () => {
  it("types a parameter field that is null in every row as STRING, which SET refuses for INT64 (why events-*.embedded cast)", async () => {
    // The engine's behaviour, kept as a test: when it changes, the CASTs in events-create/update.embedded can go.
    const db = new lbug.Database(":memory:");
    const conn = new lbug.Connection(db);
    try {
      await conn.query("CREATE NODE TABLE E(id STRING PRIMARY KEY, n INT64)");
      await conn.query("CREATE (:E {id: 'k'})");
      const run = async (text: string) => {
        const ps = await conn.prepare(text);
        if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
        await conn.execute(ps, { rows: [{ id: "k", n: null }] } as never);
      };
      await expect(run("UNWIND $rows AS r MATCH (e:E {id: r.id}) SET e.n = r.n")).rejects.toThrow(
        /STRING but expected INT64/,
      );
      await expect(
        run("UNWIND $rows AS r MATCH (e:E {id: r.id}) SET e.n = CAST(r.n AS INT64)"),
      ).resolves.toBeUndefined();
    } finally {
      await conn.close();
      await db.close();
    }
  });

  it("writes and updates events whose fatalities are absent in every row of a batch", async () => {
    const store = createEmbeddedStore({ path: ":memory:" });
    await store.init();
    try {
      const fixture = fixtureBundle();
      const bare = fixture.events.map((e) => ({ ...e, fatalities: undefined }));
      bare.forEach((e) => delete e.fatalities);
      await store.apply(createAll({ ...fixture, events: bare }));
      const c = emptyChangeSet();
      c.events.update = bare.map((e) => ({ ...e, fatalities: { best: 1 } }));
      await store.apply(c);
      const back = emptyChangeSet();
      back.events.update = bare;
      await store.apply(back);
      expect((await store.readAll()).events).toEqual(bare);
    } finally {
      await store.close();
    }
  });
});

// The store contract on the embedded LadybugDB store, in memory and on disk, plus what only a file can show: reopening.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEmbeddedStore } from "../../server/store/embedded/embedded-store.js";
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

runStoreContract("embedded (file)", async () => {
  const store = createEmbeddedStore({ path: freshFile() });
  await store.init();
  return store;
});

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

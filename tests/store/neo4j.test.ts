// The store contract on a live Neo4j 5.26 (the `neo4j` test project starts one per worker: tests/helpers/neo4j-global.ts).
// What needs no server runs in both projects: failing fast and clearly when the server is absent or stalls.
import net from "node:net";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../server/domain/index.js";
import { freePort } from "../../server/neo4j-local/index.js";
import { createNeo4jStore } from "../../server/store/neo4j/neo4j-store.js";
import type { Store } from "../../server/store/port.js";
import { CLASHED_WITH, RELATIONSHIP_TYPES } from "../../server/domain/index.js";
import { createQueryBook } from "../../server/store/query-book.js";
import { createTestStore, neo4jUri, TEST_STORE } from "../helpers/store.js";
import { runStoreContract } from "./contract.js";
import { createAll, fixtureBundle } from "./fixtures.js";

if (TEST_STORE === "neo4j") {
  runStoreContract("neo4j (live 5.26)", () => createTestStore("neo4j"));

  describe("neo4j store: stored types", () => {
    let store: Store;
    beforeAll(async () => {
      store = await createTestStore("neo4j");
      await store.apply(createAll(fixtureBundle()));
    });
    afterAll(() => store?.close());

    it("stores fatalities and clash counts as integers and coordinates as floats", async () => {
      // toString() tells the Cypher types apart on every Neo4j 5: an INTEGER prints "11", a FLOAT "11.0".
      const q = (text: string) => store.runReadOnly(text, {}, { timeoutMs: 5_000, maxRows: 100 });
      expect((await q("MATCH (e:Event {id: 'kadji-2022-11-21'}) RETURN toString(e.fatalitiesBest) AS t")).rows).toEqual(
        [{ t: "11" }],
      );
      expect(
        (
          await q(
            "MATCH (:Actor)-[c:CLASHED_WITH]->(:Actor) WHERE c.id = 'clash:eis:fama' RETURN toString(c.count) AS n, toString(c.fatalities) AS f",
          )
        ).rows,
      ).toEqual([{ n: "2", f: "71" }]);
      expect((await q("MATCH (p:Place {id: 'mali'}) RETURN toString(p.lat) AS lat")).rows).toEqual([{ lat: "17.0" }]);
    });

    it("indexes every relationship type's id, and deletes a tie by an index seek, not a scan of its type", async () => {
      const driver = neo4j.driver(neo4jUri(), neo4j.auth.basic("neo4j", ""));
      try {
        const indexes = await driver.executeQuery(
          "SHOW INDEXES YIELD entityType, labelsOrTypes, properties WHERE entityType = 'RELATIONSHIP' AND properties IS NOT NULL RETURN labelsOrTypes[0] AS type, properties AS props",
        );
        const indexed = indexes.records.filter((r) => r.get("props").join() === "id").map((r) => r.get("type"));
        expect(indexed.sort()).toEqual([...RELATIONSHIP_TYPES, CLASHED_WITH].sort());
        const book = createQueryBook("neo4j");
        const plan = await driver.executeQuery(
          `EXPLAIN ${book.text("relationships-delete", { type: "ALLIED_WITH" })}`,
          {
            ids: ["x"],
          },
        );
        const operators = (p: { operatorType: string; children: unknown[] } | false): string[] =>
          p ? [p.operatorType, ...p.children.flatMap((c) => operators(c as typeof p))] : [];
        expect(operators(plan.summary.plan as never).join(" ")).toMatch(/RelationshipIndexSeek/);
      } finally {
        await driver.close();
      }
    });

    it("binds an integral analyst parameter as an integer (LIMIT $n)", async () => {
      const r = await store.runReadOnly(
        "MATCH (a:Actor) RETURN a.id AS id ORDER BY id LIMIT $n",
        { n: 2 },
        { timeoutMs: 5_000, maxRows: 100 },
      );
      expect(r.rows).toEqual([{ id: "aqim" }, { id: "eis" }]);
    });
  });
}

describe("neo4j store without a reachable server", () => {
  it("refuses to start with StoreUnavailableError naming the URI when nothing listens", async () => {
    const closed = await freePort();
    const store = createNeo4jStore({
      uri: `bolt://127.0.0.1:${closed}`,
      user: "neo4j",
      password: "x",
      timeoutMs: 1_000,
    });
    const started = Date.now();
    const err = await store.init().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toContain(`bolt://127.0.0.1:${closed}`);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("gives up within its timeout on a server that accepts and never answers", async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as net.AddressInfo;
    try {
      const store = createNeo4jStore({
        uri: `bolt://127.0.0.1:${port}`,
        user: "neo4j",
        password: "x",
        timeoutMs: 1_000,
      });
      const started = Date.now();
      await expect(store.init()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("answers every call before init with StoreUnavailableError", async () => {
    const store = createNeo4jStore({ uri: "bolt://127.0.0.1:1", user: "neo4j", password: "x" });
    await expect(store.counts()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.runReadOnly("RETURN 1 AS x", {}, { timeoutMs: 100, maxRows: 1 })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(store.close()).resolves.toBeUndefined();
  });
});

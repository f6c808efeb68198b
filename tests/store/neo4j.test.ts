// The store contract on Neo4j, when NEO4J_URI names a server (docker compose up neo4j); skipped loudly otherwise.
// What needs no server runs always: failing fast and clearly when the server is absent or stalls.
import net from "node:net";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../server/domain/index.js";
import { createNeo4jStore, type Neo4jStoreOptions } from "../../server/store/neo4j/neo4j-store.js";
import { runStoreContract } from "./contract.js";
import { createAll, fixtureBundle } from "./fixtures.js";

const uri = process.env.NEO4J_URI;
const options = (): Neo4jStoreOptions => ({
  uri: uri!,
  user: process.env.NEO4J_USER ?? "neo4j",
  password: process.env.NEO4J_PASSWORD ?? "",
  database: process.env.NEO4J_DATABASE || undefined,
});

let checkedEmpty = false;
/** Empties the test database; refuses, once, a database that held data before this run (it may not be a scratch one). */
async function wipe(): Promise<void> {
  const o = options();
  const driver = neo4j.driver(o.uri, neo4j.auth.basic(o.user, o.password));
  try {
    if (!checkedEmpty && process.env.NEO4J_TEST_WIPE !== "1") {
      const r = await driver.executeQuery("MATCH (n) RETURN count(n) AS n", {}, { database: o.database });
      const n = Number(r.records[0].get("n"));
      if (n > 0) {
        throw new Error(
          `Neo4j contract tests: ${o.uri} holds ${n} nodes; they would be deleted. Point NEO4J_URI/NEO4J_DATABASE at a ` +
            `scratch database, or set NEO4J_TEST_WIPE=1 to allow it.`,
        );
      }
    }
    checkedEmpty = true;
    await driver.executeQuery("MATCH (n) DETACH DELETE n", {}, { database: o.database });
  } finally {
    await driver.close();
  }
}

if (uri) {
  runStoreContract(`neo4j (${uri})`, async () => {
    await wipe();
    const store = createNeo4jStore(options());
    await store.init();
    return store;
  });

  describe("neo4j store: stored types", () => {
    const store = createNeo4jStore(options());
    beforeAll(async () => {
      await wipe();
      await store.init();
      await store.apply(createAll(fixtureBundle()));
    });
    afterAll(() => store.close());

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

    it("binds an integral analyst parameter as an integer (LIMIT $n)", async () => {
      const r = await store.runReadOnly(
        "MATCH (a:Actor) RETURN a.id AS id ORDER BY id LIMIT $n",
        { n: 2 },
        { timeoutMs: 5_000, maxRows: 100 },
      );
      expect(r.rows).toEqual([{ id: "aqim" }, { id: "eis" }]);
    });
  });
} else {
  console.log("Neo4j contract tests skipped: NEO4J_URI is not set");
  describe.skip("store contract: neo4j (skipped: NEO4J_URI is not set)", () => {
    it("runs the store contract against a live Neo4j 5", () => undefined);
  });
}

describe("neo4j store without a reachable server", () => {
  it("refuses to start with StoreUnavailableError naming the URI when nothing listens", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
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

// The store a test runs against: LadybugDB in memory, or, in the `neo4j` test project (TEST_STORE=neo4j), this
// worker's own live Neo4j server (tests/helpers/neo4j-global.ts), emptied first. One store at a time per worker.
import neo4j from "neo4j-driver";
import { inject } from "vitest";
import { createEmbeddedStore } from "../../server/store/embedded/embedded-store.js";
import { createNeo4jStore, type Neo4jStoreOptions } from "../../server/store/neo4j/neo4j-store.js";
import type { Store } from "../../server/store/port.js";

export type TestStoreKind = "embedded" | "neo4j";

export const TEST_STORE: TestStoreKind = process.env.TEST_STORE === "neo4j" ? "neo4j" : "embedded";

/** This worker's Neo4j server; throws when the project could not start one. */
export function neo4jUri(): string {
  const uris = inject("neo4jUris") ?? [];
  if (uris.length === 0)
    throw new Error(`no Neo4j server for this test run: ${inject("neo4jSkipped") || "not started"}`);
  const worker = Number(process.env.VITEST_POOL_ID ?? "1");
  return uris[(worker - 1) % uris.length];
}

/** Why the neo4j project's tests are skipped on this machine ("" when they run). */
export function neo4jSkipReason(): string {
  return TEST_STORE === "neo4j" ? (inject("neo4jSkipped") ?? "") : "";
}

/**
 * Deletes every node and relationship of this worker's Neo4j database (the schema stays), 10,000 nodes per
 * transaction: what an earlier test file left (a 50,001-event export, say) is more than one transaction may hold
 * (db.memory.transaction.max 512 MiB: "The allocation of an extra 11.6 MiB would use more than the limit").
 * CALL {} IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
 */
export async function wipeNeo4j(uri = neo4jUri()): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", ""));
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  try {
    await session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
  } finally {
    await session.close();
    await driver.close();
  }
}

export function neo4jTestStore(uri = neo4jUri(), options: Partial<Neo4jStoreOptions> = {}) {
  return createNeo4jStore({ uri, user: "neo4j", password: "", ...options });
}

/** A fresh, empty, initialised store of the run's kind. */
export async function createTestStore(kind: TestStoreKind = TEST_STORE): Promise<Store> {
  if (kind === "embedded") {
    const store = createEmbeddedStore({ path: ":memory:" });
    await store.init();
    return store;
  }
  await wipeNeo4j();
  const store = neo4jTestStore();
  await store.init();
  return store;
}

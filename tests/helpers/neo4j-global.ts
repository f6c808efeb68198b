// Global set-up of the `neo4j` test project: starts one real Neo4j 5.26 server per test worker (the project's own
// launcher, server/neo4j-local), so that files running side by side never share a database, and stops them after.
// Where no server can start, the project's tests fail when CI_REQUIRE_NEO4J=1 and are skipped, saying why, otherwise.
import type { TestProject } from "vitest/node";
import { cannotLaunch, startNeo4j, type Neo4jServer } from "../../server/neo4j-local/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** One Bolt URI per worker (index VITEST_POOL_ID - 1), or empty with the reason in neo4jSkipped. */
    neo4jUris: string[];
    neo4jSkipped: string;
  }
}

export const NEO4J_WORKERS = 2;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const why = cannotLaunch();
  if (why) {
    if (process.env.CI_REQUIRE_NEO4J === "1") throw new Error(`neo4j tests: cannot start Neo4j: ${why}`);
    console.warn(`[neo4j tests] skipped: ${why}`);
    project.provide("neo4jUris", []);
    project.provide("neo4jSkipped", why);
    return async () => undefined;
  }
  const servers: Neo4jServer[] = [];
  try {
    // One at a time: two JVMs starting together on two cores take longer than one after the other.
    for (let i = 0; i < NEO4J_WORKERS; i++) {
      servers.push(await startNeo4j({ log: (l) => console.log(`[neo4j tests] ${l}`) }));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  project.provide(
    "neo4jUris",
    servers.map((s) => s.uri),
  );
  project.provide("neo4jSkipped", "");
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}

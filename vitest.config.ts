import { configDefaults, defineConfig } from "vitest/config";

/**
 * Two projects in one run. `embedded`: every test, on LadybugDB in memory. `neo4j`: the suites that touch a store,
 * again, on live Neo4j 5.26 servers the project starts itself (one per worker, tests/helpers/neo4j-global.ts).
 */
const NEO4J_ONLY = ["tests/store/neo4j/bulk.test.ts"];

export const NEO4J_SUITES = [
  "tests/store/neo4j.test.ts",
  "tests/store/activity.test.ts",
  ...NEO4J_ONLY,
  "tests/http/*.test.ts",
  "tests/services/loader.test.ts",
  "tests/ingest/{acled,ucdp-actors,ucdp-ged,import-reads}.test.ts",
  "tests/cypher/{library,service}.test.ts",
  "tests/browser/neo4j-smoke.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ["default", "./tests/helpers/require-neo4j-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "embedded",
          include: ["tests/**/*.test.ts"],
          // Suites of the Neo4j adapter's own machinery, with nothing to run on the embedded store.
          exclude: [...configDefaults.exclude, ...NEO4J_ONLY],
          env: { TEST_STORE: "embedded" },
        },
      },
      {
        extends: true,
        test: {
          name: "neo4j",
          include: NEO4J_SUITES,
          env: { TEST_STORE: "neo4j" },
          globalSetup: ["tests/helpers/neo4j-global.ts"],
          // A live server's round trips are slower than an in-process engine's.
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

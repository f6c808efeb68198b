// The server side of the API benchmark, in its own process so the load generator does not share its event loop.
// BENCH_STORE=neo4j (with BENCH_NEO4J_URI, a server the parent started) serves from Neo4j; else an embedded store in memory.
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../../server/config.js";
import { createApp } from "../../server/http/app.js";
import { loadBundle } from "../../server/services/loader.js";
import { createEmbeddedStore } from "../../server/store/embedded/embedded-store.js";
import { createNeo4jStore } from "../../server/store/neo4j/neo4j-store.js";
import type { Store } from "../../server/store/port.js";
import { generateBundle } from "./generate.js";

const neo4jUri = process.env.BENCH_STORE === "neo4j" ? process.env.BENCH_NEO4J_URI : undefined;
if (process.env.BENCH_STORE === "neo4j" && !neo4jUri)
  throw new Error("api-server: BENCH_STORE=neo4j needs BENCH_NEO4J_URI");
const store: Store = neo4jUri
  ? createNeo4jStore({ uri: neo4jUri, user: "neo4j", password: "" })
  : createEmbeddedStore({ path: ":memory:" });
await store.init();
const t0 = performance.now();
await loadBundle(store, generateBundle(2_000, 8_000, 2_000));
const loadMs = performance.now() - t0;
const config = loadConfig(
  neo4jUri ? { STORE: "neo4j", NEO4J_URI: neo4jUri, SEED: "false" } : { EMBEDDED_PATH: ":memory:" },
);
const { app, ctx } = createApp({ config, store });
await ctx.model.refresh();
const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, loadMs }) + "\n");
});
process.on("SIGTERM", () => server.close(() => store.close().then(() => process.exit(0))));

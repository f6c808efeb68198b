// `npm run neo4j [-- --port 7687 --home data/neo4j --heap 1g --page-cache 256m | --fetch-only]`: a local Neo4j 5.26 for development, no Docker needed
// (Java 17 and Maven; the jars come from Maven Central once). Runs until Ctrl-C or SIGTERM, then stops the server cleanly.
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../store/query-book.js";
import { ensureJars, NEO4J_VERSION, startNeo4j } from "../neo4j-local/index.js";
import { runCli } from "./run.js";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.NEO4J_PORT ?? "7687" },
      home: { type: "string", default: path.join(REPO_ROOT, "data", "neo4j") },
      heap: { type: "string", default: "1g" },
      "page-cache": { type: "string", default: "256m" },
      "fetch-only": { type: "boolean", default: false },
    },
  });
  if (values["fetch-only"]) {
    console.log(`neo4j: jars in ${ensureJars((line) => console.log(line))}`);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`neo4j: --port must be a port number, got '${values.port}'`);
    return 2;
  }
  const server = await startNeo4j({
    port,
    home: path.resolve(values.home),
    heap: values.heap,
    pageCache: values["page-cache"],
    log: (line) => console.log(line),
  });
  console.log(`neo4j: Neo4j ${NEO4J_VERSION} Community, data in ${server.home}, auth disabled, loopback only.`);
  console.log(`neo4j: in another terminal: STORE=neo4j${port === 7687 ? "" : ` NEO4J_URI=${server.uri}`} npm start`);
  console.log("neo4j: Ctrl-C stops it.");
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("neo4j: stopping");
    void server.stop();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const code = await server.exited;
  console.log(`neo4j: stopped (exit ${code})`);
  return stopping ? 0 : 1;
}

runCli(main);

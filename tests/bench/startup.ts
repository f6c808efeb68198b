// Start-up on a kept store (issue 17): `server/main.ts` started BENCH_STARTUP_RUNS times (3) on the same store, each
// timed from spawn to the first 200 of /api/health, then stopped. BENCH_STARTUP_STORE says which store:
// `embedded:<path of graph.lbug>` or `neo4j:<home of a Neo4j server>` (started here once, on that home, for all runs).
// Stores are built by the import CLI (tests/bench/scale.ts builds and discards its own); a store built by an older
// version pays its one-time upgrade on the first run (said on its line). BENCH_STARTUP_PROFILE=<dir> adds --cpu-prof
// to the app server's Node (one .cpuprofile per run).
import path from "node:path";
import { startNeo4j, type Neo4jServer } from "../../server/neo4j-local/index.js";
import { serve, stop } from "./serve.js";

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const STORE = process.env.BENCH_STARTUP_STORE ?? "";
const PROFILE = process.env.BENCH_STARTUP_PROFILE;

async function main() {
  const at = STORE.indexOf(":");
  const [kind, where] = [STORE.slice(0, at), STORE.slice(at + 1)];
  if (!["embedded", "neo4j"].includes(kind) || !where) {
    throw new Error("set BENCH_STARTUP_STORE=embedded:<graph.lbug> or neo4j:<Neo4j home>");
  }
  let server: Neo4jServer | null = null;
  try {
    let env: Record<string, string>;
    if (kind === "neo4j") {
      server = await startNeo4j({ home: path.resolve(where) });
      env = { STORE: "neo4j", NEO4J_URI: server.uri, NEO4J_USER: "neo4j", NEO4J_PASSWORD: "" };
    } else env = { EMBEDDED_PATH: path.resolve(where) };
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = await serve(env, PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE)}`] : []);
      await stop(s);
      const built = /built the stored event counts[^\n]*/.exec(s.output())?.[0];
      console.log(`startup: ${kind} run ${i + 1}: ${s.startupMs.toFixed(0)} ms${built ? ` (${built})` : ""}`);
      times.push(s.startupMs);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`startup: ${kind} median of ${RUNS}: ${sorted[Math.floor(RUNS / 2)].toFixed(0)} ms`);
  } finally {
    await server?.stop();
  }
}

await main();

// Import benchmark on Neo4j, one line per layout the importers read (tests/bench/layouts.ts, each layout's real rows
// scaled as for the embedded bench, each layout in a process of its own): our import (importFile → loader → staged
// write, server/store/neo4j/bulk.ts) into a fresh Neo4j server, against a bare neo4j-driver load of the same rows
// (UNWIND-batched parameters, the same nodes, properties and edges) into another fresh server with the same schema and
// limits. The two take turns (BENCH_NEO4J_RUNS, 2 by default), each on a server of its own so both start equal.
// Prints the ratio of the medians (goal >= 0.5), each turn's, the Neo4j server's peak RSS (VmHWM) and the app's.
// BENCH_NEO4J_ROWS sets the size (BENCH_IMPORT_ROWS, 100k, by default). Skips without data or Java.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import neo4j, { type Driver } from "neo4j-driver";
import { deriveClashes, type Bundle } from "../../server/domain/index.js";
import { importFile } from "../../server/ingest/import-file.js";
import { cannotLaunch, NEO4J_LIMITS, startNeo4j, type Neo4jServer } from "../../server/neo4j-local/index.js";
import { createNeo4jStore } from "../../server/store/neo4j/neo4j-store.js";
import { toWriteParams } from "../../server/store/neo4j/values.js";
import { loadSchema } from "../../server/store/query-book.js";
import {
  toActorRow,
  toCiteRows,
  toClashRow,
  toEventRow,
  toParticipantRows,
  toPlaceRow,
  toSourceRow,
} from "../../server/store/rows.js";
import { fileURLToPath } from "node:url";
import { BENCH_ROWS, type Layout } from "./layouts.js";
import { layoutOfThisRun, runEachLayout, writeSummary } from "./summary.js";
import { runCli } from "../../server/cli/run.js";

const ROWS = Number(process.env.BENCH_NEO4J_ROWS ?? BENCH_ROWS);
const RUNS = Number(process.env.BENCH_NEO4J_RUNS ?? 2);
const BASE_BATCH = Number(process.env.BENCH_NEO4J_BASE_BATCH ?? 10_000);
/**
 * Which bare loads run: `linked` (each event created with its edges in one statement, the fastest plain load measured
 * here, and the goal's yardstick), `separate` (nodes, then one statement per edge type, as most loaders are
 * written), or `both`.
 */
const BASELINES =
  (process.env.BENCH_NEO4J_BASE ?? "linked") === "both"
    ? (["linked", "separate"] as const)
    : ([(process.env.BENCH_NEO4J_BASE ?? "linked") as "linked" | "separate"] as const);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
sampler.unref();

/** The server's peak resident memory (VmHWM), in bytes. */
function serverPeak(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU time a process has used so far (user + system), in ms: less swayed by the machine's other load than wall time. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
const appCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const startServer = () => startNeo4j({ ...NEO4J_LIMITS });

/**
 * The baseline's statements: what a neo4j-driver user writes for this data by hand, with the same labels, properties
 * and relationships the import writes, and the clashes it derives. Written here rather than in cypher/: it is the
 * yardstick, not the app's.
 */
const BASE = {
  sources: `UNWIND $rows AS r CREATE (:Source {id: r.id, title: r.title, publisher: r.publisher, url: r.url,
    published: r.published, publishedPrecision: r.publishedPrecision, language: r.language, kind: r.kind, licence: r.licence})`,
  places: `UNWIND $rows AS r CREATE (:Place {id: r.id, name: r.name, kind: r.kind, lat: r.lat, lon: r.lon,
    parentId: r.parentId, country: r.country})`,
  actors: `UNWIND $rows AS r CREATE (:Actor {id: r.id, name: r.name, kind: r.kind, family: r.family, founded: r.founded,
    foundedPrecision: r.foundedPrecision, dissolved: r.dissolved, dissolvedPrecision: r.dissolvedPrecision,
    countries: r.countries, description: r.description, aliasNames: r.aliasNames, aliasesJson: r.aliasesJson,
    externalIdsJson: r.externalIdsJson, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson, provisional: r.provisional})`,
  events: `UNWIND $rows AS r CREATE (:Event {id: r.id, date: r.date, datePrecision: r.datePrecision, endDate: r.endDate,
    endDatePrecision: r.endDatePrecision, type: r.type, placeId: r.placeId, fatalitiesBest: r.fatalitiesBest,
    fatalitiesLow: r.fatalitiesLow, fatalitiesHigh: r.fatalitiesHigh, claimsJson: r.claimsJson,
    description: r.description, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson})`,
  placeLinks: `UNWIND $rows AS r MATCH (p:Place {id: r.id}) MATCH (q:Place {id: r.parentId}) CREATE (p)-[:LOCATED_IN]->(q)`,
  eventPlaces: `UNWIND $rows AS r MATCH (e:Event {id: r.eventId}) MATCH (p:Place {id: r.placeId}) CREATE (e)-[:OCCURRED_AT]->(p)`,
  actorCites: `UNWIND $rows AS r MATCH (x:Actor {id: r.id}) MATCH (s:Source {id: r.sourceId}) CREATE (x)-[:CITES {quote: r.quote}]->(s)`,
  eventCites: `UNWIND $rows AS r MATCH (x:Event {id: r.id}) MATCH (s:Source {id: r.sourceId}) CREATE (x)-[:CITES {quote: r.quote}]->(s)`,
  participants: `UNWIND $rows AS r MATCH (a:Actor {id: r.actorId}) MATCH (e:Event {id: r.eventId})
    CREATE (a)-[:PARTICIPATED_IN {side: r.side, role: r.role, attribution: r.attribution}]->(e)`,
  eventsLinked: `UNWIND $rows AS r CREATE (e:Event {id: r.id, date: r.date, datePrecision: r.datePrecision, endDate: r.endDate,
    endDatePrecision: r.endDatePrecision, type: r.type, placeId: r.placeId, fatalitiesBest: r.fatalitiesBest,
    fatalitiesLow: r.fatalitiesLow, fatalitiesHigh: r.fatalitiesHigh, claimsJson: r.claimsJson,
    description: r.description, sourceIds: r.sourceIds, sourcesJson: r.sourcesJson})
    WITH e, r
    CALL (e, r) { UNWIND r.placeIds AS placeId MATCH (p:Place {id: placeId}) CREATE (e)-[:OCCURRED_AT]->(p) }
    CALL (e, r) { UNWIND r.cites AS c MATCH (s:Source {id: c.sourceId}) CREATE (e)-[:CITES {quote: c.quote}]->(s) }
    CALL (e, r) { UNWIND r.by AS x MATCH (a:Actor {id: x.actorId})
      CREATE (a)-[:PARTICIPATED_IN {side: x.side, role: x.role, attribution: x.attribution}]->(e) }`,
  clashes: `UNWIND $rows AS r MATCH (a:Actor {id: r.a}) MATCH (b:Actor {id: r.b})
    CREATE (a)-[:CLASHED_WITH {id: r.id, count: r.count, fatalities: r.fatalities, first: r.first, last: r.last, eventIds: r.eventIds}]->(b)`,
} as const;

type Batches = { text: string; batches: unknown[][] }[];

/** The baseline's parameter batches, built before its clock starts (its rows are given, as the COPY files are). */
function baselineBatches(b: Bundle, size: number, how: "linked" | "separate"): Batches {
  const chunk = (rows: object[]) => {
    const out: unknown[][] = [];
    for (let i = 0; i < rows.length; i += size) out.push(toWriteParams(rows.slice(i, i + size)) as unknown[]);
    return out;
  };
  return [
    { text: BASE.sources, batches: chunk(b.sources.map(toSourceRow)) },
    { text: BASE.places, batches: chunk(b.places.map(toPlaceRow)) },
    { text: BASE.actors, batches: chunk(b.actors.map(toActorRow)) },
    {
      text: BASE.placeLinks,
      batches: chunk(b.places.filter((p) => p.parent).map((p) => ({ id: p.id, parentId: p.parent }))),
    },
    { text: BASE.actorCites, batches: chunk(toCiteRows(b.actors)) },
    ...(how === "linked"
      ? [
          {
            text: BASE.eventsLinked,
            batches: chunk(
              b.events.map((e) => ({
                ...toEventRow(e),
                placeIds: e.placeId ? [e.placeId] : [],
                cites: toCiteRows([e]),
                by: toParticipantRows(e),
              })),
            ),
          },
        ]
      : [
          { text: BASE.events, batches: chunk(b.events.map(toEventRow)) },
          {
            text: BASE.eventPlaces,
            batches: chunk(b.events.filter((e) => e.placeId).map((e) => ({ eventId: e.id, placeId: e.placeId }))),
          },
          { text: BASE.eventCites, batches: chunk(toCiteRows(b.events)) },
          { text: BASE.participants, batches: chunk(b.events.flatMap(toParticipantRows)) },
        ]),
    { text: BASE.clashes, batches: chunk(deriveClashes(b.events).map(toClashRow)) },
  ];
}

async function count(driver: Driver, text: string): Promise<number> {
  const r = await driver.executeQuery(text, {}, { routing: neo4j.routing.READ });
  return Number(r.records[0].get("n"));
}

/** Everything the import writes, counted (the two sides must agree). */
async function census(driver: Driver): Promise<string> {
  const parts: string[] = [];
  for (const label of ["Event", "Place", "Source", "Actor"]) {
    parts.push(`${label} ${await count(driver, `MATCH (n:${label}) RETURN count(n) AS n`)}`);
  }
  for (const type of ["OCCURRED_AT", "CITES", "LOCATED_IN", "PARTICIPATED_IN", "CLASHED_WITH"]) {
    parts.push(`${type} ${await count(driver, `MATCH ()-[r:${type}]->() RETURN count(r) AS n`)}`);
  }
  return parts.join(", ");
}

interface Side {
  ms: number;
  /** CPU time of the server and of this process during the write. */
  cpuMs: number;
  serverPeak: number;
  census: string;
}

/** Our import into a fresh server; on the first turn, also the store read back (the baseline's rows). */
async function ourImport(
  layout: Layout,
  csv: string,
  first: boolean,
): Promise<Side & { bundle?: Bundle; appPeak: number; events: number }> {
  const server = await startServer();
  const store = createNeo4jStore({ uri: server.uri, user: "neo4j", password: "" });
  try {
    await store.init();
    peakRss = process.memoryUsage().rss;
    const cpu0 = cpuOf(server.pid) + appCpu();
    const t0 = performance.now();
    const report = await importFile(store, { format: layout.format, file: csv });
    const ms = performance.now() - t0;
    const cpuMs = cpuOf(server.pid) + appCpu() - cpu0;
    const appPeak = peakRss;
    const c = report.load.counts;
    console.log(
      `neo4j import: ${ms.toFixed(0)} ms (read+resolve+validate ${report.timings.readMs} ms, load ${report.timings.loadMs} ms); ` +
        `events ${c.events.created}, places ${c.places.created}, actors ${c.actors.created}, sources ${c.sources.created}, clashes ${report.load.clashes}`,
    );
    const peak = serverPeak(server.pid);
    const driver = neo4j.driver(server.uri, neo4j.auth.basic("neo4j", ""));
    const seen = await census(driver).finally(() => driver.close());
    let bundle: Bundle | undefined;
    if (first) {
      const t1 = performance.now();
      bundle = await store.readAll();
      console.log(`neo4j: read the store back: ${(performance.now() - t1).toFixed(0)} ms`);
    }
    return { ms, cpuMs, serverPeak: peak, census: seen, bundle, appPeak, events: c.events.created };
  } finally {
    await store.close();
    await server.stop();
  }
}

/** The bare neo4j-driver load of the same rows into a fresh server with the same schema. */
async function bareLoad(how: string, batches: Batches): Promise<Side> {
  const server: Neo4jServer = await startServer();
  const driver = neo4j.driver(server.uri, neo4j.auth.basic("neo4j", ""));
  try {
    const s = driver.session({ defaultAccessMode: neo4j.session.WRITE });
    try {
      for (const ddl of loadSchema("neo4j")) await s.executeWrite((tx) => tx.run(ddl));
      const cpu0 = cpuOf(server.pid) + appCpu();
      const t0 = performance.now();
      for (const { text, batches: bs } of batches) {
        for (const rows of bs) await s.executeWrite((tx) => tx.run(text, { rows }));
      }
      const ms = performance.now() - t0;
      const cpuMs = cpuOf(server.pid) + appCpu() - cpu0;
      console.log(`neo4j bare driver load (${how}): ${ms.toFixed(0)} ms`);
      return { ms, cpuMs, serverPeak: serverPeak(server.pid), census: await census(driver) };
    } finally {
      await s.close();
    }
  } finally {
    await driver.close();
    await server.stop();
  }
}

async function benchLayout(layout: Layout) {
  const dir = mkdtempSync(path.join(tmpdir(), "faultlines-bench-neo4j-"));
  try {
    const csv = path.join(dir, `${layout.name}.csv`);
    const generated = await layout.generate(csv, ROWS);
    console.log(
      `generated ${generated.rows} rows from ${generated.templates} real ones -> ${csv}; Neo4j heap ${NEO4J_LIMITS.heap}, ` +
        `page cache ${NEO4J_LIMITS.pageCache}, ${NEO4J_LIMITS.transactionMax} per transaction; a fresh server per side and turn`,
    );
    const imports: (Side & { appPeak: number; events: number })[] = [];
    const bares: Record<string, Side[]> = Object.fromEntries(BASELINES.map((b) => [b, []]));
    let batches: Record<string, Batches> = {};
    const bareTurn = async () => {
      for (const how of BASELINES) bares[how].push(await bareLoad(how, batches[how]));
    };
    for (let run = 0; run < RUNS; run++) {
      // The first turn imports first (its read-back gives the baseline its rows); then the sides alternate, so both
      // see the machine's drift alike.
      if (run % 2 === 0) {
        const r = await ourImport(layout, csv, run === 0);
        if (r.bundle) {
          const b = r.bundle;
          batches = Object.fromEntries(BASELINES.map((how) => [how, baselineBatches(b, BASE_BATCH, how)]));
        }
        imports.push(r);
        await bareTurn();
      } else {
        await bareTurn();
        imports.push(await ourImport(layout, csv, false));
      }
      const i = imports[run];
      for (const how of BASELINES) {
        const b = bares[how][run];
        if (i.census !== b.census)
          throw new Error(`the two sides wrote different graphs:\n  ${i.census}\n  ${b.census}`);
      }
      const ratios = BASELINES.map((how) => `${how} ${(bares[how][run].ms / i.ms).toFixed(3)}`).join(", ");
      console.log(`turn ${run + 1}: ratio ${ratios} (${i.census})`);
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((x, y) => x - y);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const importMs = median(imports.map((r) => r.ms));
    const mb = (x: number) => `${(x / 1e6).toFixed(0)} MB`;
    console.log(
      `neo4j import: median ${importMs.toFixed(0)} ms of ${RUNS} runs (${imports.map((r) => r.ms.toFixed(0)).join(", ")})`,
    );
    for (const how of BASELINES) {
      const bareMs = median(bares[how].map((r) => r.ms));
      const ratio = bareMs / importMs;
      console.log(
        `neo4j ratio against a bare neo4j-driver load, ${how} (median ${bareMs.toFixed(0)} ms; load time / import time, medians) = ${ratio.toFixed(3)} (goal >= 0.5) ${ratio >= 0.5 ? "MET" : "NOT MET"}`,
      );
    }
    const importCpu = median(imports.map((r) => r.cpuMs));
    for (const how of BASELINES) {
      const bareCpu = median(bares[how].map((r) => r.cpuMs));
      console.log(
        `CPU time, server and app (medians): import ${importCpu.toFixed(0)} ms, bare load ${how} ${bareCpu.toFixed(0)} ms, ratio ${(bareCpu / importCpu).toFixed(3)}`,
      );
    }
    const importServer = Math.max(...imports.map((r) => r.serverPeak));
    const bareServer = Math.max(...BASELINES.flatMap((how) => bares[how].map((r) => r.serverPeak)));
    console.log(
      `neo4j server peak RSS (VmHWM): import ${mb(importServer)}, bare load ${mb(bareServer)}; app peak RSS during the first import ${mb(imports[0].appPeak)}`,
    );
    const bareMs = median(bares[BASELINES[0]].map((r) => r.ms));
    const ratio = bareMs / importMs;
    writeSummary({
      bench: "import",
      store: "neo4j",
      layout: layout.name,
      rows: generated.rows,
      events: imports[0].events,
      runs: RUNS,
      importMs,
      baselineMs: bareMs,
      baseline: `bare driver load, ${BASELINES[0]}`,
      ratio,
      appPeakBytes: imports[0].appPeak,
      serverPeakBytes: importServer,
    });
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

const layout = layoutOfThisRun();
const why = cannotLaunch();
runCli(
  async () => {
    if (why) {
      console.log(`bench import-neo4j: skipped (${why})`);
      return 0;
    }
    return layout ? benchLayout(layout).then(() => 0) : runEachLayout(fileURLToPath(import.meta.url));
  },
  (err) => String((err as Error)?.stack ?? err),
);

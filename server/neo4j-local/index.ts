// A real Neo4j 5.26 Community server without Docker: its jars from Maven Central (cached outside git), started with
// the server's own entry point on loopback, bounded in heap, page cache and transaction memory, stopped on SIGTERM.
// Used by `npm run neo4j`, by the tests (tests/helpers/neo4j-global.ts) and by the benchmarks.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The newest 5.26 patch Maven Central serves (5.26 is the LTS line that runs on Java 17; 2025.x needs Java 21). */
export const NEO4J_VERSION = "5.26.30";

/** Where the jars are cached: $NEO4J_JARS_DIR, else ~/.cache/faultlines/neo4j-<version>. */
export function jarsDir(version = NEO4J_VERSION): string {
  return process.env.NEO4J_JARS_DIR || path.join(os.homedir(), ".cache", "faultlines", `neo4j-${version}`);
}

export class Neo4jLaunchError extends Error {
  override name = "Neo4jLaunchError";
}

function has(command: string): boolean {
  return spawnSync(command, ["-version"], { stdio: "ignore" }).status === 0;
}

/** Why this machine cannot start a local Neo4j (no Java 17+, no Maven and no cached jars), or null when it can. */
export function cannotLaunch(): string | null {
  if (!has("java")) return "java is not on the PATH (Neo4j 5.26 needs Java 17)";
  const lib = path.join(jarsDir(), "lib");
  if (!existsSync(lib) && !has("mvn")) return `no cached jars in ${lib} and mvn is not on the PATH to fetch them`;
  return null;
}

/**
 * Downloads org.neo4j:neo4j and its runtime dependencies from Maven Central once (about 125 MB) with Maven's
 * dependency plugin; later calls find them cached. Returns the folder holding the jars.
 */
export function ensureJars(log: (line: string) => void = () => undefined): string {
  const dir = jarsDir();
  const lib = path.join(dir, "lib");
  const marker = path.join(dir, "complete");
  if (existsSync(marker)) return lib;
  mkdirSync(dir, { recursive: true });
  const pom = path.join(dir, "pom.xml");
  writeFileSync(
    pom,
    `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>faultlines</groupId><artifactId>neo4j-local</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>${NEO4J_VERSION}</version></dependency>
  </dependencies>
</project>
`,
  );
  log(`neo4j: fetching Neo4j ${NEO4J_VERSION} jars from Maven Central into ${lib} (once)`);
  const r = spawnSync(
    "mvn",
    [
      "-B",
      "-q",
      "-f",
      pom,
      "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
      `-DoutputDirectory=${lib}`,
      "-DincludeScope=runtime",
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (r.status !== 0) {
    throw new Neo4jLaunchError(`neo4j: mvn could not fetch the jars (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  if (!readdirSync(lib).some((f) => f.startsWith(`neo4j-${NEO4J_VERSION}`))) {
    throw new Neo4jLaunchError(`neo4j: ${lib} holds no neo4j-${NEO4J_VERSION} jar after mvn`);
  }
  writeFileSync(marker, new Date().toISOString());
  return lib;
}

export interface Neo4jLaunchOptions {
  /** Bolt port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** The server's home: conf/, data/, logs/. A fresh temp folder (deleted on stop) when unset. */
  home?: string;
  /** JVM heap, e.g. "512m". */
  heap?: string;
  pageCache?: string;
  /** Memory one transaction may use (db.memory.transaction.max) and all of them together. */
  transactionMax?: string;
  transactionTotalMax?: string;
  /** How long to wait for Bolt to answer. */
  startTimeoutMs?: number;
  /** Extra server settings (`-c key=value`). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Neo4jServer {
  readonly uri: string;
  readonly port: number;
  readonly home: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after a grace period; removes a temp home. */
  stop(): Promise<void>;
  /** Resolves with the exit code when the JVM exits. */
  readonly exited: Promise<number | null>;
}

/**
 * Memory bounds of every Faultlines Neo4j: the test servers, `npm run neo4j` and docker-compose.yml alike
 * (tests/compose checks the compose file against these). A transaction past `db.memory.transaction.max` is ended by
 * the server, whatever sent it; the heap holds the page cache's bookkeeping, queries and transaction state. The
 * per-transaction bound is what a staged import's publish needs (one transaction adding the real labels, about 1 KiB
 * of transaction state per node): 300k ACLED events failed at 256m (the bench's 300k-event store could not be built)
 * and publish in 11 s within 512m on a 1g heap.
 */
export const NEO4J_LIMITS = {
  heap: "1g",
  pageCache: "128m",
  transactionMax: "512m",
  transactionTotalMax: "768m",
} as const;

/** The settings every Faultlines Neo4j runs with (in neo4j.conf names). */
export function serverSettings(o: {
  port: number;
  pageCache: string;
  transactionMax: string;
  transactionTotalMax: string;
}): Record<string, string> {
  return {
    "server.default_listen_address": "127.0.0.1",
    "server.bolt.listen_address": `127.0.0.1:${o.port}`,
    "server.bolt.advertised_address": `127.0.0.1:${o.port}`,
    "server.http.enabled": "false",
    "server.https.enabled": "false",
    // Loopback only, a scratch server: no password to set before first use.
    "dbms.security.auth_enabled": "false",
    "dbms.usage_report.enabled": "false",
    "server.memory.pagecache.size": o.pageCache,
    // Without this every database preallocates 256 MiB of transaction log.
    "db.tx_log.preallocate": "false",
    "db.memory.transaction.max": o.transactionMax,
    "dbms.memory.transaction.total.max": o.transactionTotalMax,
    // How often the server looks for transactions past their timeout (2 s by default: a 1.5 s workbench timeout
    // ended after 2.0-2.7 s).
    "db.transaction.monitor.check.interval": "500ms",
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connection to the port succeeds and the Bolt handshake gets an answer. */
function boltAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => {
      // Bolt preamble, then four proposed versions (5.8 down to 5.0 as a range, then 4.4).
      socket.write(Buffer.from([0x60, 0x60, 0xb0, 0x17, 0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0]));
    });
    socket.once("data", (d: Buffer) => done(d.length === 4 && d.readUInt32BE(0) !== 0));
  });
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Starts a Neo4j server and waits until Bolt answers; throws Neo4jLaunchError with the log's tail if it dies. */
export async function startNeo4j(options: Neo4jLaunchOptions = {}): Promise<Neo4jServer> {
  const log = options.log ?? (() => undefined);
  const lib = ensureJars(log);
  const port = options.port || (await freePort());
  const temp = !options.home;
  const home = options.home ?? mkdtempSync(path.join(os.tmpdir(), "faultlines-neo4j-"));
  mkdirSync(path.join(home, "conf"), { recursive: true });
  mkdirSync(path.join(home, "logs"), { recursive: true });
  const settings = {
    ...serverSettings({
      port,
      pageCache: options.pageCache ?? NEO4J_LIMITS.pageCache,
      transactionMax: options.transactionMax ?? NEO4J_LIMITS.transactionMax,
      transactionTotalMax: options.transactionTotalMax ?? NEO4J_LIMITS.transactionTotalMax,
    }),
    ...options.settings,
  };
  const heap = options.heap ?? NEO4J_LIMITS.heap;
  const args = [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+UseG1GC",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dfile.encoding=UTF-8",
    "-cp",
    path.join(lib, "*"),
    "org.neo4j.server.CommunityEntryPoint",
    `--home-dir=${home}`,
    "--console-mode",
    ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
  ];
  const logFile = path.join(home, "logs", "console.log");
  const out = createWriteStream(logFile, { flags: "a" });
  const child: ChildProcess = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));

  const started = Date.now();
  const limit = options.startTimeoutMs ?? 120_000;
  for (;;) {
    if (dead) {
      out.end();
      throw new Neo4jLaunchError(`neo4j: the server exited while starting (log ${logFile}):\n${tail(logFile)}`);
    }
    if (await boltAnswers(port)) break;
    if (Date.now() - started > limit) {
      child.kill("SIGKILL");
      throw new Neo4jLaunchError(`neo4j: Bolt did not answer on port ${port} within ${limit} ms:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`neo4j: Neo4j ${NEO4J_VERSION} answers on bolt://127.0.0.1:${port} (${Date.now() - started} ms, home ${home})`);

  let stopping: Promise<void> | null = null;
  return {
    uri: `bolt://127.0.0.1:${port}`,
    port,
    home,
    pid: child.pid!,
    exited,
    stop() {
      stopping ??= (async () => {
        if (!dead) {
          child.kill("SIGTERM");
          const grace = setTimeout(() => child.kill("SIGKILL"), 20_000);
          await exited;
          clearTimeout(grace);
        }
        out.end();
        if (temp) rmSync(home, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

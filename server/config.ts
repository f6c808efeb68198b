// Configuration, parsed once from the environment with zod (PRODUCT.md "Configuration").
import { z } from "zod";
import { ValidationError } from "./domain/index.js";

const int = (def: number) => z.coerce.number().int().positive().default(def);
/** One ALLOWED_HOSTS entry: `*`, or a name or [IPv6 address] with an optional port. */
const HOST_ENTRY = String.raw`(\*|(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(:\d{1,5})?)`;

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  STORE: z.enum(["embedded", "neo4j"]).default("embedded"),
  EMBEDDED_PATH: z.string().min(1).default("data/faultlines.lbug"),
  // Where `npm run neo4j` and a default Neo4j install listen.
  NEO4J_URI: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/\S+$/, "NEO4J_URI must be a bolt:// or neo4j:// URI")
    .default("bolt://127.0.0.1:7687"),
  NEO4J_USER: z.string().default("neo4j"),
  NEO4J_PASSWORD: z.string().default(""),
  NEO4J_DATABASE: z.string().optional(),
  API_TOKEN: z.string().min(8, "API_TOKEN must be at least 8 characters").optional(),
  CYPHER_TIMEOUT_MS: int(5_000),
  CYPHER_MAX_ROWS: int(1_000),
  // Bytes of rows one workbench answer carries (PRODUCT.md: nothing over 5 MB without an explicit export).
  CYPHER_MAX_BYTES: int(4 * 1024 * 1024),
  SEED: z.enum(["true", "false"]).default("true"),
  // Host header allow-list (DNS-rebinding defence): a comma list of names, optionally with a port, or `*` for any.
  // Loopback names and a non-wildcard HOST are always allowed (server/http/host-check.ts).
  ALLOWED_HOSTS: z
    .string()
    .regex(
      new RegExp(`^\\s*${HOST_ENTRY}(\\s*,\\s*${HOST_ENTRY})*\\s*$`),
      "ALLOWED_HOSTS must be a comma list of host names (name, name:port, [IPv6]:port) or *",
    )
    .optional(),
  // The embedded engine's own process (server/store/embedded/README.md, "Engine isolation"): its buffer pool, the
  // resident memory past which it is restarted, and how long past its timeout a workbench query may run before that.
  EMBEDDED_BUFFER_POOL_MB: int(1024),
  // Reader connections of the embedded engine (each runs one query at a time, on the engine's threads).
  ENGINE_READERS: int(3),
  ENGINE_MAX_RSS_MB: int(4096),
  ENGINE_GRACE_MS: int(3_000),
  // How far the embedded engine's process and the export and analytics worker threads give way to the event loop
  // (nice 0-19): on a busy machine /api/health and the in-memory answers then wait less for CPU (p99 about 210 ms ->
  // 60-80 ms at 100k events with 20 clients paging events, the engine's throughput unchanged). 0 turns it off.
  ENGINE_NICE: z.coerce.number().int().min(0).max(19).default(10),
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  // /api/health is answered by the front process (server/http/front.ts) from the app's last health answer; when the
  // app's main thread has not given one for this long, health answers 503 server_stalled.
  HEALTH_STALL_MS: int(5_000),
  // One export's time (its store reads and its file) before it is given up (422). Exports stream their events, so
  // their size is bounded by time only: the whole network of a 300k-event store took 79-207 s on a busy 2-core machine.
  EXPORT_TIMEOUT_MS: int(600_000),
  // How far V8 lets the app's heaps (its main thread and worker threads) grow past what the last full collection
  // kept, in percent; 0 leaves V8's own factor (up to 300). At 100, the whole-network export of a 300k-event store
  // peaked at 331-369 MB of app-server memory, against 490-518 MB at V8's and 312-327 MB at 50; at 50, full
  // collections under 20 clients came twice as often and the p99s were the worst of the settings tried (README,
  // "Known limitations").
  HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(1000).default(100),
  // One analysis's time in its worker thread (/api/analytics/*) before it is given up (408).
  ANALYTICS_TIMEOUT_MS: int(60_000),
  // Request body caps in bytes: every JSON body, and the CSV body of POST /api/import.
  JSON_MAX_BYTES: int(20 * 1024 * 1024),
  IMPORT_MAX_BYTES: int(512 * 1024 * 1024),
  // An online base layer for the map, drawn under the offline one's borders: raster tiles as a URL template with
  // {z}, {x} and {y} (e.g. an OpenStreetMap tile server the team may use), and the attribution its licence asks for.
  // Unset: the map uses only the offline Natural Earth layer shipped with the app. The page's CSP admits its origin.
  MAP_TILES_URL: z
    .string()
    .regex(
      /^https?:\/\/[^\s/?#]+\/[^\s]*\{z\}[^\s]*\{x\}[^\s]*\{y\}[^\s]*$/,
      "MAP_TILES_URL must be an http(s) URL template with {z}, {x} and {y}, e.g. https://tile.example.org/{z}/{x}/{y}.png",
    )
    .optional(),
  MAP_TILES_ATTRIBUTION: z.string().max(300).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ValidationError(
      "invalid configuration",
      parsed.error.issues.map((i) => ({ path: `env.${i.path.join(".")}`, code: i.code, message: i.message })),
    );
  }
  return parsed.data;
}

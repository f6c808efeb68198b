// The Neo4j store: one driver per store (closed in close()), bounded connection timeouts, managed transactions, schema
// from cypher/schema/neo4j.cypher, a ChangeSet in one transaction (a large one staged, then published in one: bulk.ts),
// driver types converted at this edge.
import neo4j, { Neo4jError, type Driver, type ManagedTransaction, type Session } from "neo4j-driver";
import {
  InvalidInputError,
  QueryMemoryLimitError,
  QueryTimeoutError,
  ReadOnlyViolationError,
  StoreUnavailableError,
  type Bundle,
} from "../../domain/index.js";
import type { ChangeSet, ReadOptions, ReadResult, Store, StoreCounts } from "../port.js";
import { readEventPoints } from "../event-points.js";
import { activityMissing, planActivityBuild, planWrites, readBundle, readCounts, type Row } from "../plan.js";
import { createScaleReads } from "../reads.js";
import { createQueryBook, loadSchema, type QueryBook } from "../query-book.js";
import { applyStaged, BULK_DEFAULTS, createdNodes, initStaging, type BulkOptions } from "./bulk.js";
import { pendingSchema, schemaNames } from "./schema.js";
import { assertNeo4jStatement, assertReadOnlyPlan, explainForm, unshiftPosition } from "./read-guard.js";
import { toPlain, toQueryParams, toWriteParams } from "./values.js";

export interface Neo4jStoreOptions {
  /** bolt://, neo4j:// (routing) or their +s / +ssc variants. */
  uri: string;
  user: string;
  password: string;
  /** The server's default database when unset. */
  database?: string;
  /** Bounds connecting, acquiring a pooled connection and retrying a transaction (TECH-NOTES: about 5 s each). */
  timeoutMs?: number;
  /** Transaction timeout of the store's own reads, in ms. */
  readTimeoutMs?: number;
  /** Large writes: batch size, when to stage, the clean-up of stale staging, test hooks (bulk.ts). */
  bulk?: BulkOptions;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const INTERNAL_READ_TIMEOUT_MS = 60_000;
/**
 * How long past its own timeout an analyst query may take before the client gives up on the server's answer. The
 * server checks timeouts every db.transaction.monitor.check.interval (2 s): queries with a 1.5 s timeout were stopped
 * after 2.0 to 2.7 s.
 */
const CLIENT_GRACE_MS = 3_000;
/**
 * How long a session the client gave up on may take to close. Closing waits for the server to let go of the query, and
 * the caller's slot is held meanwhile: one expression (reduce over a huge range) runs on past its timeout and past a
 * terminate, to its end.
 */
const LET_GO_MAX_MS = 60_000;

/** Error codes with which the server refuses a write in a read transaction (single instance, cluster, read-only db). */
const READ_ONLY_CODES = new Set([
  "Neo.ClientError.Statement.AccessMode",
  "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
  "Neo.ClientError.Cluster.NotALeader",
  "Neo.ClientError.Security.Forbidden",
  // Schema commands in a transaction that may not run them.
  "Neo.ClientError.Transaction.ForbiddenDueToTransactionType",
]);
const UNAVAILABLE_CODES = new Set([
  neo4j.error.SERVICE_UNAVAILABLE,
  neo4j.error.SESSION_EXPIRED,
  "Neo.ClientError.Security.Unauthorized",
  "Neo.ClientError.Security.AuthenticationRateLimit",
  "Neo.ClientError.Database.DatabaseNotFound",
  "Neo.TransientError.General.DatabaseUnavailable",
]);

function codeOf(err: unknown): string {
  return err instanceof Neo4jError ? String(err.code ?? "") : "";
}

/** Where the server says a query went wrong: its diagnostic record, else the "(line 1, column 8 (offset: 7))" text. */
export function positionOf(err: unknown): { line: number; column: number; offset: number } | undefined {
  const record = (err as { diagnosticRecord?: { _position?: Record<string, unknown> } }).diagnosticRecord?._position;
  if (record && record.line !== undefined) {
    return {
      line: Number(toPlain(record.line)),
      column: Number(toPlain(record.column)),
      offset: Number(toPlain(record.offset)),
    };
  }
  const m = /\(line (\d+), column (\d+) \(offset: (\d+)\)\)/.exec((err as Error)?.message ?? "");
  return m ? { line: Number(m[1]), column: Number(m[2]), offset: Number(m[3]) } : undefined;
}

export function isTimeout(err: unknown): boolean {
  const code = codeOf(err);
  if (code.includes("TransactionTimedOut")) return true;
  // A transaction the server ends for its timeout may also surface as "terminated", with the reason in the message.
  return /Terminated|LockClientStopped/.test(code) && /time(d)? ?out|timeout/i.test((err as Error).message);
}

export function isReadOnlyRefusal(err: unknown): boolean {
  if (READ_ONLY_CODES.has(codeOf(err))) return true;
  return /read access mode|in read-only|for `?READ`? (transactions|access mode)|mode ['`]?READ['`]?/i.test(
    (err as Error)?.message ?? "",
  );
}

const MEMORY_CODES = new Set([
  "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
  "Neo.TransientError.General.OutOfMemoryError",
]);

/**
 * An analyst query that outgrew the server's memory: its own transaction's limit (db.memory.transaction.max, the
 * query's fault: 422) or the memory of all transactions together / the JVM's (the server's state: 503, retry).
 */
function memoryError(err: unknown): Error | undefined {
  if (!MEMORY_CODES.has(codeOf(err))) return undefined;
  const message = (err as Error).message ?? "";
  if (/db\.memory\.transaction\.max/.test(message)) {
    const limit = /the limit ([\d.]+ \w+)/.exec(message)?.[1];
    return new QueryMemoryLimitError(
      `query needed more memory than one transaction may use on the server${limit ? ` (${limit})` : ""}: aggregate less (count() rather than collect()), filter early, or add LIMIT`,
    );
  }
  return new StoreUnavailableError(`neo4j store: the server is short of memory for queries: ${message}`, {
    cause: err,
  });
}

function rejectAfter(ms: number, makeError: () => Error): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(makeError()), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export function createNeo4jStore(options: Neo4jStoreOptions): Store & { readonly uri: string } {
  const book: QueryBook = createQueryBook("neo4j");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const readTimeout = options.readTimeoutMs ?? INTERNAL_READ_TIMEOUT_MS;
  let driver: Driver | null = null;

  function unavailable(err: unknown, doing: string): StoreUnavailableError {
    const code = codeOf(err);
    const why =
      code === "Neo.ClientError.Security.Unauthorized"
        ? `authentication failed for user '${options.user}'`
        : ((err as Error)?.message ?? String(err));
    return new StoreUnavailableError(`neo4j store at ${options.uri}: cannot ${doing}: ${why}`, { cause: err });
  }

  /** Connection-level failures become StoreUnavailableError; everything else passes through unchanged. */
  function mapStoreError(err: unknown, doing: string): unknown {
    if (err instanceof StoreUnavailableError) return err;
    if (UNAVAILABLE_CODES.has(codeOf(err))) return unavailable(err, doing);
    return err;
  }

  function open(): Driver {
    if (!driver) throw new StoreUnavailableError(`neo4j store at ${options.uri}: not open (call init first)`);
    return driver;
  }

  function session(mode: "READ" | "WRITE", fetchSize?: number): Session {
    return open().session({
      database: options.database,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      ...(fetchSize ? { fetchSize } : {}),
    });
  }

  async function read(text: string, params: Row = {}): Promise<Row[]> {
    const s = session("READ");
    try {
      const result = await s.executeRead((tx) => tx.run(text, toWriteParams(params) as Row), { timeout: readTimeout });
      return result.records.map((r) => toPlain(r.toObject()) as Row);
    } catch (err) {
      throw mapStoreError(err, "read");
    } finally {
      await s.close();
    }
  }

  return {
    engine: "neo4j",
    uri: options.uri,

    async init() {
      if (driver) return;
      const d = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
        connectionTimeout: timeoutMs,
        connectionAcquisitionTimeout: timeoutMs,
        maxTransactionRetryTime: timeoutMs,
        userAgent: "faultlines",
      });
      try {
        // connectionTimeout alone does not bound a stalled handshake (TECH-NOTES); verifyConnectivity fails fast.
        await d.verifyConnectivity({ database: options.database });
      } catch (err) {
        await d.close().catch(() => undefined);
        throw unavailable(err, "connect");
      }
      driver = d;
      // Schema statements each in their own transaction: Neo4j refuses schema and data writes in one transaction.
      // Only the DDL that would change something is sent (schema.ts).
      const s = session("WRITE");
      let names: Set<string>;
      try {
        names = await schemaNames(s);
        for (const ddl of pendingSchema(loadSchema("neo4j"), names)) await s.executeWrite((tx) => tx.run(ddl));
      } catch (err) {
        throw mapStoreError(err, "apply the schema");
      } finally {
        await s.close();
      }
      try {
        // The staging indexes, and the staging of imports that crashed or were killed (never published).
        await initStaging({ driver: d, database: options.database }, options.bulk, names);
      } catch (err) {
        throw mapStoreError(err, "clean up stale staging");
      }
      // A store from before the stored event counts (events, no ActivityDay): built from the events once; every
      // later write keeps them. The months go a few actors per transaction (activity-months-build.neo4j: one
      // transaction over millions of participations outgrows db.memory.transaction.max), idempotent if cut off; the
      // days, written last in one transaction, mark the build done.
      if (await activityMissing(book, read)) {
        const t = performance.now();
        const w = session("WRITE");
        try {
          const [months, days] = planActivityBuild(book);
          await w.run(months.text, months.params);
          await w.executeWrite((tx: ManagedTransaction) => tx.run(days.text, days.params));
        } catch (err) {
          throw mapStoreError(err, "build the stored event counts");
        } finally {
          await w.close();
        }
        const ms = (performance.now() - t).toFixed(0);
        console.warn(`neo4j store: built the stored event counts from the events once (${ms} ms)`);
      }
    },

    async close() {
      const d = driver;
      driver = null;
      await d?.close();
    },

    async ping() {
      try {
        await open().verifyConnectivity({ database: options.database });
      } catch (err) {
        throw unavailable(err, "answer");
      }
    },

    counts(): Promise<StoreCounts> {
      return readCounts(book, read);
    },

    readAll(): Promise<Bundle> {
      return readBundle(book, read);
    },

    eventPoints(filter) {
      return readEventPoints(book, read, filter);
    },
    ...createScaleReads(book, read),

    async apply(changes: ChangeSet) {
      // A large ChangeSet would outgrow the server's transaction memory in one transaction: staged, then published.
      if (createdNodes(changes) >= (options.bulk?.stageFrom ?? BULK_DEFAULTS.stageFrom)) {
        try {
          return await applyStaged({ driver: open(), database: options.database }, book, changes, options.bulk);
        } catch (err) {
          throw mapStoreError(err, "write");
        }
      }
      // Each batch's params are built once here (they are a getter); empty batches are dropped.
      const statements = planWrites(book, changes)
        .map((st) => ({ text: st.text, raw: st.params, key: st.batch?.key }))
        .filter((st) => !st.key || (st.raw[st.key] as unknown[]).length > 0)
        .map((st) => ({ text: st.text, params: toWriteParams(st.raw) as Row }));
      if (statements.length === 0) return;
      const s = session("WRITE");
      try {
        // One managed transaction for the whole ChangeSet: all of it commits or none of it (a retry reruns all of it).
        await s.executeWrite(async (tx: ManagedTransaction) => {
          for (const st of statements) await tx.run(st.text, st.params);
        });
      } catch (err) {
        throw mapStoreError(err, "write");
      } finally {
        await s.close();
      }
    },

    async runReadOnly(query: string, params: Record<string, unknown>, opts: ReadOptions): Promise<ReadResult> {
      // The text first (no round trip): LOAD CSV and procedures off the allow-list, under any prefix.
      assertNeo4jStatement(query);
      // fetchSize bounds what the server streams ahead of the row cap.
      const s = session("READ", Math.min(opts.maxRows + 1, 1_000));
      let gaveUp = false;
      const deadline = rejectAfter(opts.timeoutMs + CLIENT_GRACE_MS, () => {
        gaveUp = true;
        return new QueryTimeoutError(`query exceeded ${opts.timeoutMs} ms and was stopped`);
      });
      const explain = explainForm(query);
      let explaining = true;
      const run = async (): Promise<ReadResult> => {
        // An explicit READ transaction with the server-side timeout; no retries: an analyst query runs once.
        const tx = await s.beginTransaction({ timeout: opts.timeoutMs });
        try {
          const p = toQueryParams(params) as Row;
          // EXPLAIN first, whatever the query's own prefix (PROFILE runs it): the server plans the statement without
          // running it, and the plan says whether it only reads.
          assertReadOnlyPlan(await tx.run(explain.text, p).summary());
          explaining = false;
          const result = tx.run(query, p);
          const columns = (await result.keys()) as string[];
          const rows: Record<string, unknown>[] = [];
          let truncated = false;
          for await (const record of result) {
            if (rows.length >= opts.maxRows) {
              truncated = true;
              break;
            }
            rows.push(Object.fromEntries(columns.map((c) => [c, toPlain(record.get(c))])));
          }
          return { columns, rows, truncated };
        } finally {
          // Read-only: nothing to commit. A transaction the server already ended refuses the rollback; that is fine.
          await tx.rollback().catch(() => undefined);
        }
      };
      try {
        return await Promise.race([run(), deadline.promise]);
      } catch (err) {
        if (err instanceof ReadOnlyViolationError || err instanceof QueryTimeoutError) throw err;
        if (isTimeout(err))
          throw new QueryTimeoutError(`query exceeded ${opts.timeoutMs} ms and was stopped`, { cause: err });
        if (isReadOnlyRefusal(err))
          throw new ReadOnlyViolationError("the Cypher workbench is read-only: this statement writes");
        const memory = memoryError(err);
        if (memory) throw memory;
        const mapped = mapStoreError(err, "run the query");
        if (mapped !== err) throw mapped;
        if (err instanceof Neo4jError) {
          // The server's position in the EXPLAIN form is off by the prefix: moved back onto the analyst's query.
          const { message, position } =
            explaining && explain.shift > 0
              ? unshiftPosition(query, err.message, explain.shift)
              : { message: err.message, position: positionOf(err) };
          // The server's code as engineCode: `code` is the problem's own (invalid_input).
          throw new InvalidInputError(message, { engine: "neo4j", engineCode: err.code, position });
        }
        throw err;
      } finally {
        deadline.cancel();
        // Closing the session ends a query the deadline gave up on, once the server lets go of it; the caller (and its
        // workbench slot) waits for that, up to LET_GO_MAX_MS.
        const closing = s.close().catch(() => undefined);
        if (!gaveUp) await closing;
        else {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([closing, new Promise<void>((resolve) => (timer = setTimeout(resolve, LET_GO_MAX_MS)))]);
          clearTimeout(timer);
        }
      }
    },
  };
}

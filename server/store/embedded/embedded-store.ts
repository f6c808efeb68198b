// The embedded store: LadybugDB in process. One writer connection behind a queue (TECH-NOTES trap 1), a small pool
// of reader connections with per-query timeouts, schema from cypher/schema/embedded.cypher. Every commit is
// checkpointed and a write interrupted by a crash is undone or finished at init (recovery.ts, README "Crash recovery").
import { mkdirSync } from "node:fs";
import path from "node:path";
import lbug from "@ladybugdb/core";
import type { Connection, Database, QueryResult } from "@ladybugdb/core";
import {
  InvalidInputError,
  QueryTimeoutError,
  ReadOnlyViolationError,
  StoreUnavailableError,
  type Bundle,
} from "../../domain/index.js";
import { createSerialQueue } from "../../domain/serial-queue.js";
import {
  emptyChangeSet,
  type ChangeSet,
  type OpenWrite,
  type ReadOptions,
  type ReadResult,
  type Store,
  type StoreCounts,
} from "../port.js";
import { readEventPoints } from "../event-points.js";
import {
  activityMissing,
  eachRowOf,
  planActivityBuild,
  planWrites,
  readBundle,
  readCounts,
  type Row,
} from "../plan.js";
import { createScaleReads } from "../reads.js";
import { createQueryBook, loadSchema, type QueryBook } from "../query-book.js";
import { assertEmbeddedCalls } from "./call-guard.js";
import { assertWorkbenchStatement } from "./read-guard.js";
import { toPlain } from "./values.js";
import { debugLog, nothingAhead, reconcile, runStatements, undoAll, WriteAhead } from "./bulk.js";
import { readByCopy } from "./copy-read.js";
import { openRecovering, StoreRecoveryError } from "./recovery.js";

export interface EmbeddedStoreOptions {
  /** A file path, or ':memory:' (tests). */
  path: string;
  readers?: number;
  /** Timeout of the store's own reads, in ms. */
  readTimeoutMs?: number;
  /** Events per COPY written ahead by an open write (tests make it small). */
  aheadChunkRows?: number;
  /** readAll's two large reads by COPY TO a temp file (default), or by the driver's rows (tests compare the two). */
  copyReads?: boolean;
  /** The engine's buffer pool (bytes); default 256 MiB in memory, the engine's own (80% of RAM) for a file. */
  bufferPoolBytes?: number;
  /** Where the one line about a crash recovery goes (default console.warn). */
  log?: (line: string) => void;
}

const INTERNAL_TIMEOUT_MS = 60_000;
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * The rows of a finished query. Not getAll(): it awaits a thread-pool round trip per row (measured: 17 s to read back
 * a store of 100k events). Rows are converted synchronously, yielding to the event loop every ROW_SLICE rows so that
 * a large read never holds the server for long.
 */
async function allRows(result: QueryResult | QueryResult[]): Promise<Row[]> {
  const results = Array.isArray(result) ? result : [result];
  const last = results[results.length - 1];
  const rows: Row[] = [];
  try {
    while (last.hasNext()) {
      rows.push(last.getNextSync() as Row);
      if (rows.length % ROW_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return rows;
  } finally {
    // Closed now, not when the garbage collector gets to them: an open result keeps its buffer-pool pages, and a
    // few hundred reads at once filled an in-memory store's 256 MiB pool ("Unable to allocate memory").
    for (const r of results) r.close();
  }
}
const ROW_SLICE = 5_000;

export function createEmbeddedStore(options: EmbeddedStoreOptions): Store & { readonly path: string } {
  const book: QueryBook = createQueryBook("embedded");
  const readTimeout = options.readTimeoutMs ?? INTERNAL_TIMEOUT_MS;
  let db: Database | null = null;
  let writer: Connection | null = null;
  /** The engine's threads per query (its default: one per core). */
  let engineThreads = 1;
  /** Each reader runs one query at a time: two at once on one connection segfaulted the engine (30 counts() at once). */
  const readers: { conn: Connection; busy: number; queue: ReturnType<typeof createSerialQueue> }[] = [];
  const enqueueWrite = createSerialQueue();
  /** Pings have their own connection: behind a reader's queue a ping waited for event pages (24 s at 300k events). */
  let pinger: Connection | null = null;
  const enqueuePing = createSerialQueue();

  function database(): Database {
    if (!db) throw new StoreUnavailableError("embedded store: not open (call init first)");
    return db;
  }

  function newConnection(): Connection {
    const conn = new lbug.Connection(database());
    return conn;
  }

  /** The least busy reader, in its turn; a read waits behind a runaway query only when every reader is busy. */
  async function withReader<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    const r = readers.reduce((best, x) => (x.busy < best.busy ? x : best));
    r.busy++;
    try {
      return await r.queue(() => fn(r.conn));
    } finally {
      r.busy--;
    }
  }

  async function execute(conn: Connection, text: string, params?: Row): Promise<Row[]> {
    if (!params || Object.keys(params).length === 0) return allRows(await conn.query(text));
    const ps = await conn.prepare(text);
    if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
    return allRows(await conn.execute(ps, params as never));
  }

  const read = (text: string, params?: Row) =>
    withReader(async (conn) => {
      conn.setQueryTimeout(readTimeout);
      return execute(conn, text, params);
    });

  const eachRow = eachRowOf(read);
  let copyReadFailed = false;
  /**
   * The large reads of readAll by COPY TO (copy-read.ts), or by the driver's rows when COPY TO cannot be used (an
   * unwritable temp dir): said once on stderr, since reading a large store back is then slower. A failure after rows
   * were handed over is not retried (they would come twice).
   */
  const readEach = async (text: string, each: (row: Row) => void): Promise<void> => {
    if (options.copyReads !== false && !copyReadFailed) {
      let handed = false;
      try {
        return await withReader(async (conn) => {
          conn.setQueryTimeout(readTimeout);
          await readByCopy(
            text,
            (statement) => conn.query(statement),
            (row) => {
              handed = true;
              each(row);
            },
          );
        });
      } catch (err) {
        if (handed) throw err;
        console.warn(`embedded store: reading by COPY TO failed, reading rows instead (${(err as Error).message})`);
        copyReadFailed = true;
      }
    }
    return eachRow(text, each);
  };

  // Coordinates go as text and are cast in the query: see cypher/queries/places-create.embedded.cypher.
  const placeRow = (r: Row): Row => ({
    ...r,
    lat: r.lat === null || r.lat === undefined ? null : String(r.lat),
    lon: r.lon === null || r.lon === undefined ? null : String(r.lon),
  });

  /** A write transaction, opened now, applied or abandoned later (see OpenWrite); apply() is one opened and applied. */
  async function openWrite(): Promise<OpenWrite> {
    // The writer queue is held from BEGIN to COMMIT or ROLLBACK: other writes wait, reads go on (committed state).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const conn = await new Promise<Connection>((resolve, reject) => {
      void enqueueWrite(async () => {
        if (!writer) return reject(new StoreUnavailableError("embedded store: not open"));
        try {
          await writer.query("BEGIN TRANSACTION");
        } catch (err) {
          // Never reuse a connection whose BEGIN failed (TECH-NOTES trap 1).
          writer = newConnection();
          return reject(new StoreUnavailableError(`embedded store: cannot begin a write: ${(err as Error).message}`));
        }
        resolve(writer);
        await held;
      });
    });
    const run = (text: string, params?: Row) => execute(conn, text, params);
    const ahead = new WriteAhead(book, run, placeRow, options.aheadChunkRows, {
      reading: Math.max(1, engineThreads - 1),
      after: engineThreads,
    });
    let open = true;
    const done = async () => {
      await ahead.dispose();
      release();
    };
    return {
      creating(created) {
        if (open) ahead.creating(created);
      },
      writeAhead(event) {
        if (open) ahead.add(event);
      },
      readDone(created) {
        if (open) ahead.finish(created.places, created.sources);
      },
      resolved(created) {
        if (open) ahead.resolved(created.actors);
      },
      async apply(changes) {
        if (!open) throw new Error("embedded store: this write has ended");
        open = false;
        try {
          // Planned while the engine still runs what went ahead (that is then awaited: a failure rolls back).
          const t = performance.now();
          const statements = planWrites(book, changes, placeRow, reconcile(ahead.planned(), changes));
          debugLog("plan", t);
          const ts = performance.now();
          await ahead.settle();
          debugLog("wait for the writes ahead", ts);
          // Bulk hook (issue 6, importers): large create batches go through COPY inside this transaction; see bulk.ts.
          await runStatements(book, statements, run);
          const t1 = performance.now();
          await conn.query("COMMIT");
          debugLog("COMMIT", t1);
        } catch (err) {
          // A failed statement may already have rolled the transaction back; a second rollback error is expected.
          await conn.query("ROLLBACK").catch(() => undefined);
          throw err;
        } finally {
          await done();
        }
      },
      async abort() {
        if (!open) return;
        open = false;
        try {
          const written = await ahead.settle().catch(() => null);
          if (written && !nothingAhead(written)) {
            // Undone by deleting them and committing, not by ROLLBACK: on a file store, LadybugDB 0.19 corrupts its
            // heap when a transaction that ran a COPY is rolled back (the process aborts later, at the next open or
            // close: tests/store/embedded/write-ahead.test.ts). Nothing else was written in this transaction.
            try {
              const undo = planWrites(book, emptyChangeSet(), placeRow, undoAll(written));
              await runStatements(book, undo, run);
              await conn.query("COMMIT");
              return;
            } catch {
              // Then the transaction is rolled back after all.
            }
          }
          await conn.query("ROLLBACK").catch(() => undefined);
        } finally {
          await done();
        }
      },
    };
  }

  /**
   * A store from before the stored event counts (events, no ActivityDay): they are built from the events once, in one
   * transaction (a crash leaves none, and the next open builds them again). Every later write keeps them.
   */
  async function buildActivityOnce(conn: Connection): Promise<void> {
    if (!(await activityMissing(book, (text, params) => execute(conn, text, params)))) return;
    const t = performance.now();
    await enqueueWrite(async () => {
      await conn.query("BEGIN TRANSACTION");
      try {
        for (const st of planActivityBuild(book)) await execute(conn, st.text);
        await conn.query("COMMIT");
      } catch (err) {
        await conn.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
    });
    const ms = (performance.now() - t).toFixed(0);
    (options.log ?? console.warn)(`embedded store: built the stored event counts from the events once (${ms} ms)`);
  }

  return {
    engine: "embedded",
    path: options.path,

    async init() {
      if (db) return;
      if (options.path !== ":memory:") mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
      const memory = options.path === ":memory:";
      const open = async (checksums: boolean) => {
        // The default maximum size maps 8 TiB of address space per database; a few open databases (tests) exhaust it.
        // Every commit is checkpointed (threshold 0) and the WAL has no checksums: README, "Crash recovery".
        const opened = new lbug.Database(
          options.path,
          options.bufferPoolBytes ?? (memory ? 256 * MIB : 0),
          true,
          false,
          (memory ? 4 : 64) * GIB,
          true,
          0,
          true,
          checksums,
        );
        try {
          await opened.init();
        } catch (err) {
          await opened.close().catch(() => undefined);
          throw err;
        }
        db = opened;
      };
      try {
        if (memory) await open(false);
        else await openRecovering(options.path, { open, log: options.log });
      } catch (err) {
        db = null;
        if (err instanceof StoreRecoveryError) throw err;
        throw new StoreUnavailableError(`embedded store: cannot open ${options.path}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      writer = newConnection();
      for (const ddl of loadSchema("embedded")) await writer.query(ddl);
      const [setting] = await execute(writer, "CALL current_setting('threads') RETURN *");
      engineThreads = Number(setting?.threads) || 1;
      for (let i = 0; i < (options.readers ?? 3); i++)
        readers.push({ conn: newConnection(), busy: 0, queue: createSerialQueue() });
      pinger = newConnection();
      await buildActivityOnce(writer);
    },

    async close() {
      await enqueueWrite(async () => undefined);
      for (const r of readers.splice(0)) await r.conn.close().catch(() => undefined);
      await enqueuePing(async () => undefined);
      await pinger?.close().catch(() => undefined);
      pinger = null;
      await writer?.close().catch(() => undefined);
      await db?.close().catch(() => undefined);
      writer = null;
      db = null;
    },

    async ping() {
      await enqueuePing(async () => {
        if (!db || !pinger) throw new StoreUnavailableError("embedded store: not open");
        pinger.setQueryTimeout(readTimeout);
        await execute(pinger, "RETURN 1 AS ok");
      });
    },

    counts(): Promise<StoreCounts> {
      return readCounts(book, read);
    },

    readAll(): Promise<Bundle> {
      return readBundle(book, read, readEach);
    },

    eventPoints(filter) {
      return readEventPoints(book, read, filter);
    },
    ...createScaleReads(book, read),

    async apply(changes: ChangeSet) {
      const write = await openWrite();
      return write.apply(changes);
    },

    openWrite,

    runReadOnly(query: string, params: Record<string, unknown>, opts: ReadOptions): Promise<ReadResult> {
      // Fix (store contract): isReadOnly() passes LOAD FROM (reads any server file), EXPORT DATABASE (writes files),
      // BEGIN TRANSACTION (left open on a shared reader) and CALL timeout=0; prepare() of COPY quotes file lines in its error.
      try {
        assertWorkbenchStatement(query);
        // CALL of a file-reading table function segfaults prepare() itself: gate CALLs before the engine sees them.
        assertEmbeddedCalls(query);
      } catch (err) {
        return Promise.reject(err);
      }
      return withReader(async (conn) => {
        const ps = await conn.prepare(query);
        if (!ps.isSuccess()) throw new InvalidInputError(ps.getErrorMessage(), { engine: "embedded" });
        if (!ps.isReadOnly())
          throw new ReadOnlyViolationError("the Cypher workbench is read-only: this statement writes");
        conn.setQueryTimeout(opts.timeoutMs);
        let result: QueryResult;
        try {
          const r = await conn.execute(ps, params as never);
          result = Array.isArray(r) ? r[r.length - 1] : r;
        } catch (err) {
          const msg = (err as Error).message;
          if (/interrupt|timeout/i.test(msg))
            throw new QueryTimeoutError(`query exceeded ${opts.timeoutMs} ms and was stopped`);
          throw new InvalidInputError(msg, { engine: "embedded" });
        } finally {
          conn.setQueryTimeout(readTimeout);
        }
        const columns = result.getColumnNamesSync();
        const rows: Record<string, unknown>[] = [];
        let truncated = false;
        while (result.hasNext()) {
          const row = await result.getNext();
          if (!row) break;
          if (rows.length >= opts.maxRows) {
            truncated = true;
            break;
          }
          rows.push(Object.fromEntries(columns.map((c) => [c, toPlain(row[c])])));
        }
        result.close();
        return { columns, rows, truncated };
      });
    },
  };
}

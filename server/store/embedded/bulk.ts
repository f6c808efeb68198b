// Bulk write path of the embedded store: large create batches go in with LadybugDB's COPY from a temp CSV, inside
// the same write transaction as the rest of the ChangeSet (COPY rolls back with it: tested). TECH-NOTES traps: a
// failed COPY can corrupt the primary-key index, so every COPY is validated first (unique new keys, list values
// without separators) and falls back to the UNWIND statement otherwise; a COPY is never retried.
// Why not typed JSON (`UNWIND CAST($rows AS STRUCT(...)[])` with lbug.json)? Measured on 0.19.1: its JSON->STRUCT cast
// fails on strings holding a quote, apostrophe or bracket and keeps `\n` escapes verbatim - unusable for free text.
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Actor, Event, Participant, Place, Source } from "../../domain/index.js";
import {
  planEventEdges,
  planParticipations,
  planWrites,
  type Row,
  type Statement,
  type WrittenAhead,
} from "../plan.js";
import { emptyChangeSet, type ChangeSet, type CreatedSoFar } from "../port.js";
import type { QueryBook } from "../query-book.js";
import { toStoredDate } from "../../domain/index.js";
import { claimsJson, eventSourceColumns, toActorRow, toEventRow, toPlaceRow, toSourceRow } from "../rows.js";

/**
 * Below this many rows (or values, for heavy rows: Statement.batch) the UNWIND statements are as fast as a COPY (which
 * costs a file and a plan).
 */
export const BULK_MIN_ROWS = 2_000;

interface CopyTarget {
  /** COPY target and options (rel tables with several FROM/TO pairs name the pair). */
  table: string;
  options: string;
  columns: string[];
  /** Columns that must be unique and new (node primary keys): checked before COPY. */
  key?: string;
}

/** The COPY column order of each node table (the order of cypher/schema/embedded.cypher). */
export const NODE_COLUMNS = {
  Source: ["id", "title", "publisher", "url", "published", "publishedPrecision", "language", "kind", "licence"],
  Place: ["id", "name", "kind", "lat", "lon", "parentId", "country"],
  Actor: [
    "id",
    "name",
    "kind",
    "family",
    "founded",
    "foundedPrecision",
    "dissolved",
    "dissolvedPrecision",
    "countries",
    "description",
    "aliasNames",
    "aliasesJson",
    "externalIdsJson",
    "sourceIds",
    "sourcesJson",
    "provisional",
  ],
  Event: [
    "id",
    "date",
    "datePrecision",
    "endDate",
    "endDatePrecision",
    "type",
    "placeId",
    "fatalitiesBest",
    "fatalitiesLow",
    "fatalitiesHigh",
    "claimsJson",
    "description",
    "sourceIds",
    "sourcesJson",
  ],
} as const;

/**
 * The COPY files' dialect: tab-separated, quoted (rarely) with the control character U+0001, which doubles to escape
 * itself. Event cells hold commas and double quotes (every sources list is JSON, notes quote people), and standard CSV
 * must quote and escape them: measured, the engine then read the events 1.5-1.9x slower than the same rows unquoted.
 */
const SEP = 9;
const QUOTE = 1;
const QUOTE_CHAR = "\x01";
export const CSV_OPTIONS = `HEADER=true, PARALLEL=false, DELIM='\\t', QUOTE='${QUOTE_CHAR}', ESCAPE='${QUOTE_CHAR}'`;

/** Which create statements of the query book can be a COPY, and how. */
function copyTargets(book: QueryBook): Map<string, CopyTarget> {
  const m = new Map<string, CopyTarget>();
  const node = (query: Parameters<QueryBook["text"]>[0], table: keyof typeof NODE_COLUMNS) =>
    m.set(book.text(query), { table, options: CSV_OPTIONS, columns: [...NODE_COLUMNS[table]], key: "id" });
  node("sources-create", "Source");
  node("places-create", "Place");
  node("actors-create", "Actor");
  node("events-create", "Event");
  m.set(book.text("participants-create"), {
    table: "PARTICIPATED_IN",
    options: CSV_OPTIONS,
    columns: ["actorId", "eventId", "side", "role", "attribution"],
  });
  m.set(book.text("clashes-create"), {
    table: "CLASHED_WITH",
    options: CSV_OPTIONS,
    columns: ["a", "b", "id", "count", "fatalities", "first", "last", "eventIds", "unknownFatalities", "monthsJson"],
  });
  m.set(book.text("events-place"), { table: "OCCURRED_AT", options: CSV_OPTIONS, columns: ["eventId", "placeId"] });
  m.set(book.text("places-link"), { table: "LOCATED_IN", options: CSV_OPTIONS, columns: ["id", "parentId"] });
  for (const label of ["Event", "Actor"] as const) {
    m.set(book.text("cites-create", { label }), {
      table: "CITES",
      options: `${CSV_OPTIONS}, from='${label}', to='Source'`,
      columns: ["id", "sourceId", "quote"],
    });
  }
  return m;
}

const LIST_UNSAFE = /[,[\]"'\t\n\r{}]/;

/**
 * The COPY cell of each list value, or null when an element holds a separator or quote
 * (LadybugDB reads a list cell as [a,b]). Importers share one list between the rows citing the same sources: each is
 * worked out once.
 */
const listCells = new WeakMap<readonly unknown[], string | null>();
function listCell(v: readonly unknown[]): string | null {
  let cell = listCells.get(v);
  if (cell === undefined) {
    cell = v.some((x) => LIST_UNSAFE.test(String(x)) || String(x).includes(QUOTE_CHAR)) ? null : `[${v.join(",")}]`;
    listCells.set(v, cell);
  }
  return cell;
}

const NEEDS_QUOTES = /[\t\n\r]/;
/**
 * A text cell as the dialect writes it: quoted, its quote characters doubled, only when it holds a separator, line
 * break or quote character.
 */
export function textCell(v: string): string {
  if (!NEEDS_QUOTES.test(v) && !v.includes(QUOTE_CHAR)) return v;
  return `${QUOTE_CHAR}${v.includes(QUOTE_CHAR) ? v.replaceAll(QUOTE_CHAR, QUOTE_CHAR + QUOTE_CHAR) : v}${QUOTE_CHAR}`;
}
const LF = 10;
const CR = 13;
/** Strings this long or longer are written by the native UTF-8 writer (below, byte by byte: its per-call cost). */
const NATIVE_CHARS = 24;

/**
 * A sink's buffer, and the spare ones: each is reused by the next sink. Fresh memory costs about 3.5 ms per MB to touch
 * on this VM, and a new 8 MiB buffer per file (as at first) cost more than the bytes written into it.
 */
const SINK_BYTES = 1 << 20;
const spareBuffers: Buffer[] = [];

/**
 * CSV text straight into a Buffer flushed to the file when full: measured 5x faster than building strings, and the
 * file is never one string in memory. Strings are quoted only when they must be (a separator, quote or line break):
 * quoting every string made the engine's COPY twice as slow. Rows are marked (`startRow`): only whole rows go to the
 * file before `flush`, so that a row can be undone (without marks the buffer just grows).
 */
class CsvSink {
  private buf = spareBuffers.pop() ?? Buffer.allocUnsafe(SINK_BYTES);
  private off = 0;
  constructor(private readonly fd: number) {}

  /** Done with: its buffer goes back for the next sink (call after flush, or when abandoning the file). */
  release(): void {
    if (this.buf.length === SINK_BYTES && spareBuffers.length < 2) spareBuffers.push(this.buf);
    this.buf = Buffer.alloc(0);
    this.off = 0;
    this.rowOff = 0;
  }

  /** Where the row being written starts: only whole rows go to the file before `flush`, so a row can be undone. */
  private rowOff = 0;

  /** Marks the start of a row (`undoRow` drops what was written since). */
  startRow(): void {
    this.rowOff = this.off;
  }

  undoRow(): void {
    this.off = this.rowOff;
  }

  /** Room for `bytes` more: whole rows go to the file, the row being written moves to the front (or the buffer grows). */
  private room(bytes: number): void {
    if (this.off + bytes <= this.buf.length) return;
    if (this.rowOff > 0) {
      writeSync(this.fd, this.buf, 0, this.rowOff);
      this.buf.copyWithin(0, this.rowOff, this.off);
      this.off -= this.rowOff;
      this.rowOff = 0;
    }
    if (this.off + bytes > this.buf.length) {
      const bigger = Buffer.allocUnsafe((this.off + bytes) * 2);
      this.buf.copy(bigger, 0, 0, this.off);
      this.buf = bigger;
    }
  }

  /** A cell and the separator after it; false, as cell, when the value cannot go through COPY. */
  field(v: unknown): boolean {
    if (!this.cell(v)) return false;
    this.byte(SEP);
    return true;
  }

  text(s: string): void {
    this.room(s.length * 3);
    this.off += this.buf.write(s, this.off);
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.off++] = b;
  }

  /**
   * One cell; false, writing nothing, when the value cannot go through COPY: an empty string (COPY reads an empty
   * cell, quoted or not, as NULL, where UNWIND keeps "") or a list listCell refuses.
   */
  cell(v: unknown): boolean {
    if (v === null || v === undefined) return true;
    if (typeof v === "string") return v !== "" && this.string(v);
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) this.whole(v);
    else if (Array.isArray(v)) {
      const cell = listCell(v);
      if (cell === null) return false;
      this.raw(cell);
    } else this.text(String(v));
    return true;
  }

  /** A string cell, quoted and escaped when it must be. */
  private string(v: string): true {
    if (v.length < NATIVE_CHARS && this.ascii(v)) return true;
    // Native scans and copy (measured 5-8x faster than a byte loop on 200-character event notes).
    this.text(textCell(v));
    return true;
  }

  /** A cell's text written as it is (already quoted where it must be). */
  raw(s: string): true {
    const n = s.length;
    if (n < NATIVE_CHARS) {
      this.room(n);
      const buf = this.buf;
      let o = this.off;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[o++] = c;
      }
      if (i === n) {
        this.off = o;
        return true;
      }
    }
    this.text(s);
    return true;
  }

  /** A non-negative whole number's digits. */
  private whole(v: number): void {
    if (v >= 1e15) return this.text(String(v));
    this.room(16);
    const buf = this.buf;
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    let o = this.off + digits;
    this.off = o;
    let x = v;
    do {
      buf[--o] = 48 + (x % 10);
      x = Math.floor(x / 10);
    } while (x > 0);
  }

  /**
   * Writes a short all-ASCII string byte by byte, quoted and escaped when it must be; false, writing nothing, when it
   * holds another character. Most cells are short ASCII ids, dates and codes: measured 3-4x faster than Buffer.write,
   * whose per-call cost dominates short cells.
   */
  private ascii(v: string): boolean {
    const n = v.length;
    let quote = false;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) return false;
      if (c === QUOTE || c === SEP || c === LF || c === CR) quote = true;
    }
    this.room(2 * n + 2);
    const buf = this.buf;
    let o = this.off;
    if (!quote) {
      for (let i = 0; i < n; i++) buf[o++] = v.charCodeAt(i);
    } else {
      buf[o++] = QUOTE;
      for (let i = 0; i < n; i++) {
        const c = v.charCodeAt(i);
        buf[o++] = c;
        if (c === QUOTE) buf[o++] = QUOTE;
      }
      buf[o++] = QUOTE;
    }
    this.off = o;
    return true;
  }

  /** Everything written goes to the file. */
  flush(): void {
    if (this.off > 0) writeSync(this.fd, this.buf, 0, this.off);
    this.off = 0;
    this.rowOff = 0;
  }
}

/**
 * Where COPY files go: $FAULTLINES_BULK_TMPDIR, else /dev/shm when it is a RAM disk with 2 GiB free, else the OS temp
 * dir. Measured here: 160 MB written to /dev/shm in 51 ms, to the disk-backed /tmp in 383 ms. (Docker's default
 * /dev/shm is 64 MB: the free-space check keeps such a small one out.)
 */
export function bulkTempRoot(): string {
  if (process.env.FAULTLINES_BULK_TMPDIR) return process.env.FAULTLINES_BULK_TMPDIR;
  try {
    const fs = statfsSync("/dev/shm");
    if (fs.bavail * fs.bsize >= 2 ** 31) return "/dev/shm";
  } catch {
    // No /dev/shm (macOS, Windows).
  }
  return tmpdir();
}

/**
 * Writes batches of rows as one CSV file, batch by batch (pass a generator: only one batch of rows need exist at a
 * time). Returns the number of rows, or null (file incomplete, to be ignored) when a value cannot go through COPY or a
 * key repeats: the caller then falls back to UNWIND.
 */
function writeCsv(file: string, batches: Iterable<Row[]>, target: CopyTarget): number | null {
  const fd = openSync(file, "w");
  let sink: CsvSink | undefined;
  try {
    sink = new CsvSink(fd);
    const columns = target.columns;
    const seen = target.key ? new Set<unknown>() : null;
    sink.text(columns.join("\t"));
    sink.byte(LF);
    let count = 0;
    for (const rows of batches) {
      for (const r of rows) {
        if (seen) {
          const k = r[target.key!];
          if (k === null || k === undefined || seen.has(k)) return null;
          seen.add(k);
        }
        sink.startRow();
        for (let c = 0; c < columns.length; c++) {
          if (c > 0) sink.byte(SEP);
          if (!sink.cell(r[columns[c]])) return null;
        }
        sink.byte(LF);
      }
      count += rows.length;
    }
    sink.flush();
    return count;
  } finally {
    sink?.release();
    closeSync(fd);
  }
}

/** The rows of each batch, built one batch at a time. */
function* rowsOf(batches: Statement[]): Generator<Row[]> {
  for (const b of batches) yield b.params.rows as Row[];
}

export type Execute = (text: string, params?: Record<string, unknown>) => Promise<unknown>;

/** FAULTLINES_BULK_DEBUG=1 prints each step's time on stderr (benchmarks). */
export function debugLog(label: string, since: number): void {
  if (process.env.FAULTLINES_BULK_DEBUG === "1") {
    console.error(`  [bulk] ${label}: ${(performance.now() - since).toFixed(0)} ms`);
  }
}

/** Runs one statement, reading its (lazily built) params once; an empty batch is skipped (LadybugDB types `[]` STRING[]). */
function executeStatement(s: Statement, execute: Execute): Promise<unknown> {
  const params = s.params;
  const list = s.batch ? params[s.batch.key] : undefined;
  if (Array.isArray(list) && list.length === 0) return Promise.resolve();
  return execute(s.text, params);
}

/** One step of a write: a COPY of a file already written, or statements run one by one (UNWIND). */
type Step = { copy: string; table: string; rows: number } | { statements: Statement[]; label: string };

/** Where a write's COPY files go: one temp dir, made on first use, removed with `remove`. */
class TempFiles {
  private dir: string | null = null;
  private n = 0;

  file(table: string): string {
    this.dir ??= mkdtempSync(path.join(bulkTempRoot(), "faultlines-bulk-"));
    return path.join(this.dir, `${this.n++}-${table}.csv`);
  }

  remove(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

/**
 * The steps of the planned statements of one transaction, merging consecutive batches of the same create statement
 * and sending groups of BULK_MIN_ROWS items (or values) or more through COPY: each COPY's file is written when its
 * step is taken (lazily, so that runSteps writes the next file while the engine runs a COPY, or all at once, ahead of
 * the engine).
 */
function* stepsOf(book: QueryBook, statements: Statement[], files: TempFiles): Generator<Step> {
  const targets = copyTargets(book);
  for (let i = 0; i < statements.length;) {
    const s = statements[i];
    const target = targets.get(s.text);
    if (!target || !s.batch) {
      yield { statements: [s], label: s.text.split("\n").find((l) => l.startsWith("//")) ?? "statement" };
      i++;
      continue;
    }
    // Merge the consecutive batches planWrites split this create into.
    let j = i;
    let items = 0;
    let values = 0;
    while (j < statements.length && statements[j].text === s.text) {
      const b = statements[j++].batch;
      items += b?.items ?? 0;
      values += b?.values ?? b?.items ?? 0;
    }
    const batches = statements.slice(i, j);
    i = j;
    let file: string | null = null;
    let rows: number | null = null;
    if (values >= BULK_MIN_ROWS) {
      const t = performance.now();
      try {
        file = files.file(target.table);
        rows = writeCsv(file, rowsOf(batches), target);
      } catch (err) {
        // A full or unwritable temp dir (ENOSPC, EACCES): the rows still go in, by UNWIND.
        if (!(err as NodeJS.ErrnoException).syscall) throw err;
        debugLog(`write ${target.table} file failed (${(err as Error).message})`, t);
      }
      debugLog(`write ${target.table} file (${rows ?? "refused"} rows)`, t);
    }
    if (rows === null) yield { statements: batches, label: `UNWIND ${target.table} x${items}` };
    else {
      const copy = `COPY ${target.table} FROM '${file!.replace(/'/g, "''")}' (${target.options})`;
      yield { copy, table: target.table, rows };
    }
  }
}

/**
 * Runs steps one at a time, in order; while the engine runs a COPY (on its own threads), this thread takes the next
 * step (with lazy steps: writes the next COPY file). Returns the number of COPYs.
 */
async function runSteps(steps: Iterable<Step>, execute: Execute): Promise<number> {
  /** The COPY running on the engine, if any; its failure surfaces when it is awaited. */
  let copying: Promise<unknown> | null = null;
  let copies = 0;
  try {
    for (const step of steps) {
      await copying;
      copying = null;
      const t = performance.now();
      if ("statements" in step) {
        for (const s of step.statements) await executeStatement(s, execute);
        debugLog(step.label, t);
        continue;
      }
      copying = execute(step.copy).then(() => debugLog(`COPY ${step.table} x${step.rows}`, t));
      // Never an unhandled rejection while the next file is written; the error is rethrown by the next await.
      copying.catch(() => undefined);
      copies++;
    }
    await copying;
  } finally {
    // Let a running COPY end before its file goes.
    await copying?.catch(() => undefined);
  }
  return copies;
}

/**
 * Runs the planned statements of one transaction (see stepsOf), pipelined. The caller owns BEGIN/COMMIT/ROLLBACK.
 * Node keys are new by contract (the loader diffed them against the store); rel endpoints exist (the loader checked
 * references). Statements reach the connection one at a time, in order.
 */
export async function runStatements(
  book: QueryBook,
  statements: Statement[],
  execute: Execute,
): Promise<{ copies: number }> {
  const files = new TempFiles();
  try {
    return { copies: await runSteps(stepsOf(book, statements, files), execute) };
  } finally {
    files.remove();
  }
}

/** Rows per COPY of events written ahead: each COPY has a fixed cost. */
export const AHEAD_CHUNK_ROWS = 20_000;

/** The CSV cell of each source list's sourcesJson (escaping it for every row was a third of the row's cost). */
const sourcesJsonCells = new WeakMap<object, string>();

/**
 * An event's COPY row (the columns of NODE_COLUMNS.Event), straight from the event: the cells of toEventRow without
 * building the row object (tested to read back as given). False when a cell cannot go through COPY (the row is then
 * incomplete: the caller undoes it).
 */
function writeEventRow(sink: CsvSink, e: Event): boolean {
  const date = e.date ? toStoredDate(e.date) : null;
  const end = e.endDate ? toStoredDate(e.endDate) : null;
  const sources = eventSourceColumns(e.sources);
  let sourcesJson = sourcesJsonCells.get(sources);
  if (sourcesJson === undefined) {
    sourcesJson = textCell(sources.sourcesJson);
    sourcesJsonCells.set(sources, sourcesJson);
  }
  const f = e.fatalities;
  const ok =
    sink.field(e.id) &&
    sink.field(date?.start) &&
    sink.field(date?.precision) &&
    sink.field(end?.start) &&
    sink.field(end?.precision) &&
    sink.field(e.type) &&
    sink.field(e.placeId) &&
    sink.field(f?.best) &&
    sink.field(f?.low) &&
    sink.field(f?.high) &&
    sink.field(claimsJson(e)) &&
    sink.field(e.description) &&
    sink.field(sources.sourceIds) &&
    sink.raw(sourcesJson);
  if (ok) sink.byte(LF);
  return ok;
}

/** Same node row over `columns` (list cells compared element by element). */
function sameRow(a: Row, b: Row, columns: readonly string[]): boolean {
  for (const c of columns) {
    const x = a[c];
    const y = b[c];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

/** What an open write holds when its ChangeSet arrives: the nodes as written (once settled: see planned). */
export interface Settled {
  /** The events written, frozen when they were: each is still what was written. */
  events: ReadonlyMap<string, Event>;
  places: ReadonlyMap<string, Row>;
  sources: ReadonlyMap<string, Row>;
  actors: ReadonlyMap<string, Row>;
  /** The OCCURRED_AT and CITES edges of every event written ahead are in too. */
  eventEdges: boolean;
  /** The PARTICIPATED_IN edges of every event written ahead are in too. */
  participants: boolean;
}

/**
 * New events, places, sources and actors sent to the engine while an import still reads its file, inside the open
 * write transaction, on the engine's threads while this thread works on. Events go by COPY every `chunkRows`, each
 * chunk followed by the places and sources created so far (see `creating`); once the file is read (`finish`), the
 * rest of them and the events' edges to places and sources; once the participants are resolved (`resolved`), the new
 * actors and the participations. Measured: the engine's share of a large import used to start only once the whole
 * file was read, resolved and validated.
 *
 * Best effort, never a second truth: an event whose row cannot go through COPY, or that comes after a failed file
 * write, is not written ahead and goes with the ChangeSet. `settle` returns what is in, with the rows as written, and
 * `reconcile` keeps exactly what the ChangeSet creates unchanged and undoes the rest. Ids must be new to the store
 * (the caller checks against what it read); a repeated event id is written once.
 */
export class WriteAhead {
  /** The events chunk being written: its file, and the ids of its events. */
  private chunk: { file: string; fd: number; sink: CsvSink; ids: string[] } | null = null;
  private readonly events = new Map<string, Event>();
  private readonly places = new Map<string, Row>();
  private readonly sources = new Map<string, Row>();
  private readonly actors = new Map<string, Row>();
  /** The caller's places and sources so far (see creating). */
  private created: CreatedSoFar | null = null;
  private eventEdges = false;
  private participants = false;
  private phase: "events" | "finished" | "resolved" = "events";
  private copying: Promise<unknown> = Promise.resolve();
  private readonly files = new TempFiles();
  private stopped = false;
  /** Whether the engine's threads are lowered (see threads) and not restored yet. */
  private lowered = false;
  private restoring = false;
  private readonly threads: { reading: number; after: number } | undefined;

  constructor(
    private readonly book: QueryBook,
    private readonly execute: Execute,
    private readonly placeRow: (r: Row) => Row,
    private readonly chunkRows = AHEAD_CHUNK_ROWS,
    /**
     * The engine's threads while this thread still reads and resolves (one core left to it), and after. Measured on
     * 2 cores: the engine's COPYs on 2 threads fought this thread for the cores; on one they end sooner.
     */
    threads?: { reading: number; after: number },
  ) {
    // Nothing to lower with one thread in all.
    this.threads = threads && threads.reading !== threads.after ? threads : undefined;
  }

  /**
   * Where the caller's new places and sources can be read as they are created (final once created): those created so
   * far go ahead with each chunk of events, on an engine otherwise idle while the first events are read. Measured:
   * left to `finish`, they held up the engine for 0.15 s of a 100k-event import once the file was read.
   */
  creating(created: CreatedSoFar): void {
    this.created = created;
  }

  add(event: Event): void {
    if (this.stopped || this.events.has(event.id)) return;
    let chunk;
    try {
      chunk = this.chunk ?? this.openChunk();
      chunk.sink.startRow();
      // An event with a cell COPY cannot take goes with the ChangeSet.
      if (!writeEventRow(chunk.sink, event)) return chunk.sink.undoRow();
    } catch (err) {
      if (!(err as NodeJS.ErrnoException).syscall) throw err;
      return this.dropChunk();
    }
    // Its own fields are final (the caller's word): frozen, so that the event itself says what was written (no row kept)
    // and the ChangeSet's same object is known unchanged.
    // Participants may still change (the array stays open).
    Object.freeze(event);
    Object.freeze(event.fatalities);
    for (const c of event.claims) Object.freeze(c);
    Object.freeze(event.claims);
    // Importers share one sources list between events: frozen once.
    if (!Object.isFrozen(event.sources)) {
      for (const r of event.sources) Object.freeze(r);
      Object.freeze(event.sources);
    }
    this.events.set(event.id, event);
    chunk.ids.push(event.id);
    if (chunk.ids.length >= this.chunkRows) this.flush();
  }

  /** The file is read: the last events, the new places and sources, and the events' edges go ahead; nothing after. */
  finish(places: Place[], sources: Source[]): void {
    if (this.stopped) return;
    if (this.chunk) this.flush();
    if (this.stopped) return;
    this.stopped = true;
    this.phase = "finished";
    const changes = this.newNodes(places, sources);
    const events = [...this.events.values()];
    this.run([...planWrites(this.book, changes, this.placeRow), ...planEventEdges(this.book, events)]);
    this.eventEdges = true;
  }

  /**
   * Every event written ahead has its final participants (frozen from now on), and `actors` are those the import
   * creates (final): they, their citations and the participations go ahead. Only after `finish`.
   */
  resolved(actors: Actor[]): void {
    if (this.phase !== "finished") return;
    this.phase = "resolved";
    // This thread's remaining work (validation, the loader's diff) is shorter than the engine's: the participations
    // get all the engine's threads.
    this.restoreThreads();
    const events = [...this.events.values()];
    for (const e of events) {
      for (const p of e.participants) Object.freeze(p);
      Object.freeze(e.participants);
    }
    for (const a of actors) this.actors.set(a.id, toActorRow(a));
    const changes = emptyChangeSet();
    changes.actors.create = actors;
    this.run([...planWrites(this.book, changes, this.placeRow), ...planParticipations(this.book, events)]);
    this.participants = true;
  }

  /** Of these places and sources, those not written ahead yet: their creates, now taken as written. */
  private newNodes(places: Place[], sources: Source[]): ChangeSet {
    const changes = emptyChangeSet();
    changes.places.create = places.filter((p) => !this.places.has(p.id));
    changes.sources.create = sources.filter((s) => !this.sources.has(s.id));
    for (const p of changes.places.create) this.places.set(p.id, toPlaceRow(p));
    for (const s of changes.sources.create) this.sources.set(s.id, toSourceRow(s));
    return changes;
  }

  /**
   * Statements for the engine once it is free, their COPY files written now: this thread has time to spare once the
   * file is read, the engine has none (measured: the engine idled while the edges' first file was written).
   */
  private run(statements: Statement[]): void {
    let steps: Step[];
    try {
      steps = [...stepsOf(this.book, statements, this.files)];
    } catch (err) {
      return this.chain(() => Promise.reject(err));
    }
    this.chain(() => runSteps(steps, this.execute));
  }

  private chain(step: () => Promise<unknown>): void {
    const threads = this.threads;
    if (threads && !this.lowered && !this.restoring) {
      this.lowered = true;
      this.copying = this.copying.then(() => this.execute(`CALL threads=${threads.reading}`));
    }
    this.copying = this.copying.then(step);
    // Surfaced by settle(); never an unhandled rejection meanwhile.
    this.copying.catch(() => undefined);
  }

  /** A new events file, its header written (a full or unwritable temp dir throws: the caller stops writing ahead). */
  private openChunk(): NonNullable<WriteAhead["chunk"]> {
    const file = this.files.file("Event");
    const fd = openSync(file, "w");
    const sink = new CsvSink(fd);
    this.chunk = { file, fd, sink, ids: [] };
    sink.text(NODE_COLUMNS.Event.join("\t"));
    sink.byte(LF);
    return this.chunk;
  }

  /** The chunk's events are not written ahead after all (they go with the ChangeSet), nor any later one. */
  private dropChunk(): void {
    this.stopped = true;
    const chunk = this.chunk;
    if (!chunk) return;
    this.chunk = null;
    for (const id of chunk.ids) this.events.delete(id);
    chunk.sink.release();
    try {
      closeSync(chunk.fd);
    } catch {
      // Already failing: the file goes with the temp dir.
    }
  }

  /** The chunk's file is complete: its COPY goes to the engine. */
  private flush(): void {
    const chunk = this.chunk!;
    try {
      chunk.sink.flush();
    } catch (err) {
      if (!(err as NodeJS.ErrnoException).syscall) throw err;
      // A full temp dir: these events and the later ones go with the ChangeSet.
      return this.dropChunk();
    }
    this.chunk = null;
    chunk.sink.release();
    closeSync(chunk.fd);
    const { file, ids } = chunk;
    const copy = `COPY Event FROM '${file.replace(/'/g, "''")}' (${CSV_OPTIONS})`;
    this.chain(async () => {
      const t = performance.now();
      await this.execute(copy);
      debugLog(`COPY Event ahead x${ids.length}`, t);
      rmSync(file, { force: true });
    });
    if (this.created) {
      this.run(planWrites(this.book, this.newNodes(this.created.places(), this.created.sources()), this.placeRow));
    }
  }

  /**
   * What will be in once the engine has run what it was given (settle says whether it did): known now, so that the
   * caller can plan the rest of its write while the engine still works. Nothing goes ahead after this.
   */
  planned(): Settled {
    // Events of an unfinished chunk are not written.
    this.dropChunk();
    this.restoreThreads();
    return {
      events: this.events,
      places: this.places,
      sources: this.sources,
      actors: this.actors,
      eventEdges: this.eventEdges,
      participants: this.participants,
    };
  }

  /** Waits for the engine (rethrowing a failure: the transaction must then roll back) and says what is in. */
  async settle(): Promise<Settled> {
    const planned = this.planned();
    await this.copying;
    return planned;
  }

  /** The engine's threads as they were, after what is queued (the connection outlives this write). */
  private restoreThreads(): void {
    if (!this.lowered || this.restoring) return;
    this.restoring = true;
    this.chain(() => this.restore());
  }

  private async restore(): Promise<void> {
    await this.execute(`CALL threads=${this.threads!.after}`);
    this.lowered = false;
  }

  /** Removes the temp files (after settle, or after a failure). */
  async dispose(): Promise<void> {
    this.dropChunk();
    await this.copying.catch(() => undefined);
    // After a failure the chain may have stopped short of restoring them.
    if (this.lowered) await this.restore().catch(() => undefined);
    this.files.remove();
  }
}

export function nothingAhead(w: Settled): boolean {
  return w.events.size + w.places.size + w.sources.size + w.actors.size === 0;
}

/** Everything written ahead, undone. */
export function undoAll(w: Settled): WrittenAhead {
  return {
    keep: { Event: new Set(), Place: new Set(), Source: new Set(), Actor: new Set() },
    undo: {
      Event: [...w.events.keys()],
      Place: [...w.places.keys()],
      Source: [...w.sources.keys()],
      Actor: [...w.actors.keys()],
    },
    eventEdges: false,
    participants: false,
  };
}

/** The ids of `creates` written ahead exactly as they are. */
function kept<T extends { id: string }>(
  written: ReadonlyMap<string, Row>,
  creates: T[],
  toRow: (x: T) => Row,
  columns: readonly string[],
): Set<string> {
  const keep = new Set<string>();
  for (const x of creates) {
    const r = written.get(x.id);
    if (r && sameRow(r, toRow(x), columns)) keep.add(x.id);
  }
  return keep;
}

/** The same participations, in any order. */
function sameParticipants(a: Participant[], b: Participant[]): boolean {
  const key = (p: Participant) => `${p.actorId}|${p.side}|${p.role ?? ""}|${p.attribution}`;
  if (a.length !== b.length) return false;
  const bs = b.map(key);
  return a.every((p) => bs.includes(key(p)));
}

/**
 * Which nodes written ahead the ChangeSet creates exactly as written (kept) and which it does not (undone). Events are
 * decided one by one (their edges go with them): the very object written ahead (frozen) is kept as it is, another is
 * compared field by field. A place, source or actor written ahead that the ChangeSet does not create as written (not
 * expected: importers never change them) undoes everything, since kept events' edges may point to it.
 */
export function reconcile(w: Settled, changes: ChangeSet): WrittenAhead | undefined {
  if (nothingAhead(w)) return undefined;
  const places = kept(w.places, changes.places.create, toPlaceRow, NODE_COLUMNS.Place);
  const sources = kept(w.sources, changes.sources.create, toSourceRow, NODE_COLUMNS.Source);
  const actors = kept(w.actors, changes.actors.create, toActorRow, NODE_COLUMNS.Actor);
  if (places.size !== w.places.size || sources.size !== w.sources.size || actors.size !== w.actors.size) {
    return undoAll(w);
  }
  // Written ahead and created as written: kept. The others (rewritten, or no longer created) are undone.
  const undone = new Set<string>();
  let created = 0;
  for (const e of changes.events.create) {
    const x = w.events.get(e.id);
    if (!x) continue;
    created++;
    if (
      x !== e &&
      !(
        sameRow(toEventRow(x), toEventRow(e), NODE_COLUMNS.Event) &&
        (!w.participants || sameParticipants(x.participants, e.participants))
      )
    ) {
      undone.add(e.id);
    }
  }
  if (created < w.events.size) {
    const creates = new Set(changes.events.create.map((e) => e.id));
    for (const id of w.events.keys()) if (!creates.has(id)) undone.add(id);
  }
  const events = { has: (id: string) => w.events.has(id) && !undone.has(id), size: w.events.size - undone.size };
  return {
    keep: { Event: events, Place: places, Source: sources, Actor: actors },
    undo: { Event: [...undone], Place: [], Source: [], Actor: [] },
    eventEdges: w.eventEdges,
    participants: w.participants,
  };
}

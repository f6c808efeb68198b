// Bulk write path of the embedded store: large create batches go in with LadybugDB's COPY from a temp CSV, inside
// the same write transaction as the rest of the ChangeSet (COPY rolls back with it: tested). TECH-NOTES traps: a
// failed COPY can corrupt the primary-key index, so every COPY is validated first (unique new keys, list values
// without separators) and falls back to the UNWIND statement otherwise; a COPY is never retried.
// Why not typed JSON (`UNWIND CAST($rows AS STRUCT(...)[])` with lbug.json)? Measured on 0.19.1: its JSON->STRUCT cast
// fails on strings holding a quote, apostrophe or bracket and keeps `\n` escapes verbatim - unusable for free text.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Statement } from "../plan.js";
import type { QueryBook } from "../query-book.js";

/** Below this many rows the UNWIND statements are as fast as a COPY (which costs a file and a plan). */
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

const CSV_OPTIONS = "HEADER=true, PARALLEL=false";

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

/** A CSV cell, or null when a list element holds a separator or quote (LadybugDB reads a list cell as [a,b]). */
function cell(v: unknown): string | null {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    for (const x of v) if (LIST_UNSAFE.test(String(x))) return null;
    return `"[${v.join(",")}]"`;
  }
  const s = String(v);
  return s === "" ? '""' : NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const LIST_UNSAFE = /[,[\]"'\n\r{}]/;
const NEEDS_QUOTES = /[",\n\r]/;

/** Flush the CSV text to the file every this many characters: the file is never one string in memory. */
const FLUSH_CHARS = 1 << 22;

/**
 * Writes rows as a CSV file, in chunks. Returns false (file incomplete, to be ignored) when a value cannot go through
 * COPY or a key repeats: the caller then falls back to UNWIND.
 */
function writeCsv(file: string, rows: Record<string, unknown>[], target: CopyTarget): boolean {
  const fd = openSync(file, "w");
  try {
    const columns = target.columns;
    const seen = target.key ? new Set<unknown>() : null;
    let text = columns.join(",") + "\n";
    for (const r of rows) {
      if (seen) {
        const k = r[target.key!];
        if (k === null || k === undefined || seen.has(k)) return false;
        seen.add(k);
      }
      let line = "";
      for (let c = 0; c < columns.length; c++) {
        const x = cell(r[columns[c]]);
        if (x === null) return false;
        line = c === 0 ? x : line + "," + x;
      }
      text += line + "\n";
      if (text.length >= FLUSH_CHARS) {
        writeSync(fd, text);
        text = "";
      }
    }
    writeSync(fd, text);
    return true;
  } finally {
    closeSync(fd);
  }
}

export type Execute = (text: string, params?: Record<string, unknown>) => Promise<unknown>;

/**
 * Runs the planned statements of one transaction, merging consecutive batches of the same create statement and
 * sending those of BULK_MIN_ROWS rows or more through COPY. The caller owns BEGIN/COMMIT/ROLLBACK. Node keys are
 * new by contract (the loader diffed them against the store); rel endpoints exist (the loader checked references).
 * Pipelined: the engine runs one step (on its own threads) while this thread writes the next COPY file; steps still
 * reach the connection one at a time and in order.
 */
export async function runStatements(
  book: QueryBook,
  statements: Statement[],
  execute: Execute,
): Promise<{ copies: number }> {
  const targets = copyTargets(book);
  // FAULTLINES_BULK_DEBUG=1 prints each step's time on stderr (benchmarks).
  const debug = process.env.FAULTLINES_BULK_DEBUG === "1";
  let running: Promise<unknown> = Promise.resolve();
  // Starts a step once the previous one is done; its failure surfaces at the next await of `running`.
  const then = (label: string, fn: () => Promise<unknown>) => {
    const previous = running;
    running = previous.then(async () => {
      const t = performance.now();
      await fn();
      if (debug) console.error(`  [bulk] ${label}: ${(performance.now() - t).toFixed(0)} ms`);
    });
    running.catch(() => (failed = true));
  };
  let failed = false;
  let dir: string | null = null;
  let copies = 0;
  try {
    for (let i = 0; i < statements.length;) {
      const s = statements[i];
      const target = targets.get(s.text);
      const rows = s.params.rows as Record<string, unknown>[] | undefined;
      if (!target || !Array.isArray(rows)) {
        then(s.text.split("\n").find((l) => l.startsWith("//")) ?? "statement", () => execute(s.text, s.params));
        i++;
        continue;
      }
      // Merge the consecutive batches planWrites split this create into.
      let j = i;
      let count = 0;
      while (j < statements.length && statements[j].text === s.text) {
        count += (statements[j].params.rows as unknown[]).length;
        j++;
      }
      const batches = statements.slice(i, j);
      let file: string | null = null;
      if (count >= BULK_MIN_ROWS) {
        const all = batches.length === 1 ? rows : batches.flatMap((b) => b.params.rows as Record<string, unknown>[]);
        dir ??= mkdtempSync(path.join(tmpdir(), "faultlines-bulk-"));
        file = path.join(dir, `${copies}-${target.table}.csv`);
        if (!writeCsv(file, all, target)) file = null;
        else copies++;
      }
      if (file !== null) {
        const copy = `COPY ${target.table} FROM '${file.replace(/'/g, "''")}' (${target.options})`;
        then(`COPY ${target.table} x${count}`, () => execute(copy));
      } else {
        then(`UNWIND ${target.table} x${count}`, async () => {
          for (const b of batches) await execute(b.text, b.params);
        });
      }
      i = j;
      // Yield so that the queued step starts on the engine while the next file is written; stop after a failure.
      await new Promise((resolve) => setImmediate(resolve));
      if (failed) break;
    }
    await running;
  } finally {
    // Let a running step end before its file goes.
    await running.catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return { copies };
}

// Bulk write path of the embedded store: large create batches go in with LadybugDB's COPY from a temp CSV, inside
// the same write transaction as the rest of the ChangeSet (COPY rolls back with it: tested). TECH-NOTES traps: a
// failed COPY can corrupt the primary-key index, so every COPY is validated first (unique new keys, list values
// without separators) and falls back to the UNWIND statement otherwise; a COPY is never retried.
// Why not typed JSON (`UNWIND CAST($rows AS STRUCT(...)[])` with lbug.json)? Measured on 0.19.1: its JSON->STRUCT cast
// fails on strings holding a quote, apostrophe or bracket and keeps `\n` escapes verbatim - unusable for free text.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

function cell(v: unknown): string | null {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) {
    // LadybugDB reads a list cell as [a,b]: an element holding a separator or quote cannot be written safely.
    if (v.some((x) => /[,[\]"'\n\r{}]/.test(String(x)))) return null;
    return `"[${v.join(",")}]"`;
  }
  const s = String(v);
  return /[",\n\r]/.test(s) || s === "" ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text of rows, or null when a value cannot go through COPY (the caller falls back to UNWIND). */
function toCsv(rows: Record<string, unknown>[], target: CopyTarget): string | null {
  const lines = [target.columns.join(",")];
  const seen = target.key ? new Set<unknown>() : null;
  for (const r of rows) {
    if (seen) {
      const k = r[target.key!];
      if (k === null || k === undefined || seen.has(k)) return null;
      seen.add(k);
    }
    const cells: string[] = [];
    for (const c of target.columns) {
      const x = cell(r[c]);
      if (x === null) return null;
      cells.push(x);
    }
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

export type Execute = (text: string, params?: Record<string, unknown>) => Promise<unknown>;

/**
 * Runs the planned statements of one transaction, merging consecutive batches of the same create statement and
 * sending those of BULK_MIN_ROWS rows or more through COPY. The caller owns BEGIN/COMMIT/ROLLBACK. Node keys are
 * new by contract (the loader diffed them against the store); rel endpoints exist (the loader checked references).
 */
export async function runStatements(
  book: QueryBook,
  statements: Statement[],
  execute: Execute,
): Promise<{ copies: number }> {
  const targets = copyTargets(book);
  // FAULTLINES_BULK_DEBUG=1 prints each step's time on stderr (benchmarks).
  const debug = process.env.FAULTLINES_BULK_DEBUG === "1";
  const timed = async (label: string, fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    if (debug) console.error(`  [bulk] ${label}: ${(performance.now() - t).toFixed(0)} ms`);
  };
  let dir: string | null = null;
  let copies = 0;
  try {
    for (let i = 0; i < statements.length;) {
      const s = statements[i];
      const target = targets.get(s.text);
      const rows = s.params.rows as Record<string, unknown>[] | undefined;
      if (!target || !Array.isArray(rows)) {
        await timed(s.text.split("\n").find((l) => l.startsWith("//")) ?? "statement", () => execute(s.text, s.params));
        i++;
        continue;
      }
      // Merge the consecutive batches planWrites split this create into.
      let j = i;
      const all: Record<string, unknown>[] = [];
      while (j < statements.length && statements[j].text === s.text) {
        all.push(...(statements[j].params.rows as Record<string, unknown>[]));
        j++;
      }
      const csv = all.length >= BULK_MIN_ROWS ? toCsv(all, target) : null;
      if (csv === null) {
        await timed(`UNWIND ${target.table} x${all.length}`, async () => {
          for (let k = i; k < j; k++) await execute(statements[k].text, statements[k].params);
        });
      } else {
        dir ??= mkdtempSync(path.join(tmpdir(), "faultlines-bulk-"));
        const file = path.join(dir, `${copies}-${target.table}.csv`);
        writeFileSync(file, csv);
        await timed(`COPY ${target.table} x${all.length}`, () =>
          execute(`COPY ${target.table} FROM '${file.replace(/'/g, "''")}' (${target.options})`),
        );
        copies++;
      }
      i = j;
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return { copies };
}

// Large reads of the embedded store through the engine's own CSV writer: `COPY (query) TO file`, read back with the
// importers' CSV reader. Measured on 100k events and 178k participations: the driver's row objects (getNextSync)
// took 1.5-2 s and most of the garbage of reading the store back; COPY TO writes both files in 0.4 s and the tokenizer
// reads them in a fraction of that. COPY TO writes RFC 4180 (line breaks, CRs and quotes in quoted fields, quotes
// doubled); null as an empty field and the empty string as `""`, which the tokenizer tells apart (emptyAsNull).
// Cells come back as text: the row readers (store/rows.ts) take numbers as text already. A row of one null cell
// would read as a blank line (skipped): every query read this way returns several columns.
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { readCsv } from "../../ingest/csv-stream.js";
import type { Row } from "../plan.js";
import { bulkTempRoot } from "./bulk.js";

/** The query of a book file as one COPY TO statement (its comment lines dropped). */
export function copyToStatement(query: string, file: string): string {
  const body = query
    .split("\n")
    .filter((l) => !l.trimStart().startsWith("//"))
    .join("\n")
    .trim()
    .replace(/;$/, "");
  return `COPY (${body}) TO '${file.replace(/'/g, "''")}' (header=true)`;
}

/**
 * Each row of a CSV file as COPY TO writes them, keyed by the header's names (null for an empty field not in quotes),
 * handed to `each` as it is read: no row need outlive its mapping (100k kept rows cost more in garbage collection than
 * the reading itself).
 */
export async function readCopiedRows(file: string, each: (row: Row) => void): Promise<void> {
  let columns: string[] = [];
  await readCsv(file, {
    emptyAsNull: true,
    onHeader: (header) => (columns = header.columns),
    onBadRow: (bad) => {
      throw new Error(`${file}: row ${bad.row}: ${bad.reason}`);
    },
    onRecord: ({ values }) => {
      const row: Row = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i];
      each(row);
    },
  });
}

/**
 * Runs `query` (no parameters) through COPY TO a temp file and reads the rows back into `each`; the file is removed
 * whatever happens. `execute` runs a statement on a connection that sees committed state.
 */
export async function readByCopy(
  query: string,
  execute: (statement: string) => Promise<unknown>,
  each: (row: Row) => void,
): Promise<void> {
  const dir = mkdtempSync(path.join(bulkTempRoot(), "faultlines-read-"));
  try {
    const file = path.join(dir, "rows.csv");
    await execute(copyToStatement(query, file));
    await readCopiedRows(file, each);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

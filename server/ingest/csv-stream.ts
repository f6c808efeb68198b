// Streaming CSV reader shared by the importers: one record at a time (never the whole file as one string), header
// checked up front, every record numbered, malformed records captured with their row and line instead of aborting.
import { createReadStream } from "node:fs";
import { parse, type CsvError } from "csv-parse";
import { ValidationError } from "../domain/index.js";

export interface CsvRecord {
  /** 1-based data row (the header is not counted; malformed rows are). */
  row: number;
  /** Line of the file where the record ends (quoted fields may span lines). */
  line: number;
  values: string[];
}

export interface BadRow {
  row: number;
  line?: number;
  reason: string;
}

export interface CsvHeader {
  columns: string[];
  index: Map<string, number>;
}

export interface CsvReadOptions {
  /** Called for each well-formed record. */
  onRecord: (record: CsvRecord, header: CsvHeader) => void;
  /** Called once with the header, before any record; throw to refuse the file. */
  onHeader?: (header: CsvHeader) => void;
  /** Called for each record the parser could not read (wrong column count, stray quote). */
  onBadRow: (bad: BadRow) => void;
  /** Progress callback: bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

/** Reads `file` record by record. Resolves with the number of data rows seen (good and bad). */
export async function readCsv(file: string, options: CsvReadOptions): Promise<number> {
  let header: CsvHeader | null = null;
  let rows = 0;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  if (options.onProgress) {
    const report = options.onProgress;
    stream.on("data", () => report(stream.bytesRead));
  }
  const parser = stream.pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined) => {
        rows++;
        const line = (err as { lines?: number } | undefined)?.lines;
        options.onBadRow({ row: rows, line, reason: err?.message ?? "unreadable record" });
        return undefined;
      },
    }),
  );
  // 'data' events, not for-await: the async iterator costs a promise per record (measured ~2x slower here).
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on("data", (chunk: { record: string[]; info: { lines: number } }) => {
        try {
          if (!header) {
            const columns = chunk.record.map((c) => c.trim());
            header = { columns, index: new Map(columns.map((c, i) => [c, i])) };
            options.onHeader?.(header);
            return;
          }
          rows++;
          options.onRecord({ row: rows, line: chunk.info.lines, values: chunk.record }, header);
        } catch (err) {
          parser.destroy(err as Error);
        }
      });
      parser.on("end", resolve);
      parser.on("error", reject);
      stream.on("error", reject);
    });
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    const e = err as CsvError & { lines?: number };
    // Unrecoverable structure (e.g. a quote never closed): the whole file is refused, naming where it broke.
    throw new ValidationError(`${file}: cannot read CSV`, [
      { path: `${file}: line ${e.lines ?? "?"}`, code: "malformed_csv", message: e.message },
    ]);
  } finally {
    stream.destroy();
  }
  if (!header)
    throw new ValidationError(`${file}: empty file`, [{ path: file, code: "empty_file", message: "no header row" }]);
  return rows;
}

/** Column accessor bound to a header: missing optional columns read as "". */
export function columnReader(header: CsvHeader) {
  return (values: string[], column: string): string => {
    const i = header.index.get(column);
    return i === undefined ? "" : (values[i] ?? "").trim();
  };
}

/** Throws a ValidationError naming every required column the header lacks. */
export function requireColumns(file: string, header: CsvHeader, required: readonly string[], format: string): void {
  const missing = required.filter((c) => !header.index.has(c));
  if (missing.length) {
    throw new ValidationError(`${file}: not a ${format} file`, [
      {
        path: `${file}: header`,
        code: "missing_columns",
        message: `missing column(s) ${missing.join(", ")}; found ${header.columns.slice(0, 12).join(", ")}${header.columns.length > 12 ? ", …" : ""}`,
      },
    ]);
  }
}

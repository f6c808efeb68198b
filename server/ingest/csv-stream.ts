// Streaming CSV reader shared by the importers: one record at a time (never the whole file as one string), header
// checked up front, every record numbered, malformed records captured with their row and line instead of aborting.
//
// Why not csv-parse (used here before): measured on the 89 MB scaled ACLED file of the import bench, csv-parse with
// `info` took 2.6 s of the main thread, papaparse 1.3 s (no line numbers, lenient quotes), this RFC 4180 state machine
// 0.8 s; csv-parse alone cost more CPU than LadybugDB's whole COPY of the same rows. tests/ingest/csv-stream.test.ts
// checks it record for record against csv-parse on the real files, and case by case on malformed input.
import { createReadStream } from "node:fs";
import { recogniseLayout, withArticle } from "./known-formats.js";
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
  /** Told how the file was read when it was not UTF-8 (for the import report). */
  onNote?: (message: string) => void;
  /** Hand onRecord the same values array every time, valid only during the call (saves an array per row). */
  reuseValues?: boolean;
  /** Only these columns' text is kept; the others read as "" (saves a string per unread field). */
  columns?: readonly string[];
  /** An empty field not in quotes reads as null (CsvTokenizer's emptyAsNull: files written by LadybugDB's COPY TO). */
  emptyAsNull?: boolean;
}

/** Windows-1252 code points for bytes 0x80-0x9F (the rest of the code page is Latin-1); undefined bytes stay as they are. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1_RE = /[\x80-\x9f]/g;

/** Windows-1252 bytes to text (Node 20's TextDecoder("windows-1252") decodes Latin-1 instead). */
export function decodeCp1252(bytes: Buffer): string {
  return bytes.toString("latin1").replace(C1_RE, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]));
}

/** A field longer than this is taken for a quote never closed (the rest of the file swallowed into one field). */
export const MAX_FIELD_CHARS = 4 << 20;

/** How much of a file's start, all ASCII, is read before it is taken as UTF-8 rather than Windows-1252. */
const DETECT_BYTES = 1 << 20;

/** A record as the tokenizer hands it over: its fields, the line it ends on, and why it is malformed (if it is). */
export type RawRecordHandler = (fields: string[], line: number, error: string | null) => void;

/** A structural error that makes the rest of the file unreadable (an unclosed quote). */
export class CsvFatalError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 tokenizer fed string chunks (any split, even inside a quoted field or a CRLF). Comma-separated, `"`-quoted,
 * `""` inside quotes; LF, CRLF or CR end a record; a leading BOM is dropped; blank lines are skipped. A quote inside
 * an unquoted field, or text after a closing quote, marks the record malformed (the record is still delimited, so
 * reading goes on); a quote open at the end of the input is fatal.
 */
export class CsvTokenizer {
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  /** The current field was quoted and its closing quote has been read. */
  private closed = false;
  /** The current field started (distinguishes an empty last field from a blank line). */
  private started = false;
  private error: string | null = null;
  private line = 1;
  private quoteLine = 0;
  /** A CR ended the last chunk: an LF starting the next one belongs to it. */
  private pendingCR = false;
  private first = true;
  /** A quoted field's quote ended the last chunk: a quote starting the next one makes it an escaped `""`. */
  private maybeEscaped = false;

  /**
   * `reuseFields`: the same array is handed over for every record (valid only during the call): one array per row
   * less, which a 200k-row file feels (arrays grown field by field are reallocated twice).
   */
  constructor(
    private readonly onRecord: RawRecordHandler,
    private readonly reuseFields = false,
    /**
     * An empty field not in quotes is handed over as null (`,,`), a quoted one as "" (`,"",`): how LadybugDB's COPY TO
     * writes null and the empty string. Datasets' files mean nothing by the difference: off for them.
     */
    private readonly emptyAsNull = false,
  ) {}

  /** The line being read. */
  get currentLine(): number {
    return this.line;
  }

  push(s: string): void {
    let i = 0;
    const n = s.length;
    if (this.first && n > 0) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.pendingCR && i < n) {
      this.pendingCR = false;
      if (s.charCodeAt(i) === LF) i++;
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = s.indexOf('"', i);
        const end = q < 0 ? n : q;
        this.append(s, i, end);
        if (q < 0) return;
        if (q + 1 < n) {
          if (s.charCodeAt(q + 1) === QUOTE) {
            if (this.keeps()) this.field += '"';
            i = q + 2;
          } else {
            this.inQuotes = false;
            this.closed = true;
            i = q + 1;
          }
        } else {
          // A quote at the end of the chunk: closing, unless the next chunk starts with a second quote.
          this.inQuotes = false;
          this.closed = true;
          this.maybeEscaped = true;
          return;
        }
        continue;
      }
      if (this.maybeEscaped) {
        this.maybeEscaped = false;
        if (s.charCodeAt(i) === QUOTE) {
          if (this.keeps()) this.field += '"';
          this.inQuotes = true;
          this.closed = false;
          i++;
          continue;
        }
      }
      const c = s.charCodeAt(i);
      if (c === QUOTE && !this.started) {
        this.inQuotes = true;
        this.started = true;
        this.quoteLine = this.line;
        i++;
        continue;
      }
      // Unquoted text (or text after a closing quote) up to the next delimiter.
      let j = i;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
        j++;
      }
      if (j > i) {
        if (this.closed) this.error ??= `text after the closing quote of field ${this.fields.length + 1}`;
        if (this.keeps()) this.field = this.field === "" ? s.slice(i, j) : this.field + s.slice(i, j);
        this.started = true;
        if (this.field.length > MAX_FIELD_CHARS) this.tooLong();
      }
      if (j >= n) return;
      const d = s.charCodeAt(j);
      if (d === COMMA) {
        this.endField();
        i = j + 1;
      } else if (d === QUOTE) {
        this.error ??= `a quote inside unquoted field ${this.fields.length + 1}`;
        if (this.keeps()) this.field += '"';
        this.started = true;
        i = j + 1;
      } else {
        this.endRecord();
        this.line++;
        if (d === CR) {
          if (j + 1 < n) i = s.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
          else {
            this.pendingCR = true;
            return;
          }
        } else i = j + 1;
      }
    }
  }

  /** Appends quoted text, counting the line breaks inside it. */
  private append(s: string, from: number, to: number): void {
    if (to <= from) return;
    let k = s.indexOf("\n", from);
    while (k >= 0 && k < to) {
      this.line++;
      k = s.indexOf("\n", k + 1);
    }
    if (!this.keeps()) return;
    this.field += s.slice(from, to);
    if (this.field.length > MAX_FIELD_CHARS) this.tooLong();
  }

  /** Columns (by index) whose text is not kept: they come as "" (see skipColumns). */
  private skipped: Uint8Array | null = null;

  /** From the next record on, the text of these columns is not kept (they read as ""): fewer strings per row. */
  skipColumns(skipped: boolean[]): void {
    this.skipped = Uint8Array.from(skipped, (x) => (x ? 1 : 0));
  }

  private keeps(): boolean {
    const sk = this.skipped;
    return sk === null || this.fields.length >= sk.length || sk[this.fields.length] === 0;
  }

  private tooLong(): never {
    throw new CsvFatalError(
      `a field is longer than ${MAX_FIELD_CHARS} characters` +
        (this.inQuotes ? `: the quote opened on line ${this.quoteLine} is probably never closed` : ""),
      this.inQuotes ? this.quoteLine : this.line,
    );
  }

  private endField(): void {
    this.fields.push(this.emptyAsNull && this.field === "" && !this.closed ? (null as unknown as string) : this.field);
    this.field = "";
    this.closed = false;
    this.started = false;
  }

  private endRecord(): void {
    if (this.fields.length === 0 && !this.started) {
      // A blank line.
      this.error = null;
      return;
    }
    this.endField();
    const fields = this.fields;
    const error = this.error;
    this.error = null;
    if (this.reuseFields) {
      try {
        this.onRecord(fields, this.line, error);
      } finally {
        fields.length = 0;
      }
      return;
    }
    this.fields = [];
    this.onRecord(fields, this.line, error);
  }

  /** Ends the input: the last record (without a final line break) is handed over; an open quote is fatal. */
  end(): void {
    this.maybeEscaped = false;
    if (this.inQuotes) {
      throw new CsvFatalError(`a quote opened on line ${this.quoteLine} is never closed`, this.quoteLine);
    }
    this.endRecord();
  }
}

/** Reads `file` record by record. Resolves with the number of data rows seen (good and bad). */
export async function readCsv(file: string, options: CsvReadOptions): Promise<number> {
  let header: CsvHeader | null = null;
  let rows = 0;
  const tokenizer = new CsvTokenizer(
    (fields, line, error) => {
      if (!header) {
        if (error !== null) throw new CsvFatalError(`the header is malformed: ${error}`, line);
        const columns = fields.map((c) => c.trim());
        header = { columns, index: new Map(columns.map((c, i) => [c, i])) };
        options.onHeader?.(header);
        const wanted = options.columns && new Set(options.columns);
        if (wanted) tokenizer.skipColumns(columns.map((c) => !wanted.has(c)));
        return;
      }
      rows++;
      if (error === null && fields.length !== header.columns.length) {
        error = `${fields.length} field(s) where the header has ${header.columns.length}`;
      }
      if (error !== null) options.onBadRow({ row: rows, line, reason: error });
      else options.onRecord({ row: rows, line, values: fields }, header);
    },
    options.reuseValues,
    options.emptyAsNull,
  );
  // UTF-8 (validated: a stray byte is not silently turned into U+FFFD), unless the first megabyte is not UTF-8: then
  // the file is read as Windows-1252, which is what Excel writes when it saves "CSV" on Windows.
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let encoding: "utf-8" | "windows-1252" | null = null;
  // Undecided while everything read is ASCII, up to a megabyte (the file is read in 64 KiB chunks).
  let undecidedBytes = 0;
  const decode = (chunk: Buffer): string => {
    if (encoding === "windows-1252") return decodeCp1252(chunk);
    try {
      const text = utf8.decode(chunk, { stream: true });
      if (encoding === null) {
        undecidedBytes += chunk.length;
        // Fewer characters than bytes: a multi-byte character was read, so this is UTF-8.
        if (text.length !== chunk.length || undecidedBytes >= DETECT_BYTES) encoding = "utf-8";
      }
      return text;
    } catch {
      if (encoding === null) {
        // All ASCII so far (the same in both encodings).
        encoding = "windows-1252";
        options.onNote?.(`${file} is not UTF-8: read as Windows-1252 (what Excel saves); check accented names`);
        return decodeCp1252(chunk);
      }
      throw new CsvFatalError(
        `the file is not valid UTF-8 past line ${tokenizer.currentLine}; save it as UTF-8 (Excel: "CSV UTF-8")`,
        tokenizer.currentLine,
      );
    }
  };
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  try {
    // 'data' events, not for-await: the async iterator costs a promise per chunk and keeps chunks alive longer.
    await new Promise<void>((resolve, reject) => {
      stream.on("data", (chunk) => {
        try {
          tokenizer.push(decode(chunk as Buffer));
          options.onProgress?.(stream.bytesRead);
        } catch (err) {
          stream.destroy();
          reject(err as Error);
        }
      });
      stream.on("end", () => {
        try {
          if (encoding !== "windows-1252") tokenizer.push(utf8.decode());
          tokenizer.end();
          resolve();
        } catch (err) {
          reject(
            err instanceof TypeError
              ? new CsvFatalError("the file ends inside a UTF-8 character", tokenizer.currentLine)
              : err,
          );
        }
      });
      stream.on("error", reject);
    });
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    if (err instanceof CsvFatalError) {
      // Unrecoverable structure: the whole file is refused, naming where it broke.
      throw new ValidationError(`${file}: cannot read CSV`, [
        { path: `${file}: line ${err.line}`, code: "malformed_csv", message: err.message },
      ]);
    }
    if ((err as NodeJS.ErrnoException).syscall) {
      throw new ValidationError(`cannot read ${file}`, [
        { path: file, code: "file_not_found", message: (err as Error).message },
      ]);
    }
    throw err;
  } finally {
    stream.destroy();
  }
  if (!header)
    throw new ValidationError(`${file}: empty file`, [{ path: file, code: "empty_file", message: "no header row" }]);
  return rows;
}

/** Where each named column is in a header, by index (-1 when the file lacks it: `cell` then reads ""). */
export function columnIndexes<K extends string>(header: CsvHeader, columns: Record<K, string>): Record<K, number> {
  const ix = {} as Record<K, number>;
  for (const [k, name] of Object.entries(columns) as [K, string][]) ix[k] = header.index.get(name) ?? -1;
  return ix;
}

/** A record's value at a column index from columnIndexes, trimmed ("" for a column the file lacks). */
export const cell = (values: string[], i: number): string => (i < 0 ? "" : values[i].trim());

/** Column accessor bound to a header: missing optional columns read as "". */
export function columnReader(header: CsvHeader) {
  return (values: string[], column: string): string => {
    const i = header.index.get(column);
    return i === undefined ? "" : (values[i] ?? "").trim();
  };
}

/** Throws a ValidationError naming every required column the header lacks. */
export function requireColumns(
  file: string,
  header: CsvHeader,
  required: readonly string[],
  format: string,
  formatId?: string,
): void {
  const missing = required.filter((c) => !header.index.has(c));
  if (missing.length) {
    const other = recogniseLayout(header.columns, formatId);
    const looks = other
      ? `; it looks like ${other.name}${other.format ? `: use --format ${other.format}` : ", which is not imported"}`
      : "";
    throw new ValidationError(`${file}: not ${withArticle(format)} file${looks}`, [
      {
        path: `${file}: header`,
        code: "missing_columns",
        message: `missing column(s) ${missing.join(", ")}; found ${header.columns.slice(0, 12).join(", ")}${header.columns.length > 12 ? ", …" : ""}${looks}`,
      },
    ]);
  }
}

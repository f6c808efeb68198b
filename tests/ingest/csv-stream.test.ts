// The importers' CSV reader: record for record the same as csv-parse on the real files (values and end lines), the
// same whatever the chunk boundaries, and malformed input named by row and line (or refused whole when unreadable).
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../server/domain/index.js";
import { CsvTokenizer, MAX_FIELD_CHARS, decodeCp1252, readCsv, type BadRow } from "../../server/ingest/csv-stream.js";
import { ACLED_FILE, GED_FILE, HAS_DATA, UCDP_ACTORS_FILE, tempCsv } from "./helpers.js";

interface Out {
  records: { fields: string[]; line: number; error: string | null }[];
}

function tokenize(chunks: string[]): Out {
  const out: Out = { records: [] };
  const t = new CsvTokenizer((fields, line, error) => out.records.push({ fields, line, error }));
  for (const c of chunks) t.push(c);
  t.end();
  return out;
}

async function read(text: string) {
  const file = tempCsv("t.csv", text);
  const good: { row: number; line: number; values: string[] }[] = [];
  const bad: BadRow[] = [];
  let columns: string[] = [];
  const rows = await readCsv(file, {
    onHeader: (h) => (columns = h.columns),
    onRecord: (r) => good.push(r),
    onBadRow: (b) => bad.push(b),
  });
  return { rows, columns, good, bad };
}

const TRICKY = '\uFEFFa,b,c\r\n1,"x, ""y""",z\r\n\r\n2,"multi\nline\r\ntext",\n"",,"é"\n3,plain,"q"\r4,last,"end"';

describe("CsvTokenizer", () => {
  it("reads quotes, escaped quotes, embedded line breaks, CRLF/CR/LF, a BOM, blank lines and a missing final break", () => {
    const { records } = tokenize([TRICKY]);
    expect(records.map((r) => r.fields)).toEqual([
      ["a", "b", "c"],
      ["1", 'x, "y"', "z"],
      ["2", "multi\nline\r\ntext", ""],
      ["", "", "é"],
      ["3", "plain", "q"],
      ["4", "last", "end"],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 6, 7, 8, 9]);
    expect(records.every((r) => r.error === null)).toBe(true);
  });

  it("gives the same records for every split of the input into two chunks, and for one-character chunks", () => {
    const whole = tokenize([TRICKY]);
    for (let k = 0; k <= TRICKY.length; k++) {
      expect(tokenize([TRICKY.slice(0, k), TRICKY.slice(k)]), `split at ${k}`).toEqual(whole);
    }
    expect(tokenize([...TRICKY])).toEqual(whole);
  });

  it("marks a stray quote or text after a closing quote as malformed, and goes on with the next record", () => {
    const { records } = tokenize(['a,b\n1,ab"c\n2,"ab"c\n3,ok\n']);
    expect(records.map((r) => [r.fields[0], r.error])).toEqual([
      ["a", null],
      ["1", "a quote inside unquoted field 2"],
      ["2", "text after the closing quote of field 2"],
      ["3", null],
    ]);
  });

  it("refuses a quote that is never closed, naming the line it opened on", () => {
    expect(() => tokenize(['a,b\n1,2\n3,"open\n4,5\n'])).toThrow(/line 3 is never closed/);
  });

  it("refuses a field longer than the limit instead of swallowing the file", () => {
    const long = "x".repeat(MAX_FIELD_CHARS + 1);
    expect(() => tokenize([`a\n"${long}`])).toThrow(/line 2 is probably never closed/);
  });
});

describe("readCsv", () => {
  it("numbers rows (bad ones included) and names the line of each malformed row", async () => {
    const r = await read('h1,h2\nA,1\nB\nC,"x"y\nD,"two\nlines"\nE,5,extra\n');
    expect(r.columns).toEqual(["h1", "h2"]);
    expect(r.rows).toBe(5);
    expect(r.good.map((g) => [g.row, g.line, g.values[0]])).toEqual([
      [1, 2, "A"],
      [4, 6, "D"],
    ]);
    expect(r.bad).toEqual([
      { row: 2, line: 3, reason: "1 field(s) where the header has 2" },
      { row: 3, line: 4, reason: "text after the closing quote of field 2" },
      { row: 5, line: 7, reason: "3 field(s) where the header has 2" },
    ]);
  });

  it("refuses an unreadable file whole with malformed_csv and the line", async () => {
    const err = (await read('h1,h2\nA,"never closed\nB,2\n').catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues[0]).toMatchObject({ code: "malformed_csv", path: expect.stringMatching(/: line 2$/) });
  });

  it("refuses a malformed header and an empty file", async () => {
    const header = (await read('a,"b"c\n1,2\n').catch((e: unknown) => e)) as ValidationError;
    expect(header.issues[0]).toMatchObject({ code: "malformed_csv", path: expect.stringMatching(/: line 1$/) });
    const empty = (await read("").catch((e: unknown) => e)) as ValidationError;
    expect(empty.issues[0]).toMatchObject({ code: "empty_file" });
  });

  it("names a missing file", async () => {
    const err = (await readCsv("/nonexistent/x.csv", { onRecord: () => {}, onBadRow: () => {} }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(err.issues[0]).toMatchObject({ code: "file_not_found", path: "/nonexistent/x.csv" });
  });
});

describe("readCsv encodings", () => {
  async function readBytes(bytes: Buffer) {
    const file = tempCsv("enc.csv", "");
    writeFileSync(file, bytes);
    const good: string[][] = [];
    const notes: string[] = [];
    await readCsv(file, { onRecord: (r) => good.push(r.values), onBadRow: () => {}, onNote: (n) => notes.push(n) });
    return { good, notes };
  }

  it("reads a Windows-1252 file (Excel's CSV) with its accents and curly quotes, and says so", async () => {
    // "Ségou", “Katiba” and 5 € in Windows-1252 bytes.
    const bytes = Buffer.concat([
      Buffer.from("place,actor\n", "latin1"),
      Buffer.from([0x53, 0xe9, 0x67, 0x6f, 0x75, 0x2c, 0x93, 0x4b, 0x61, 0x74, 0x69, 0x62, 0x61, 0x94, 0x0a]),
      Buffer.from("Mopti,5 ", "latin1"),
      Buffer.from([0x80, 0x0a]),
    ]);
    const { good, notes } = await readBytes(bytes);
    expect(good).toEqual([
      ["Ségou", "“Katiba”"],
      ["Mopti", "5 €"],
    ]);
    expect(notes).toEqual([expect.stringContaining("Windows-1252")]);
  });

  it("reads UTF-8 (with or without a BOM) without a note", async () => {
    const { good, notes } = await readBytes(Buffer.from("\uFEFFplace,actor\nSégou,“Katiba”\n", "utf8"));
    expect(good).toEqual([["Ségou", "“Katiba”"]]);
    expect(notes).toEqual([]);
  });

  it("refuses a UTF-8 file that turns invalid after its first megabyte, naming about where", async () => {
    const head = "place,actor\n" + "Ségou,JNIM\n".repeat(120_000); // > 1 MB of valid UTF-8
    const bytes = Buffer.concat([
      Buffer.from(head, "utf8"),
      Buffer.from([0x4d, 0xe9, 0x6e, 0x61, 0x6b, 0x61, 0x2c, 0x78, 0x0a]),
    ]);
    const file = tempCsv("mixed.csv", "");
    writeFileSync(file, bytes);
    const err = (await readCsv(file, { onRecord: () => {}, onBadRow: () => {} }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues[0]).toMatchObject({ code: "malformed_csv", message: expect.stringContaining("not valid UTF-8") });
  });

  it("still reads a Windows-1252 file whose first accent comes after a long ASCII start (it reads 64 KiB chunks)", async () => {
    const ascii = "place,actor\n" + "Mopti,JNIM\n".repeat(30_000); // about 330 KB of ASCII
    const { good, notes } = await readBytes(
      Buffer.concat([Buffer.from(ascii, "latin1"), Buffer.from([0x53, 0xe9, 0x67, 0x6f, 0x75, 0x2c, 0x78, 0x0a])]),
    );
    expect(good).toHaveLength(30_001);
    expect(good[30_000]).toEqual(["Ségou", "x"]);
    expect(notes).toEqual([expect.stringContaining("Windows-1252")]);
  });

  it("refuses a file with UTF-8 accents early and a stray byte later in its first megabyte", async () => {
    const head = "place,actor\nSégou,JNIM\n" + "Mopti,JNIM\n".repeat(20_000); // about 220 KB
    const file = tempCsv("mixed-early.csv", "");
    writeFileSync(file, Buffer.concat([Buffer.from(head, "utf8"), Buffer.from([0x4d, 0xe9, 0x2c, 0x78, 0x0a])]));
    const err = (await readCsv(file, { onRecord: () => {}, onBadRow: () => {} }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues[0].message).toContain("not valid UTF-8");
  });

  it("hands the same values array to every record with reuseValues, each with its own fields", async () => {
    const file = tempCsv("reuse.csv", 'a,b\n1,"x,y"\n2,z\n3,"w\n"\n');
    const arrays = new Set<string[]>();
    const seen: string[][] = [];
    await readCsv(file, {
      reuseValues: true,
      onRecord: (r) => {
        arrays.add(r.values);
        seen.push([...r.values]);
      },
      onBadRow: () => {},
    });
    expect(arrays.size).toBe(1);
    expect(seen).toEqual([
      ["1", "x,y"],
      ["2", "z"],
      ["3", "w\n"],
    ]);
  });

  it("keeps only the listed columns' text with `columns`, still counting lines inside skipped quoted fields", async () => {
    const file = tempCsv("cols.csv", 'id,notes,actor\n1,"long\nnote, ""quoted""",JNIM\n2,short,"A, B"\n3,x\n');
    const got: { values: string[]; line: number }[] = [];
    const bad: BadRow[] = [];
    await readCsv(file, {
      columns: ["id", "actor"],
      onRecord: (r) => got.push({ values: r.values, line: r.line }),
      onBadRow: (b) => bad.push(b),
    });
    expect(got).toEqual([
      { values: ["1", "", "JNIM"], line: 3 },
      { values: ["2", "", "A, B"], line: 4 },
    ]);
    expect(bad).toEqual([{ row: 3, line: 5, reason: "2 field(s) where the header has 3" }]);
  });

  it("maps every Windows-1252 byte above 0x7F", () => {
    expect(decodeCp1252(Buffer.from([0x80, 0x85, 0x8a, 0x9c, 0x9f, 0xa0, 0xe9, 0xff]))).toBe("€…ŠœŸ\u00a0éÿ");
  });
});

describe.skipIf(!HAS_DATA)("readCsv on the real UCDP and ACLED files", () => {
  it.each([
    ["ACLED", ACLED_FILE],
    ["UCDP GED", GED_FILE],
    ["UCDP actors", UCDP_ACTORS_FILE],
  ])("reads %s record for record as csv-parse does, values and end lines", async (_name, file) => {
    const expected = parse(readFileSync(file), { bom: true, info: true, skip_empty_lines: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    const got: { values: string[]; line: number }[] = [];
    let header: string[] = [];
    const bad: BadRow[] = [];
    await readCsv(file, {
      onHeader: (h) => (header = h.columns),
      onRecord: (r) => got.push({ values: r.values, line: r.line }),
      onBadRow: (b) => bad.push(b),
    });
    expect(bad).toEqual([]);
    expect(header).toEqual(expected[0].record.map((c) => c.trim()));
    expect(got.length).toBe(expected.length - 1);
    expect(got.length).toBeGreaterThan(900);
    for (let i = 0; i < got.length; i++) {
      const e = expected[i + 1];
      if (got[i].line !== e.info.lines || got[i].values.join("\u0000") !== e.record.join("\u0000")) {
        expect({ index: i, ...got[i] }).toEqual({ index: i, values: e.record, line: e.info.lines });
      }
    }
  });
});

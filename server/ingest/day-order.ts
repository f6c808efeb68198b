// A file's numeric dates (`03/04/2020`) are read one way for the whole file: day first unless a date proves the file
// writes month first (a US spreadsheet), and the import is refused, naming rows, when the file cannot tell or writes
// both. Reading row by row instead once swapped day and month for 68 events of a `M/D/YYYY` file under
// --skip-bad-rows (the rows with a day over 12 were "malformed" and skipped, the others silently misread).
import { ValidationError } from "../domain/index.js";
import { readCsv } from "./csv-stream.js";
import { dayOrderCollector, isNumericDay, type DayOrder } from "./dates.js";

/** How many rows are looked at before deciding a file has no numeric dates (the rest is not read twice). */
const SNIFF_ROWS = 2_000;

class Sniffed extends Error {}

export interface DayOrderResult {
  /** null: the file's first rows hold no numeric date; one later is not a date (never guessed). */
  order: DayOrder | null;
  /** For the import report. */
  note?: string;
}

const show = (rows: { row: number; text: string }[]) => rows.map((r) => `row ${r.row} '${r.text}'`).join(", ");

/** Reads `columns` of `file`: its first rows, and the whole file only when they hold a numeric date. */
export async function decideDayOrder(file: string, columns: readonly string[]): Promise<DayOrderResult> {
  if (columns.length === 0) return { order: null };
  let numeric = false;
  const look = (values: string[], index: Map<string, number>) =>
    columns.some((c) => {
      const i = index.get(c);
      return i !== undefined && isNumericDay(values[i] ?? "");
    });
  try {
    await readCsv(file, {
      columns,
      reuseValues: true,
      onBadRow: () => {},
      onRecord: ({ row, values }, header) => {
        if (look(values, header.index)) numeric = true;
        if (numeric || row >= SNIFF_ROWS) throw new Sniffed();
      },
    });
  } catch (err) {
    if (!(err instanceof Sniffed)) throw err;
  }
  if (!numeric) return { order: null };
  const collector = dayOrderCollector();
  await readCsv(file, {
    columns,
    reuseValues: true,
    onBadRow: () => {},
    onRecord: ({ row, values }, header) => {
      for (const c of columns) {
        const i = header.index.get(c);
        if (i !== undefined) collector.see(values[i] ?? "", row);
      }
    },
  });
  const decision = collector.decide();
  if (!decision) return { order: null };
  if (decision.kind === "decided") {
    const how = decision.order === "dmy" ? "day first (D/M/YYYY)" : "month first (M/D/YYYY)";
    return {
      order: decision.order,
      note: `numeric dates read ${how} for the whole file: ${show([decision.because])} can only be read that way`,
    };
  }
  const advice = "write the dates as YYYY-MM-DD or as 31 December 2020 (ACLED's own form)";
  if (decision.kind === "mixed") {
    throw new ValidationError(`${file}: dates are written both day first and month first; nothing written`, [
      {
        path: `${file}: ${show(decision.dayFirst.slice(0, 5))}`,
        code: "mixed_date_order",
        message: `day first; ${advice}`,
      },
      {
        path: `${file}: ${show(decision.monthFirst.slice(0, 5))}`,
        code: "mixed_date_order",
        message: `month first; ${advice}`,
      },
    ]);
  }
  throw new ValidationError(`${file}: every numeric date could be day/month or month/day; nothing written`, [
    {
      path: `${file}: ${show(decision.rows.slice(0, 5))}`,
      code: "ambiguous_date_order",
      message: `no date in the file has a day over 12 to tell; ${advice}`,
    },
  ]);
}

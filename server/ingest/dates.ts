// Day dates as the datasets write them: ISO (`2020-12-31`, `2020-12-31 00:00:00`), ACLED's `31 December 2020`,
// `31-December-2020`, `31-Dec-20`, and numbers with slashes (`31/12/2020` or, from US spreadsheets, `12/31/2020`).
// Returns an ISO day, or null when the text is not a real date. Which number comes first in `03/04/2020` is decided
// once for a whole file (decideDayOrder), never row by row.
import { MONTH_NAMES, isValidPartialDate } from "../domain/index.js";

const MONTHS = new Map<string, number>([
  ...MONTH_NAMES.map((name, i): [string, number] => [name.toLowerCase(), i + 1]),
  // Abbreviations (`31-Dec-20`): the first three letters, and "sept".
  ...MONTH_NAMES.map((name, i): [string, number] => [name.slice(0, 3).toLowerCase(), i + 1]),
  ["sept", 9],
]);

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const DMY_NAME_RE = /^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{2}|\d{4})$/;
const DMY_NUM_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function iso(y: number, m: number, d: number): string | null {
  const s = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isValidPartialDate(s) ? s : null;
}

/** Two-digit years (`31-Dec-20`) are read as 19xx when that is later than the current year would allow. */
function fullYear(y: string): number {
  if (y.length === 4) return Number(y);
  const n = Number(y);
  const thisYear = new Date().getUTCFullYear() % 100;
  return n <= thisYear ? 2000 + n : 1900 + n;
}

/** How a file writes numeric dates: day first (`31/12/2020`) or month first (`12/31/2020`). */
export type DayOrder = "dmy" | "mdy";

/** `order` null: numeric dates were not expected in this file (they read as not a date, never guessed). */
export function parseDay(text: string, order: DayOrder | null = "dmy"): string | null {
  const t = text.trim();
  let m = ISO_RE.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DMY_NAME_RE.exec(t);
  if (m) {
    const month = MONTHS.get(m[2].toLowerCase());
    return month ? iso(fullYear(m[3]), month, Number(m[1])) : null;
  }
  m = DMY_NUM_RE.exec(t);
  if (m && order)
    return order === "dmy"
      ? iso(Number(m[3]), Number(m[2]), Number(m[1]))
      : iso(Number(m[3]), Number(m[1]), Number(m[2]));
  return null;
}

/** True for a numeric date with slashes (`3/4/2020`): its order has to be decided for the file. */
export function isNumericDay(text: string): boolean {
  return DMY_NUM_RE.test(text.trim());
}

export type DayOrderDecision =
  | { kind: "decided"; order: DayOrder; because: { row: number; text: string } }
  | { kind: "ambiguous"; rows: { row: number; text: string }[] }
  | { kind: "mixed"; dayFirst: { row: number; text: string }[]; monthFirst: { row: number; text: string }[] };

/**
 * Collects a file's numeric dates and decides how the whole file writes them: a first number over 12 proves day
 * first, a second number over 12 proves month first. Both proven (mixed) or neither (every date could be read either
 * way) cannot be decided: the import is refused, naming rows, rather than reinterpreted row by row.
 */
export function dayOrderCollector() {
  const dayFirst: { row: number; text: string }[] = [];
  const monthFirst: { row: number; text: string }[] = [];
  const either: { row: number; text: string }[] = [];
  const KEEP = 20;
  return {
    see(text: string, row: number): void {
      const m = DMY_NUM_RE.exec(text.trim());
      if (!m) return;
      const a = Number(m[1]);
      const b = Number(m[2]);
      const list = a > 12 && b <= 12 ? dayFirst : b > 12 && a <= 12 ? monthFirst : a <= 12 && b <= 12 ? either : null;
      if (list && list.length < KEEP) list.push({ row, text: text.trim() });
    },
    decide(): DayOrderDecision | null {
      if (dayFirst.length && monthFirst.length) return { kind: "mixed", dayFirst, monthFirst };
      if (dayFirst.length) return { kind: "decided", order: "dmy", because: dayFirst[0] };
      if (monthFirst.length) return { kind: "decided", order: "mdy", because: monthFirst[0] };
      return either.length ? { kind: "ambiguous", rows: either } : null;
    },
  };
}

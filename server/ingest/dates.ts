// Day dates as the datasets write them: ISO (`2020-12-31`, `2020-12-31 00:00:00`), ACLED's `31 December 2020`,
// `31-December-2020`, `31-Dec-20` and `31/12/2020`. Returns an ISO day, or null when the text is not a real date.
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

export function parseDay(text: string): string | null {
  const t = text.trim();
  let m = ISO_RE.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DMY_NAME_RE.exec(t);
  if (m) {
    const month = MONTHS.get(m[2].toLowerCase());
    return month ? iso(fullYear(m[3]), month, Number(m[1])) : null;
  }
  m = DMY_NUM_RE.exec(t);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

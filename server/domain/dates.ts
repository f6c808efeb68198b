// Partial dates with precision: "2011", "2011-12" or "2011-12-03". Stored as the first day plus a precision.
import type { DatePrecision } from "./constants.js";

/** English month names, January first: how dates are written for people (and in ACLED files). */
export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

export const PARTIAL_DATE_RE = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

export interface StoredDate {
  /** ISO day (YYYY-MM-DD): the first day the partial date covers; compares as a string. */
  start: string;
  precision: DatePrecision;
}

export function isValidPartialDate(value: string): boolean {
  const m = PARTIAL_DATE_RE.exec(value);
  if (!m) return false;
  if (!m[3]) return true;
  return Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]));
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function precisionOf(value: string): DatePrecision {
  const len = value.length;
  return len === 4 ? "year" : len === 7 ? "month" : "day";
}

export function toStoredDate(value: string): StoredDate {
  const precision = precisionOf(value);
  const start = precision === "year" ? `${value}-01-01` : precision === "month" ? `${value}-01` : value;
  return { start, precision };
}

export function fromStoredDate(
  start: string | null | undefined,
  precision: string | null | undefined,
): string | undefined {
  if (!start) return undefined;
  if (precision === "year") return start.slice(0, 4);
  if (precision === "month") return start.slice(0, 7);
  return start.slice(0, 10);
}

/** The first day of a partial date, for comparisons ("2013" -> "2013-01-01"). */
export function dateStart(value: string): string {
  return toStoredDate(value).start;
}

/** As-of rule from PRODUCT.md: a tie holds where since <= at < until; open ends allowed. */
export function holdsAt(at: string, since?: string | null, until?: string | null): boolean {
  const day = dateStart(at);
  if (since && dateStart(since) > day) return false;
  if (until && dateStart(until) <= day) return false;
  return true;
}

/** Does [since, until) overlap the closed window [from, to]? */
export function overlaps(
  from: string | undefined,
  to: string | undefined,
  since?: string | null,
  until?: string | null,
): boolean {
  if (to && since && dateStart(since) > dateStart(to)) return false;
  if (from && until && dateStart(until) <= dateStart(from)) return false;
  return true;
}

/** "2011" -> "2011", "2011-12" -> "December 2011", "2011-12-03" -> "3 December 2011": the precision as given. */
export function formatDate(value: string | undefined | null): string {
  if (!value) return "";
  if (!isValidPartialDate(value)) return value;
  const [y, m, d] = value.split("-");
  if (!m) return y;
  const month = MONTH_NAMES[Number(m) - 1];
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** A tie's span: "2011 – June 2012", "since 2011" (still holds), "until 2012", "dates unknown". */
export function formatSpan(since?: string | null, until?: string | null): string {
  if (since && until) return `${formatDate(since)} – ${formatDate(until)}`;
  if (since) return `since ${formatDate(since)}`;
  if (until) return `until ${formatDate(until)}`;
  return "dates unknown";
}

/**
 * When a run of events happened: one date ("23 February 2018", not "since", which would say it goes on), or the
 * first and the last ("6 September 2022 – October 2022"), each at its own precision.
 */
export function formatOccurrence(first?: string | null, last?: string | null): string {
  if (!first && !last) return "date unknown";
  if (!first || !last || first === last) return formatDate(first || last);
  return `${formatDate(first)} – ${formatDate(last)}`;
}

/** The earliest and latest of some partial dates, each kept at its own precision (null when there are none). */
export function dateExtent(dates: Iterable<string>): { first: string; last: string } | null {
  let extent: { first: string; last: string } | null = null;
  for (const d of dates) extent = extendExtent(extent, d);
  return extent;
}

/** dateExtent a date at a time: the extent with `d` too (the earliest and latest kept on ties, as dateExtent). */
export function extendExtent(
  extent: { first: string; last: string } | null,
  d: string,
): { first: string; last: string } {
  if (!extent) return { first: d, last: d };
  if (dateStart(d) < dateStart(extent.first)) extent.first = d;
  if (dateStart(d) > dateStart(extent.last)) extent.last = d;
  return extent;
}

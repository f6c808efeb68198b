// Time: the slider's ticks over the data's date range, stepping for playback, and readable dates (no DOM).
import { MONTH_NAMES, dateStart, holdsAt, isValidPartialDate } from "../../../../server/domain/dates.js";

export { holdsAt, dateStart, isValidPartialDate };

export interface DateRange {
  min: string;
  max: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** One tick per month from the first month of `min` to the month of `max`; the last tick is `max` itself. */
export function monthTicks(range: DateRange): string[] {
  const lo = dateStart(range.min);
  const hi = dateStart(range.max);
  if (lo > hi) throw new RangeError(`time.monthTicks: min ${range.min} is after max ${range.max}`);
  let y = Number(lo.slice(0, 4));
  let m = Number(lo.slice(5, 7));
  const ticks: string[] = [];
  const last = hi.slice(0, 7);
  for (;;) {
    const t = `${y}-${pad(m)}`;
    if (t >= last) break;
    ticks.push(t);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  // The end of the range keeps its own precision so "as of the last known date" includes that day's ties.
  ticks.push(range.max.length === 4 ? `${range.max}-01` : range.max);
  return ticks;
}

/** Index of the tick at or just before `at` (ticks are sorted by their first day). */
export function tickIndexOf(ticks: string[], at: string): number {
  const day = dateStart(at);
  let best = 0;
  for (let i = 0; i < ticks.length; i++) {
    if (dateStart(ticks[i]) <= day) best = i;
    else break;
  }
  return best;
}

/** Playback goes year by year: the next January tick after `at`, or null at the end of the range. */
export function nextYearTick(ticks: string[], at: string): string | null {
  const year = Number(dateStart(at).slice(0, 4));
  const next = ticks.find((t) => Number(t.slice(0, 4)) > year);
  if (next) return next;
  const last = ticks[ticks.length - 1];
  return last && dateStart(last) > dateStart(at) ? last : null;
}

/** "2011" -> "2011", "2011-12" -> "December 2011", "2011-12-03" -> "3 December 2011". */
export function formatDate(value: string | undefined | null): string {
  if (!value) return "";
  if (!isValidPartialDate(value)) return value;
  const [y, m, d] = value.split("-");
  if (!m) return y;
  const month = MONTH_NAMES[Number(m) - 1];
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** "since 2011 until June 2012", "since 2011", "until 2012", "dates unknown". */
export function formatSpan(since?: string | null, until?: string | null): string {
  if (since && until) return `${formatDate(since)} – ${formatDate(until)}`;
  if (since) return `since ${formatDate(since)}`;
  if (until) return `until ${formatDate(until)}`;
  return "dates unknown";
}

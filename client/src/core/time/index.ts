// Time: the slider's ticks over the data's date range, stepping for playback, and readable dates (no DOM).
import {
  dateExtent,
  dateStart,
  formatDate,
  formatOccurrence,
  formatSpan,
  holdsAt,
  isValidPartialDate,
} from "../../../../server/domain/dates.js";

export { holdsAt, dateStart, isValidPartialDate, formatDate, formatSpan, formatOccurrence, dateExtent };

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

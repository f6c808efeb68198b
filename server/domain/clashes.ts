// CLASHED_WITH, derived from events: two actors on opposite sides of an event clashed. Each pair keeps its totals and
// one summary per month (what the graph at a date needs), never its events: the aggregate stays small however many
// events it counts. Pure; the loader maintains the stored aggregates incrementally and the read model applies them.
import { dateStart } from "./dates.js";
import type { Clash, Event, MonthSummary } from "./schemas.js";

export function clashIdOf(a: string, b: string): string {
  const [x, y] = a < b ? [a, b] : [b, a];
  return `clash:${x}:${y}`;
}

/** The month of an ISO day ("2019-06-15" -> "2019-06"). */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The pairs (a < b) an event counts for: each actor of side A with each of side B, once per side listing. */
export function clashPairsOf(e: Pick<Event, "participants">): [string, string][] {
  const sideA: string[] = [];
  const sideB: string[] = [];
  for (const p of e.participants) {
    const side = p.side === "A" ? sideA : p.side === "B" ? sideB : null;
    if (side && !side.includes(p.actorId)) side.push(p.actorId);
  }
  const out: [string, string][] = [];
  for (const a of sideA) for (const b of sideB) if (a !== b) out.push(a < b ? [a, b] : [b, a]);
  return out;
}

/** Adds one month's worth of events to another summary (either may be empty). */
export function addMonth(into: MonthSummary | undefined, m: MonthSummary): MonthSummary {
  if (!into) return { ...m };
  return {
    count: into.count + m.count,
    fatalities: into.fatalities + m.fatalities,
    unknown: into.unknown + m.unknown,
    first: m.first < into.first ? m.first : into.first,
    last: m.last > into.last ? m.last : into.last,
  };
}

/** The totals of a pair from its months; fatalities stay null when no event of the pair has a known toll. */
export function clashFromMonths(a: string, b: string, months: Record<string, MonthSummary>): Clash | null {
  const keys = Object.keys(months).sort();
  if (!keys.length) return null;
  let count = 0,
    fatalities = 0,
    unknown = 0,
    first = months[keys[0]].first,
    last = months[keys[0]].last;
  const sorted: Record<string, MonthSummary> = {};
  for (const k of keys) {
    const m = months[k];
    sorted[k] = m;
    count += m.count;
    fatalities += m.fatalities;
    unknown += m.unknown;
    if (m.first < first) first = m.first;
    if (m.last > last) last = m.last;
  }
  return {
    id: clashIdOf(a, b),
    a,
    b,
    count,
    fatalities: unknown === count ? null : fatalities,
    unknownFatalities: unknown,
    first,
    last,
    months: sorted,
  };
}

/** One event as a month summary of its own. */
export function eventMonth(e: Pick<Event, "date" | "fatalities">): MonthSummary {
  const day = dateStart(e.date);
  const best = e.fatalities?.best;
  return { count: 1, fatalities: best ?? 0, unknown: best === undefined ? 1 : 0, first: day, last: day };
}

/** Month summaries per pair, built up event by event or from a store's aggregate rows. */
export class ClashMonths {
  readonly pairs = new Map<string, { a: string; b: string; months: Record<string, MonthSummary> }>();

  add(a: string, b: string, month: string, m: MonthSummary): void {
    const id = clashIdOf(a, b);
    let p = this.pairs.get(id);
    if (!p) this.pairs.set(id, (p = { a: a < b ? a : b, b: a < b ? b : a, months: {} }));
    p.months[month] = addMonth(p.months[month], m);
  }

  addEvent(e: Pick<Event, "date" | "fatalities" | "participants">): void {
    const pairs = clashPairsOf(e);
    if (!pairs.length) return;
    const m = eventMonth(e);
    const month = monthOf(m.first);
    for (const [a, b] of pairs) this.add(a, b, month, m);
  }

  clashes(): Clash[] {
    return [...this.pairs.values()]
      .map((p) => clashFromMonths(p.a, p.b, p.months))
      .filter((c): c is Clash => c !== null)
      .sort((p, q) => (p.id < q.id ? -1 : 1));
  }
}

export function deriveClashes(events: readonly Pick<Event, "date" | "fatalities" | "participants">[]): Clash[] {
  const acc = new ClashMonths();
  for (const e of events) acc.addEvent(e);
  return acc.clashes();
}

/** The months of a clash between two ISO days (inclusive), summed; null when none falls inside. */
export function clashWithin(c: Clash, lo: string | undefined, hi: string | undefined): Clash | null {
  const months: Record<string, MonthSummary> = {};
  for (const [k, m] of Object.entries(c.months)) {
    if ((lo && m.last < lo) || (hi && m.first > hi)) continue;
    months[k] = m;
  }
  return clashFromMonths(c.a, c.b, months);
}

// Fatalities of several events said as the sources say them: an event without a reported toll is unknown, never 0, so
// a sum over events is "at least N" when some are unknown and "not reported" when all are; claims are kept apart.
import { dateExtent, formatOccurrence } from "./dates.js";
import type { Event } from "./schemas.js";

export interface TollSummary {
  /** Events counted. */
  count: number;
  /** Sum of the best estimates of the events that report one; null when none does. */
  fatalities: number | null;
  /** Events with no reported toll. */
  unknown: number;
  /** The highest toll a party claimed for any of these events (claims are not estimates); null when none. */
  claimed: number | null;
}

/** A toll summed an event at a time (tallyToll), then said as a TollSummary (tollOf). */
export interface TollTally {
  count: number;
  sum: number;
  unknown: number;
  claimed: number | null;
}

export const emptyTally = (): TollTally => ({ count: 0, sum: 0, unknown: 0, claimed: null });

export function tallyToll(t: TollTally, e: Pick<Event, "fatalities" | "claims">): void {
  t.count++;
  if (e.fatalities) t.sum += e.fatalities.best;
  else t.unknown++;
  for (const c of e.claims ?? []) if (c.fatalities !== undefined) t.claimed = Math.max(t.claimed ?? 0, c.fatalities);
}

export function tollOf(t: TollTally): TollSummary {
  return { count: t.count, fatalities: t.count > t.unknown ? t.sum : null, unknown: t.unknown, claimed: t.claimed };
}

export function summarizeToll(events: Iterable<Pick<Event, "fatalities" | "claims">>): TollSummary {
  const t = emptyTally();
  for (const e of events) tallyToll(t, e);
  return tollOf(t);
}

/** "1 event", "2 events", "1 tie"; the plural is the word + "s" unless given. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? word : many}`;
}

/**
 * "12 killed", "at least 12 killed (2 of 3 events report a toll)", "fatalities not reported", each followed by
 * "; a party claimed 60" when a claim gives a number. `unknown` undefined means every event reported a toll.
 */
export function describeToll(t: Pick<TollSummary, "count" | "fatalities"> & Partial<TollSummary>): string {
  const unknown = t.unknown ?? 0;
  const claim = t.claimed !== null && t.claimed !== undefined ? `; claimed: ${t.claimed.toLocaleString("en")}` : "";
  if (t.fatalities === null || t.fatalities === undefined || (t.count > 0 && unknown >= t.count))
    return `fatalities not reported${claim}`;
  const n = t.fatalities.toLocaleString("en");
  if (unknown > 0)
    return `at least ${n} killed (${t.count - unknown} of ${plural(t.count, "event")} report a toll)${claim}`;
  return `${n} killed${claim}`;
}

/** A clash as its aggregate gives it (the graph's CLASHED_WITH attributes, an actor's clash list). */
export interface ClashFigures {
  count?: number;
  fatalities?: number | null;
  unknownFatalities?: number;
  first?: string;
  last?: string;
  eventIds?: string[];
}

/**
 * "2 events · fatalities not reported; claimed: 60 · 6 September 2022 – October 2022". Written from the clash's
 * events when every one is at hand (tolls, claims, dates at their own precision), else from its aggregate.
 */
export function describeClash(
  c: ClashFigures,
  events: readonly Pick<Event, "id" | "date" | "fatalities" | "claims">[] | null,
  dates: (first?: string, last?: string) => string = formatOccurrence,
): string {
  const ids = new Set(c.eventIds ?? []);
  const mine = events && ids.size ? events.filter((e) => ids.has(e.id)) : [];
  if (mine.length && mine.length === ids.size) {
    return describeClashEvents(summarizeToll(mine), dateExtent(mine.map((e) => e.date))!, dates);
  }
  const count = c.count ?? 0;
  const toll = describeToll({ count, fatalities: c.fatalities ?? null, unknown: c.unknownFatalities });
  return `${plural(count, "event")} · ${toll} · ${dates(c.first, c.last)}`;
}

/** describeClash from its events' toll and dates (all of its events, summed as they came: the report's). */
export function describeClashEvents(
  toll: TollSummary,
  extent: { first: string; last: string },
  dates: (first?: string, last?: string) => string = formatOccurrence,
): string {
  return `${plural(toll.count, "event")} · ${describeToll(toll)} · ${dates(extent.first, extent.last)}`;
}

// Engine-neutral reads of the scale port methods (port.ts): the actor-level graph, activity aggregates, entities by
// id, keyset pages of events and sources, and clash months derived by the store. Adapters pass their read function.
import { ClashMonths, type Bundle, type Clash, type Event, type Place } from "../domain/index.js";
import { readRelationships, type Row, type ReadFn } from "./plan.js";
import type { Activity, ActorGraph, ClashDerivation, EntityIds, EventPage, EventPageQuery, Store } from "./port.js";
import type { QueryBook, QueryFlag, QueryName } from "./query-book.js";
import { fromActorRow, fromClashRow, fromEventRow, fromParticipantRow, fromPlaceRow, fromSourceRow } from "./rows.js";

/** Bounds a day filter takes when the caller gives none (stored days are YYYY-MM-DD). */
const NO_LOWER = "0000-00-00";
const NO_UPPER = "9999-99-99";
/** Ids at most this many per statement (an IN list or an UNWIND of ids). */
const ID_CHUNK = 5_000;

const chunks = <T>(xs: T[], n = ID_CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};
const num = (v: unknown) => Number(v ?? 0);

export type ScaleReads = Pick<
  Store,
  | "readActorGraph"
  | "readActivity"
  | "deriveActivity"
  | "readByIds"
  | "readCountries"
  | "storedEventIds"
  | "readEvents"
  | "readEventWindow"
  | "placesInBox"
  | "readSources"
  | "deriveClashes"
>;

export function createScaleReads(book: QueryBook, read: ReadFn): ScaleReads {
  /** Rows of a statement run once per chunk of ids (none when there are no ids: an empty list has no type). */
  const byIds = async (text: string, ids: string[] | undefined): Promise<Row[]> => {
    const unique = [...new Set(ids ?? [])];
    const out: Row[] = [];
    for (const c of chunks(unique)) out.push(...(await read(text, { ids: c })));
    return out;
  };

  /** Events from rows that carry their participations (a list; an event without any gives one empty entry). */
  const toEvents = (rows: Row[]): Event[] =>
    rows.map((r) => {
      const parts = ((r.participants as Row[] | null) ?? [])
        .filter((p) => p && p.actorId !== null && p.actorId !== undefined)
        .map(fromParticipantRow)
        .sort((a, b) =>
          a.side < b.side ? -1 : a.side > b.side ? 1 : a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : 0,
        );
      return fromEventRow(r, parts);
    });

  /** Events per actor and month and per month, from one of the two pairs of statements that give them. */
  const activity = async (actorsQuery: QueryName, monthsQuery: QueryName): Promise<Activity> => {
    const [actorRows, rows] = await Promise.all([read(book.text(actorsQuery)), read(book.text(monthsQuery))]);
    // One row per actor: its months and their counts as two lists in the same order.
    const actors = actorRows.flatMap((r) => {
      const ns = r.ns as unknown[];
      return (r.months as unknown[]).map((month, i) => ({
        actorId: String(r.actorId),
        month: String(month),
        count: num(ns[i]),
      }));
    });
    const months = rows.map((r) => ({ month: String(r.month), count: num(r.n) }));
    let min: string | null = null;
    let max: string | null = null;
    for (const r of rows) {
      if (min === null || String(r.first) < min) min = String(r.first);
      if (max === null || String(r.last) > max) max = String(r.last);
    }
    const order = (a: { month: string }, b: { month: string }) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0);
    actors.sort((a, b) => (a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : order(a, b)));
    return { actors, months: months.sort(order), range: { min, max } };
  };

  return {
    // The statements of one read are sent together (each was its own read anyway): their round trips and, on a
    // freshly started Neo4j, their planning overlap instead of adding up.
    async readActorGraph(): Promise<ActorGraph> {
      const [actorRows, relationships, clashRows] = await Promise.all([
        read(book.text("actors-all")),
        readRelationships(book, read),
        read(book.text("clashes-all")),
      ]);
      const clashes = clashRows.map(fromClashRow).filter((c): c is Clash => c !== null);
      return { actors: actorRows.map(fromActorRow), relationships, clashes };
    },

    // The stored counts, kept by every write (plan.ts, planActivity): a few rows per actor and per day.
    readActivity(): Promise<Activity> {
      return activity("activity-actors", "activity-months");
    },

    deriveActivity(): Promise<Activity> {
      return activity("activity-actors-derive", "activity-months-derive");
    },

    async readByIds(ids: EntityIds): Promise<Bundle> {
      const sources = (await byIds(book.text("sources-by-ids"), ids.sources)).map(fromSourceRow);
      const places = (await byIds(book.text("places-by-ids"), ids.places)).map(fromPlaceRow);
      const events = toEvents(await byIds(book.text("events-by-ids"), ids.events));
      return { sources, places, actors: [], relationships: [], events };
    },

    async storedEventIds(ids: string[]): Promise<string[]> {
      return (await byIds(book.text("events-ids-stored"), ids)).map((r) => String(r.id));
    },

    async readCountries(): Promise<Place[]> {
      return (await read(book.text("places-countries"))).map(fromPlaceRow);
    },

    async readEvents(q: EventPageQuery): Promise<EventPage> {
      if (q.places && q.places.length === 0) return { items: [], next: null };
      if (q.actors && q.actors.length === 0) return { items: [], next: null };
      const params: Row = {
        from: q.from ?? NO_LOWER,
        to: q.to ?? NO_UPPER,
        afterDate: q.after?.date ?? (q.order === "desc" ? NO_UPPER : ""),
        afterId: q.after?.id ?? "",
        limit: q.limit + 1,
      };
      // The page's keys first (the store sorts dates and ids only), then its events by primary key.
      const flags: QueryFlag[] = [
        ...(q.places ? (["places"] as const) : []),
        q.start === "actors" ? "actorfirst" : "days",
      ];
      const places = q.places ? { places: q.places } : {};
      let keys: Row[];
      if (q.opponent && q.actors?.length === 1) {
        const text = book.text("events-page-pair", { order: q.order, flags });
        keys = await read(text, { ...params, ...places, actor: q.actors[0], opponent: q.opponent });
      } else if (q.actors) {
        const text = book.text("events-page-actors", { order: q.order, flags });
        keys = await read(text, { ...params, ...places, actors: q.actors });
      } else if (q.places) {
        keys = await read(book.text("events-page-places", { order: q.order }), { ...params, ...places });
      } else {
        keys = await read(book.text("events-page", { order: q.order }), params);
      }
      const more = keys.length > q.limit;
      const ids = (more ? keys.slice(0, q.limit) : keys).map((r) => String(r.id));
      const byId = new Map(toEvents(await byIds(book.text("events-by-ids"), ids)).map((e) => [e.id, e]));
      const items = ids.map((id) => byId.get(id)).filter((e): e is Event => e !== undefined);
      const last = keys[ids.length - 1];
      return { items, next: more && last ? { date: String(last.date), id: String(last.id) } : null };
    },

    async readEventWindow(q) {
      if (!q.actors.length) return [];
      return toEvents(await read(book.text("events-window"), { actors: q.actors, from: q.from, to: q.to }));
    },

    async placesInBox([minLon, minLat, maxLon, maxLat]) {
      return (await read(book.text("places-in-box"), { minLon, minLat, maxLon, maxLat })).map((r) => String(r.id));
    },

    async readSources(q) {
      const rows = await read(book.text("sources-page"), { after: q.after ?? "", limit: q.limit + 1 });
      const items = rows.slice(0, q.limit).map(fromSourceRow);
      return { items, next: rows.length > q.limit ? items[items.length - 1].id : null };
    },

    async deriveClashes(q: ClashDerivation): Promise<Clash[]> {
      if (q.actors && q.actors.length === 0) return [];
      const flags: QueryFlag[] = [
        ...(q.actors ? (["actors"] as const) : []),
        ...(q.exclude?.length ? (["exclude"] as const) : []),
      ];
      const rows = await read(book.text("clashes-derive", { flags }), {
        from: q.from ?? NO_LOWER,
        to: q.to ?? NO_UPPER,
        ...(q.actors ? { actors: q.actors } : {}),
        ...(q.exclude?.length ? { exclude: q.exclude } : {}),
      });
      const acc = new ClashMonths();
      for (const r of rows) {
        const n = num(r.n);
        acc.add(String(r.a), String(r.b), String(r.month), {
          count: n,
          fatalities: num(r.fatalities),
          unknown: n - num(r.known),
          first: String(r.first),
          last: String(r.last),
        });
      }
      return acc.clashes();
    },
  };
}

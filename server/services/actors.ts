// Actor list and detail, and pages of events: the actor with its relationships (and their sources), clash aggregates,
// yearly and per-opponent totals and a first page of events; events are read from the store a page at a time.
import {
  InvalidInputError,
  NotFoundError,
  dateStart,
  monthOf,
  normalizeName,
  type Actor,
  type Event,
  type Place,
  type Source,
  type SourceRef,
} from "../domain/index.js";
import type { EventKey, EventPageQuery, Store } from "../store/port.js";
import type { ReadModel } from "./read-model.js";

export interface ActorListQuery {
  q?: string;
  kind?: string;
  country?: string;
  limit: number;
  cursor?: string;
}

/** Cursor pagination by id (stable across pages). */
export function listActors(model: ReadModel, query: ActorListQuery): { items: Actor[]; nextCursor: string | null } {
  const q = query.q ? normalizeName(query.q) : "";
  const all = [...model.actors.values()]
    .filter((a) => !query.kind || a.kind === query.kind)
    .filter((a) => !query.country || a.countries.includes(query.country))
    .filter((a) => !q || [a.name, ...a.aliases.map((x) => x.name)].some((n) => normalizeName(n).includes(q)));
  const start = query.cursor ? all.findIndex((a) => a.id > query.cursor!) : 0;
  const items = start < 0 ? [] : all.slice(start, start + query.limit);
  const more = start >= 0 && start + query.limit < all.length;
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}

type Reads = Pick<Store, "readByIds" | "readEvents" | "placesInBox">;

/** An opaque keyset cursor: the last item's (date, id). */
export const toCursor = (k: EventKey) => Buffer.from(JSON.stringify([k.date, k.id])).toString("base64url");
export function fromCursor(cursor: string): EventKey {
  try {
    const [date, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof date === "string" && typeof id === "string") return { date, id };
  } catch {
    // falls through
  }
  throw new InvalidInputError("cursor: not a cursor this API gave out");
}

/** Places with their ancestors, read by id (a place hierarchy is a few levels deep); `known` ones are not read again. */
export async function placesWithAncestors(
  store: Pick<Reads, "readByIds">,
  ids: string[],
  known?: Map<string, Place>,
): Promise<Map<string, Place>> {
  const out = new Map<string, Place>();
  let want = [...new Set(ids)];
  for (let depth = 0; want.length && depth < 8; depth++) {
    const missing = known ? want.filter((id) => !known.has(id)) : want;
    const found = missing.length ? (await store.readByIds({ places: missing })).places : [];
    for (const p of found) known?.set(p.id, p);
    for (const id of want) {
      const p = known?.get(id);
      if (p) out.set(id, p);
    }
    for (const p of found) out.set(p.id, p);
    want = [...new Set(want.map((id) => out.get(id)?.parent).filter((x): x is string => Boolean(x) && !out.has(x!)))];
  }
  return out;
}

/**
 * What the answers of one read model share: the places and sources read so far (a few thousand at most: places and
 * sources grow with the places and datasets named, not with events). A commit builds a new model, so nothing here
 * outlives what it says. The answers themselves are kept, serialized, by the HTTP layer (server/http/model-answers.ts).
 */
interface ModelCache {
  places: Map<string, Place>;
  sources: Map<string, Source>;
}
const caches = new WeakMap<ReadModel, ModelCache>();
/** Entities kept per model before the maps start again. */
const MAX_ENTITIES = 20_000;

function cacheOf(model: ReadModel): ModelCache {
  let c = caches.get(model);
  if (!c) caches.set(model, (c = { places: new Map(), sources: new Map() }));
  if (c.places.size > MAX_ENTITIES) c.places.clear();
  if (c.sources.size > MAX_ENTITIES) c.sources.clear();
  return c;
}

/** The names from a place up to its country: ["Kadji", "Gounzereye", "Gao", "Mali"]. */
export function placePath(places: Map<string, Place>, id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let p = places.get(id); p && !seen.has(p.id); p = p.parent ? places.get(p.parent) : undefined) {
    seen.add(p.id);
    out.push(p.name);
  }
  return out;
}

export type EventView = Omit<Event, "participants"> & {
  place?: Place & { path: string[] };
  participants: (Event["participants"][number] & { actorName: string })[];
};

/** Events as the API shows them: the place with its path up to the country, participants with their names. */
export async function eventViews(
  model: ReadModel,
  store: Pick<Reads, "readByIds">,
  events: Event[],
): Promise<EventView[]> {
  const places = await placesWithAncestors(
    store,
    events.map((e) => e.placeId).filter((x): x is string => Boolean(x)),
    cacheOf(model).places,
  );
  const pathOf = (id: string) => placePath(places, id);
  return events.map((e) => {
    const place = e.placeId ? places.get(e.placeId) : undefined;
    return {
      ...e,
      ...(place ? { place: { ...place, path: pathOf(place.id) } } : {}),
      participants: e.participants.map((p) => ({ ...p, actorName: model.actors.get(p.actorId)?.name ?? p.actorId })),
    };
  });
}

export interface EventQuery {
  actor?: string;
  /** With actor: only the events where this actor was on the other side (the events of one clash). */
  opponent?: string;
  from?: string;
  to?: string;
  bbox?: [number, number, number, number];
  order?: "asc" | "desc";
  limit: number;
  cursor?: string;
}

/** Events per month of what a query asks for, when the model knows them (an actor's, a pair's, everyone's). */
function monthCounts(model: ReadModel, q: EventQuery): Map<string, number> | undefined {
  if (q.actor && q.opponent) {
    const [a, b] = q.actor < q.opponent ? [q.actor, q.opponent] : [q.opponent, q.actor];
    const c = model.clashes.get(`clash:${a}:${b}`);
    return new Map(Object.entries(c?.months ?? {}).map(([k, m]) => [k, m.count]));
  }
  if (q.actor) return model.activity.get(q.actor) ?? new Map();
  return model.months;
}

/**
 * Narrows a page's day window to the months that hold its events (the model counts them per month), so that the
 * store reads a few months of a busy actor, not all of them. Never changes the answer: only where to look.
 */
function narrowed(model: ReadModel, q: EventQuery, after: EventKey | undefined, from?: string, to?: string) {
  const counts = monthCounts(model, q);
  if (!counts) return { from, to };
  const desc = q.order === "desc";
  const start = after ? monthOf(after.date) : undefined;
  const months = [...counts.keys()]
    .filter((m) => (!from || m >= monthOf(from)) && (!to || m <= monthOf(to)))
    .filter((m) => !start || (desc ? m <= start : m >= start))
    .sort();
  if (desc) months.reverse();
  let n = 0;
  for (let i = 0; i < months.length; i++) {
    if (months[i] !== start) n += counts.get(months[i]) ?? 0;
    if (n > q.limit) {
      const edge = months[i];
      return desc
        ? { from: from && from > `${edge}-01` ? from : `${edge}-01`, to }
        : { from, to: to && to < `${edge}-31` ? to : `${edge}-31` };
    }
  }
  return { from, to };
}

/**
 * Where the store should start a page of an actor's events (the embedded store has no day index and ignores this).
 * One actor: from the days (Neo4j walks its date index in the page's order until the page is full, reading about
 * limit × the window's events / the actor's events in the window) when that is fewer than all the actor's events,
 * which starting from the actor reads. A pair: from the actors when the rarer one has fewer events in all than the
 * store holds in the window (its events-page-pair plan reads every event of the window from the days).
 */
function startOf(model: ReadModel, q: EventQuery, window: { from?: string; to?: string }) {
  if (!q.actor) return {};
  const [lo, hi] = [window.from ? monthOf(window.from) : "", window.to ? monthOf(window.to) : "\uffff"];
  const within = (counts: Map<string, number>) => {
    let n = 0;
    for (const [month, k] of counts) if (month >= lo && month <= hi) n += k;
    return n;
  };
  const inWindow = within(model.months);
  if (q.opponent) {
    const rarer = Math.min(...[q.actor, q.opponent].map((a) => model.eventCount.get(a) ?? 0));
    return { start: rarer < inWindow ? ("actors" as const) : ("days" as const) };
  }
  const own = within(model.activity.get(q.actor) ?? new Map<string, number>());
  const walk = own > 0 ? ((q.limit + 1) * inWindow) / own : Infinity;
  return { start: walk < (model.eventCount.get(q.actor) ?? 0) ? ("days" as const) : ("actors" as const) };
}

/** A page of events with every source its events cite (`cited`: a later page's sources are not the first page's). */
export type EventList = { items: EventView[]; nextCursor: string | null; total: number | null; cited: Source[] };

/** A page of events (see EventQuery). */
export async function listEvents(model: ReadModel, store: Reads, q: EventQuery): Promise<EventList> {
  for (const id of [q.actor, q.opponent])
    if (id && !model.actors.has(id)) throw new NotFoundError(`no actor with id '${id}'`);
  if (q.opponent && !q.actor) throw new InvalidInputError("opponent: needs actor");
  const after = q.cursor ? fromCursor(q.cursor) : undefined;
  const from = q.from ? dateStart(q.from) : undefined;
  // `to` keeps its precision: to=2019 means up to the end of 2019.
  const to = q.to ? (q.to.length === 4 ? `${q.to}-12-31` : q.to.length === 7 ? `${q.to}-31` : q.to) : undefined;
  const places = q.bbox ? await store.placesInBox(q.bbox) : undefined;
  const order = q.order ?? "asc";
  const base: EventPageQuery = {
    ...(q.actor ? { actors: [q.actor] } : {}),
    ...(q.opponent ? { opponent: q.opponent } : {}),
    ...(places ? { places } : {}),
    order,
    ...(after ? { after } : {}),
    limit: q.limit,
  };
  const window = places ? { from, to } : narrowed(model, { ...q, order }, after, from, to);
  let page = await store.readEvents({ ...base, ...window, ...startOf(model, q, window) });
  if (!page.next && (window.from !== from || window.to !== to))
    page = await store.readEvents({ ...base, from, to, ...startOf(model, q, { from, to }) });
  const total =
    !from && !to && !places ? [...(monthCounts(model, q)?.values() ?? [])].reduce((a, b) => a + b, 0) : null;
  const cited = await sourcesOf(
    model,
    store,
    page.items.flatMap((e) => [...e.sources.map((s) => s.sourceId), ...e.claims.map((c) => c.sourceId)]),
  );
  return {
    items: await eventViews(model, store, page.items),
    nextCursor: page.next ? toCursor(page.next) : null,
    total: q.opponent ? null : total,
    cited: [...cited.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** The sources behind some references, read from the store by id (those this model has read once are not read again). */
export async function sourcesOf(
  model: ReadModel,
  store: Pick<Reads, "readByIds">,
  ids: Iterable<string>,
): Promise<Map<string, Source>> {
  const known = cacheOf(model).sources;
  const want = [...new Set(ids)];
  const missing = want.filter((id) => !known.has(id));
  if (missing.length) for (const s of (await store.readByIds({ sources: missing })).sources) known.set(s.id, s);
  return new Map(want.filter((id) => known.has(id)).map((id) => [id, known.get(id)!]));
}

const withSources = (refs: SourceRef[], sources: Map<string, Source>) =>
  refs.map((r) => ({ ...r, source: sources.get(r.sourceId) }));

/** The first page of an actor's events (latest first) and every total the panel shows; never all events. */
export async function actorDetail(model: ReadModel, store: Reads, id: string, options: { limit: number }) {
  if (!model.actors.has(id)) throw new NotFoundError(`no actor with id '${id}'`);
  const actor = model.actors.get(id)!;
  const brief = (otherId: string) => {
    const o = model.actors.get(otherId);
    return { id: otherId, name: o?.name ?? otherId, kind: o?.kind ?? "jihadist_group" };
  };
  const rels = model.relationshipsOf.get(id) ?? [];
  const page = await listEvents(model, store, { actor: id, order: "desc", limit: options.limit });
  const sources = await sourcesOf(model, store, [
    ...actor.sources.map((s) => s.sourceId),
    ...rels.flatMap((r) => r.sources.map((s) => s.sourceId)),
    ...page.items.flatMap((e) => e.sources.map((s) => s.sourceId)),
  ]);
  const relationships = rels
    .map((r) => ({
      id: r.id,
      type: r.type,
      direction: r.from === id ? ("out" as const) : ("in" as const),
      other: brief(r.from === id ? r.to : r.from),
      ...(r.since ? { since: r.since } : {}),
      ...(r.until ? { until: r.until } : {}),
      confidence: r.confidence,
      ...(r.note ? { note: r.note } : {}),
      sources: withSources(r.sources, sources),
    }))
    .sort((a, b) => (a.since ?? "").localeCompare(b.since ?? "") || a.id.localeCompare(b.id));
  const clashes = (model.clashesOf.get(id) ?? [])
    .map((c) => ({
      id: c.id,
      other: brief(c.a === id ? c.b : c.a),
      count: c.count,
      fatalities: c.fatalities,
      unknownFatalities: c.unknownFatalities,
      first: c.first,
      last: c.last,
    }))
    .sort((a, b) => b.count - a.count || a.other.id.localeCompare(b.other.id));
  const byYear = new Map<string, number>();
  for (const [month, n] of model.activity.get(id) ?? [])
    byYear.set(month.slice(0, 4), (byYear.get(month.slice(0, 4)) ?? 0) + n);
  return {
    ...actor,
    sources: withSources(actor.sources, sources),
    relationships,
    clashes,
    events: page.items,
    eventsPage: { nextCursor: page.nextCursor, total: model.eventCount.get(id) ?? 0, limit: options.limit },
    totals: {
      events: model.eventCount.get(id) ?? 0,
      byYear: [...byYear].sort(([a], [b]) => (a < b ? -1 : 1)).map(([year, count]) => ({ year, count })),
      byOpponent: clashes.map((c) => ({ other: c.other, count: c.count, fatalities: c.fatalities })),
    },
    cited: [...sources.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

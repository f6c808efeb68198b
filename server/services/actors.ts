// Actor list and detail: the actor with its relationships (and their sources), clashes, events and every cited source.
import {
  NotFoundError,
  dateStart,
  normalizeName,
  type Actor,
  type Event,
  type Place,
  type Source,
  type SourceRef,
} from "../domain/index.js";
import { placePath, type ReadModel } from "./read-model.js";

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
  const all = model.bundle.actors
    .filter((a) => !query.kind || a.kind === query.kind)
    .filter((a) => !query.country || a.countries.includes(query.country))
    .filter((a) => !q || [a.name, ...a.aliases.map((x) => x.name)].some((n) => normalizeName(n).includes(q)))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const start = query.cursor ? all.findIndex((a) => a.id > query.cursor!) : 0;
  const items = start < 0 ? [] : all.slice(start, start + query.limit);
  const more = start >= 0 && start + query.limit < all.length;
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}

function withSources(model: ReadModel, refs: SourceRef[], cited: Map<string, Source>) {
  return refs.map((r) => {
    const source = model.sources.get(r.sourceId);
    if (source) cited.set(source.id, source);
    return { ...r, source };
  });
}

export function eventView(model: ReadModel, e: Event, cited?: Map<string, Source>) {
  const place: (Place & { path: string[] }) | undefined = e.placeId
    ? { ...model.places.get(e.placeId)!, path: placePath(model, e.placeId) }
    : undefined;
  if (cited)
    for (const s of e.sources) {
      const src = model.sources.get(s.sourceId);
      if (src) cited.set(src.id, src);
    }
  return {
    ...e,
    ...(place ? { place } : {}),
    participants: e.participants.map((p) => ({ ...p, actorName: model.actors.get(p.actorId)?.name ?? p.actorId })),
  };
}

export function actorDetail(model: ReadModel, id: string) {
  const actor = model.actors.get(id);
  if (!actor) throw new NotFoundError(`no actor with id '${id}'`);
  const cited = new Map<string, Source>();
  const brief = (otherId: string) => {
    const o = model.actors.get(otherId)!;
    return { id: o.id, name: o.name, kind: o.kind };
  };
  const relationships = (model.relationshipsOf.get(id) ?? [])
    .map((r) => ({
      id: r.id,
      type: r.type,
      direction: r.from === id ? ("out" as const) : ("in" as const),
      other: brief(r.from === id ? r.to : r.from),
      ...(r.since ? { since: r.since } : {}),
      ...(r.until ? { until: r.until } : {}),
      confidence: r.confidence,
      ...(r.note ? { note: r.note } : {}),
      sources: withSources(model, r.sources, cited),
    }))
    .sort((a, b) => (a.since ?? "").localeCompare(b.since ?? "") || a.id.localeCompare(b.id));
  const clashes = model.clashes
    .filter((c) => c.a === id || c.b === id)
    .map((c) => ({
      other: brief(c.a === id ? c.b : c.a),
      count: c.count,
      fatalities: c.fatalities,
      first: c.first,
      last: c.last,
      eventIds: c.eventIds,
    }));
  const events = (model.eventsOf.get(id) ?? []).map((e) => eventView(model, e, cited));
  const ownSources = withSources(model, actor.sources, cited);
  return {
    ...actor,
    sources: ownSources,
    relationships,
    clashes,
    events,
    cited: [...cited.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

export interface EventQuery {
  actor?: string;
  from?: string;
  to?: string;
  bbox?: [number, number, number, number];
  limit: number;
}

export function listEvents(model: ReadModel, q: EventQuery) {
  if (q.actor && !model.actors.has(q.actor)) throw new NotFoundError(`no actor with id '${q.actor}'`);
  const base = q.actor ? (model.eventsOf.get(q.actor) ?? []) : [...model.events.values()];
  const items = base
    .filter((e) => !q.from || dateStart(e.date) >= dateStart(q.from))
    .filter((e) => !q.to || dateStart(e.date).slice(0, q.to.length) <= q.to)
    .filter((e) => {
      if (!q.bbox) return true;
      const p = e.placeId ? model.places.get(e.placeId) : undefined;
      if (p?.lat === undefined || p?.lon === undefined) return false;
      const [minLon, minLat, maxLon, maxLat] = q.bbox;
      return p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat;
    })
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  return { items: items.slice(0, q.limit).map((e) => eventView(model, e)), total: items.length };
}

// The read model: the whole curated graph held in memory, indexed for the API, rebuilt from the store after every load.
// The store stays the source of truth; this keeps /api/graph and search fast on both engines.
import {
  deriveClashes,
  normalizeName,
  type Actor,
  type Bundle,
  type Clash,
  type Event,
  type Place,
  type Relationship,
  type Source,
} from "../domain/index.js";
import type { Store } from "../store/port.js";

export interface ReadModel {
  bundle: Bundle;
  actors: Map<string, Actor>;
  sources: Map<string, Source>;
  places: Map<string, Place>;
  events: Map<string, Event>;
  relationshipsOf: Map<string, Relationship[]>;
  eventsOf: Map<string, Event[]>;
  clashes: Clash[];
  /** The date range the data covers (ISO days), for sliders. */
  range: { min: string | null; max: string | null };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function buildReadModel(bundle: Bundle): ReadModel {
  const relationshipsOf = new Map<string, Relationship[]>();
  for (const r of bundle.relationships) {
    push(relationshipsOf, r.from, r);
    push(relationshipsOf, r.to, r);
  }
  const eventsOf = new Map<string, Event[]>();
  const sortedEvents = [...bundle.events].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1,
  );
  for (const e of sortedEvents) for (const id of new Set(e.participants.map((p) => p.actorId))) push(eventsOf, id, e);
  const dates = [
    ...bundle.actors.flatMap((a) => [a.founded, a.dissolved]),
    ...bundle.relationships.flatMap((r) => [r.since, r.until]),
    ...bundle.events.map((e) => e.date),
  ]
    .filter((d): d is string => Boolean(d))
    .sort();
  return {
    bundle,
    actors: new Map(bundle.actors.map((a) => [a.id, a])),
    sources: new Map(bundle.sources.map((s) => [s.id, s])),
    places: new Map(bundle.places.map((p) => [p.id, p])),
    events: new Map(bundle.events.map((e) => [e.id, e])),
    relationshipsOf,
    eventsOf,
    clashes: deriveClashes(bundle.events),
    range: { min: dates[0] ?? null, max: dates[dates.length - 1] ?? null },
  };
}

/** Holds the current read model; `refresh()` after every write. Concurrent callers share one rebuild. */
export function createReadModelHolder(store: Store) {
  let current: ReadModel | null = null;
  let pending: Promise<ReadModel> | null = null;
  const refresh = (): Promise<ReadModel> => {
    pending ??= store
      .readAll()
      .then((b) => (current = buildReadModel(b)))
      .finally(() => (pending = null));
    return pending;
  };
  return {
    refresh,
    async get(): Promise<ReadModel> {
      return current ?? refresh();
    },
  };
}
export type ReadModelHolder = ReturnType<typeof createReadModelHolder>;

/** The path of place names from a place up to its country: ["Kadji", "Gounzereye", "Gao", "Mali"]. */
export function placePath(model: ReadModel, placeId: string | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let id = placeId;
  while (id && !seen.has(id)) {
    seen.add(id);
    const p = model.places.get(id);
    if (!p) break;
    out.push(p.name);
    id = p.parent;
  }
  return out;
}

export { normalizeName };

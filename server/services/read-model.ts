// The read model: the actor-level graph held in memory (actors, relationships, clash aggregates with their months,
// events per actor and month), never the events themselves: its size follows actors and pairs, not events. Built once
// from the store's small reads, then kept current by applying each committed ChangeSet (applyChanges, pure), never by
// reading the store again. Events, places and sources are read from the store, a page at a time.
import {
  dateStart,
  deriveClashes,
  monthOf,
  normalizeName,
  type Actor,
  type Bundle,
  type Clash,
  type Event,
  type Relationship,
} from "../domain/index.js";
import {
  emptyChangeSet,
  type Activity,
  type ActorGraph,
  type ChangeSet,
  type OpenWrite,
  type Store,
  type StoreCounts,
} from "../store/port.js";

export interface ReadModel {
  /** Bumped by every applied write: answers cached per model are keyed by it. */
  version: number;
  actors: Map<string, Actor>;
  relationships: Map<string, Relationship>;
  relationshipsOf: Map<string, Relationship[]>;
  clashes: Map<string, Clash>;
  clashesOf: Map<string, Clash[]>;
  /** Events per actor per month ("YYYY-MM"), and in all. */
  activity: Map<string, Map<string, number>>;
  eventCount: Map<string, number>;
  /** Events per month, all actors. */
  months: Map<string, number>;
  /** First and last event day. */
  eventRange: { min: string | null; max: string | null };
  /** The date range the data covers (actors, ties, events), for sliders. */
  range: { min: string | null; max: string | null };
  /** Set when an updated event sat on the first or last event day: the holder asks the store for the span again. */
  rangeStale?: boolean;
  /**
   * How many events, places and sources the store holds: read once with the model, then moved by each committed
   * ChangeSet (its creates; nothing deletes them), so that /api/health never asks the store.
   */
  counts: StoredCounts;
}

/** The store's counts of what the model does not hold (see ReadModel.counts). */
export type StoredCounts = Pick<StoreCounts, "events" | "places" | "sources">;

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function indexed(
  version: number,
  actors: Map<string, Actor>,
  relationships: Map<string, Relationship>,
  clashes: Map<string, Clash>,
  activity: Map<string, Map<string, number>>,
  months: Map<string, number>,
  eventRange: ReadModel["eventRange"],
  counts: StoredCounts,
): ReadModel {
  const relationshipsOf = new Map<string, Relationship[]>();
  for (const r of [...relationships.values()].sort(byId)) {
    push(relationshipsOf, r.from, r);
    push(relationshipsOf, r.to, r);
  }
  const clashesOf = new Map<string, Clash[]>();
  for (const c of [...clashes.values()].sort(byId)) {
    push(clashesOf, c.a, c);
    push(clashesOf, c.b, c);
  }
  const eventCount = new Map<string, number>();
  for (const [actor, m] of activity)
    eventCount.set(
      actor,
      [...m.values()].reduce((a, b) => a + b, 0),
    );
  const dates = [
    ...[...actors.values()].flatMap((a) => [a.founded, a.dissolved]),
    ...[...relationships.values()].flatMap((r) => [r.since, r.until]),
    eventRange.min ?? undefined,
    eventRange.max ?? undefined,
  ]
    .filter((d): d is string => Boolean(d))
    .sort();
  return {
    version,
    actors: new Map([...actors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    relationships: new Map([...relationships].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    relationshipsOf,
    clashes: new Map([...clashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    clashesOf,
    activity,
    eventCount,
    months,
    eventRange,
    range: { min: dates[0] ?? null, max: dates[dates.length - 1] ?? null },
    counts,
  };
}

/**
 * The model from the store's small reads (start-up, and the rebuild the incremental one must equal); `stored` gives
 * the store's place and source counts (events are counted from the months).
 */
export function buildReadModel(
  graph: ActorGraph,
  activity: Activity,
  stored: Pick<StoreCounts, "places" | "sources">,
  version = 0,
): ReadModel {
  const perActor = new Map<string, Map<string, number>>();
  for (const r of activity.actors) {
    let m = perActor.get(r.actorId);
    if (!m) perActor.set(r.actorId, (m = new Map()));
    m.set(r.month, r.count);
  }
  return indexed(
    version,
    new Map(graph.actors.map((a) => [a.id, a])),
    new Map(graph.relationships.map((r) => [r.id, r])),
    new Map(graph.clashes.map((c) => [c.id, c])),
    perActor,
    new Map(activity.months.map((m) => [m.month, m.count])),
    activity.range,
    {
      events: activity.months.reduce((n, m) => n + m.count, 0),
      places: stored.places,
      sources: stored.sources,
    },
  );
}

/** The distinct actors of an event (an actor listed on both sides counts once). */
const actorsOf = (e: Event) => new Set(e.participants.map((p) => p.actorId));

/** The model after a committed ChangeSet; pure (the given model is not changed). */
export function applyChanges(model: ReadModel, c: ChangeSet): ReadModel {
  const actors = new Map(model.actors);
  for (const a of [...c.actors.create, ...c.actors.update]) actors.set(a.id, a);
  const relationships = new Map(model.relationships);
  for (const r of c.relationships.remove) relationships.delete(r.id);
  for (const r of [...c.relationships.create, ...c.relationships.update]) relationships.set(r.id, r);
  let clashes = model.clashes;
  if (c.clashes) {
    clashes = c.clashes.replaceAll ? new Map() : new Map(model.clashes);
    for (const id of c.clashes.remove) clashes.delete(id);
    for (const x of c.clashes.upsert) clashes.set(x.id, x);
  }
  let { activity, months, eventRange } = model;
  let rangeStale = model.rangeStale;
  if (c.events.create.length || c.events.update.length) {
    activity = new Map([...model.activity].map(([k, m]) => [k, new Map(m)]));
    months = new Map(model.months);
    eventRange = { ...model.eventRange };
    const add = (e: Event, sign: 1 | -1) => {
      const day = dateStart(e.date);
      const month = monthOf(day);
      const n = (months.get(month) ?? 0) + sign;
      if (n > 0) months.set(month, n);
      else months.delete(month);
      for (const actorId of actorsOf(e)) {
        let m = activity.get(actorId);
        if (!m) activity.set(actorId, (m = new Map()));
        const k = (m.get(month) ?? 0) + sign;
        if (k > 0) m.set(month, k);
        else m.delete(month);
        if (m.size === 0) activity.delete(actorId);
      }
      if (sign < 0) {
        if (day === eventRange.min || day === eventRange.max) rangeStale = true;
        return;
      }
      if (eventRange.min === null || day < eventRange.min) eventRange.min = day;
      if (eventRange.max === null || day > eventRange.max) eventRange.max = day;
    };
    for (const e of c.events.previous) add(e, -1);
    for (const e of [...c.events.create, ...c.events.update]) add(e, 1);
    for (const [k, m] of activity) activity.set(k, new Map([...m].sort(([a], [b]) => (a < b ? -1 : 1))));
    months = new Map([...months].sort(([a], [b]) => (a < b ? -1 : 1)));
    activity = new Map([...activity].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  const counts: StoredCounts = {
    events: model.counts.events + c.events.create.length,
    places: model.counts.places + c.places.create.length,
    sources: model.counts.sources + c.sources.create.length,
  };
  const next = indexed(model.version + 1, actors, relationships, clashes, activity, months, eventRange, counts);
  return rangeStale ? { ...next, rangeStale } : next;
}

/** Reads the model's inputs from the store, first bringing clash aggregates written before clash months up to date. */
export async function loadReadModel(store: Store, version = 0): Promise<ReadModel> {
  // The three reads at once: the activity aggregates (linear in events) hide the other two on both engines.
  const [read, stored, activity] = await Promise.all([store.readActorGraph(), store.counts(), store.readActivity()]);
  let graph = read;
  if (stored.clashes !== graph.clashes.length) {
    // Aggregates without months (a store from before them) or missing: derived once by the store, written whole.
    const clashes = await store.deriveClashes({});
    await store.apply({
      ...emptyChangeSet(),
      clashes: { replaceAll: true, upsert: clashes, remove: [] },
    });
    graph = { ...graph, clashes };
  }
  return buildReadModel(graph, activity, stored, version);
}

/**
 * The store seen through the read model: every ChangeSet it commits (apply, or an open write's apply) is applied to
 * the model as soon as the commit returns. The HTTP layer, loads and imports all write through this one.
 */
export function observeCommits(store: Store, committed: (changes: ChangeSet) => void | Promise<void>): Store {
  const observed: Store = Object.create(store) as Store;
  return Object.assign(observed, {
    async apply(changes: ChangeSet) {
      await store.apply(changes);
      await committed(changes);
    },
    ...(store.openWrite
      ? {
          async openWrite(): Promise<OpenWrite> {
            const w = await store.openWrite!();
            return Object.assign(Object.create(w) as OpenWrite, {
              async apply(changes: ChangeSet) {
                await w.apply(changes);
                await committed(changes);
              },
            });
          },
        }
      : {}),
  });
}

/** The actor-level graph a model holds, as the store's readActorGraph gives it (loads diff against it). */
export function actorGraphOf(model: ReadModel): ActorGraph {
  return {
    actors: [...model.actors.values()],
    relationships: [...model.relationships.values()],
    clashes: [...model.clashes.values()],
  };
}

/** Holds the current read model: loaded once, then each committed ChangeSet applied in commit order. */
export function createReadModelHolder(store: Store) {
  let current: ReadModel | null = null;
  let loading: Promise<ReadModel> | null = null;
  /** A commit landed while the model was loading: the load may predate it, so it is loaded again. */
  let stale = false;
  const load = (): Promise<ReadModel> => {
    loading ??= (async () => {
      let m: ReadModel;
      do {
        stale = false;
        m = await loadReadModel(store);
      } while (stale);
      return (current = m);
    })().finally(() => (loading = null));
    return loading;
  };
  const fixRange = async () => {
    if (!current?.rangeStale) return;
    const range = (await store.readActivity()).range;
    if (!current.rangeStale) return;
    const { rangeStale: _stale, ...rest } = current;
    const { version, actors, relationships, clashes, activity, months, counts } = rest;
    current = indexed(version, actors, relationships, clashes, activity, months, range, counts);
  };
  return {
    /** The store whose commits this holder follows: give it to whoever writes. */
    store: observeCommits(store, async (changes) => {
      if (current) current = applyChanges(current, changes);
      else stale = true;
      // The span of event days, asked again only when an updated event sat on its first or last day.
      await fixRange().catch(() => undefined);
    }),
    /** Loads the model from the store again (start-up, or a test's rebuild). */
    async refresh(): Promise<ReadModel> {
      current = null;
      return load();
    },
    async get(): Promise<ReadModel> {
      return current ?? load();
    },
  };
}
export type ReadModelHolder = ReturnType<typeof createReadModelHolder>;

export { normalizeName };

/** The model of a bundle held in memory (files, tests): what the store's reads would give for it. */
export function readModelFromBundle(bundle: Bundle): ReadModel {
  const perActor = new Map<string, number>();
  const months = new Map<string, number>();
  let min: string | null = null;
  let max: string | null = null;
  for (const e of bundle.events) {
    const day = dateStart(e.date);
    const month = monthOf(day);
    months.set(month, (months.get(month) ?? 0) + 1);
    for (const actorId of actorsOf(e))
      perActor.set(`${actorId}\u0000${month}`, (perActor.get(`${actorId}\u0000${month}`) ?? 0) + 1);
    if (min === null || day < min) min = day;
    if (max === null || day > max) max = day;
  }
  const activity: Activity = {
    actors: [...perActor].map(([k, count]) => {
      const [actorId, month] = k.split("\u0000");
      return { actorId, month, count };
    }),
    months: [...months].map(([month, count]) => ({ month, count })),
    range: { min, max },
  };
  activity.actors.sort((a, b) => (a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : a.month < b.month ? -1 : 1));
  activity.months.sort((a, b) => (a.month < b.month ? -1 : 1));
  return buildReadModel(
    { actors: bundle.actors, relationships: bundle.relationships, clashes: deriveClashes(bundle.events) },
    activity,
    { places: bundle.places.length, sources: bundle.sources.length },
  );
}

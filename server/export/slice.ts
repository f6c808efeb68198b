// The part of the store an export reads (server/export/data.ts, index.ts): the actors of the graph and of its events,
// the events among its actors (read from the store page by page: an export of a subgraph may hold all of its
// events), their places up to the country, every source they or the graph's ties cite. An export worker rebuilds a
// read model from it: the same file as from the whole store, at a fraction of the copy.
import { InvalidInputError, type Actor, type Bundle, type Event, type Source } from "../domain/index.js";
import { placesWithAncestors } from "../services/actors.js";
import type { ReadModel } from "../services/read-model.js";
import type { EventKey, Store } from "../store/port.js";

export type SliceReads = Pick<Store, "readByIds" | "readEvents" | "placesInBox">;

export interface SliceInput {
  nodeKeys: Iterable<string>;
  /** Sources the graph's ties cite (an edge's attributes.sources). */
  edgeSourceIds?: Iterable<string>;
  /** An actor the filters name (the report names it). */
  actor?: string;
  /** The days the export's events fall in (eventWindow of its graph): only those are read from the store. */
  window?: { from?: string; to?: string };
  /** Aborted when the export is given up (past its time): no further store read starts. */
  signal?: AbortSignal;
  /** Events per page read (default 2,000). */
  pageSize?: number;
  /** Refuse (InvalidInputError) before any read when one actor alone has more events than this in the window. */
  maxEvents?: number;
}

/**
 * The events an export would hold, bounded from the read model's counts per actor and month: at least the busiest
 * actor's events in the months wholly inside the window, at most every actor's in the months it touches (an event
 * between two of the actors counts twice).
 */
export function eventBounds(
  model: ReadModel,
  nodeKeys: Iterable<string>,
  window: { from?: string; to?: string } = {},
): { least: number; most: number; busiest: string | null } {
  let least = 0;
  let most = 0;
  let busiest: string | null = null;
  for (const key of nodeKeys) {
    let inside = 0;
    for (const [month, n] of model.activity.get(key) ?? []) {
      const [first, last] = [`${month}-01`, `${month}-31`];
      if ((window.from && last < window.from) || (window.to && first > window.to)) continue;
      most += n;
      if ((!window.from || first >= window.from) && (!window.to || last <= window.to)) inside += n;
    }
    if (inside > least) [least, busiest] = [inside, key];
  }
  return { least, most, busiest };
}

/** Events per page read for an export. */
const PAGE = 2_000;

/** The store's reads, each refused once `signal` is aborted (a given-up export reads no further). */
function guarded(store: SliceReads, signal: AbortSignal | undefined): SliceReads {
  if (!signal) return store;
  return {
    readByIds: (ids) => (signal.throwIfAborted(), store.readByIds(ids)),
    readEvents: (q) => (signal.throwIfAborted(), store.readEvents(q)),
    placesInBox: (box) => (signal.throwIfAborted(), store.placesInBox(box)),
  };
}

export async function exportSlice(model: ReadModel, unguarded: SliceReads, input: SliceInput): Promise<Bundle> {
  const store = guarded(unguarded, input.signal);
  const nodeKeys = [...input.nodeKeys];
  if (input.maxEvents !== undefined) {
    const { least, busiest } = eventBounds(model, nodeKeys, input.window);
    if (least > input.maxEvents && busiest) {
      const name = model.actors.get(busiest)?.name ?? busiest;
      throw new InvalidInputError(
        `this export would hold more than ${least.toLocaleString("en")} events (${name} alone has that many in its ` +
          `dates); an export from the server holds at most ${input.maxEvents.toLocaleString("en")}: narrow the ` +
          "dates (the time slider, or from and to) or leave that actor out (npm run export has no such bound)",
        { maxEvents: input.maxEvents, events: least, actor: busiest },
      );
    }
  }
  const actorIds = new Set<string>(nodeKeys);
  const events: Event[] = [];
  const window = {
    ...(input.window?.from ? { from: input.window.from } : {}),
    ...(input.window?.to ? { to: input.window.to } : {}),
  };
  for (let after: EventKey | null | undefined = undefined; nodeKeys.length && after !== null;) {
    const page = await store.readEvents({
      actors: nodeKeys,
      order: "asc",
      limit: input.pageSize ?? PAGE,
      ...window,
      ...(after ? { after } : {}),
    });
    events.push(...page.items);
    after = page.next;
  }
  if (input.actor) actorIds.add(input.actor);
  const sourceIds = new Set<string>(input.edgeSourceIds ?? []);
  for (const e of events) {
    for (const p of e.participants) actorIds.add(p.actorId);
    for (const s of e.sources) sourceIds.add(s.sourceId);
    for (const c of e.claims) sourceIds.add(c.sourceId);
  }
  const places = await placesWithAncestors(
    store,
    events.map((e) => e.placeId).filter((x): x is string => Boolean(x)),
  );
  const actors = [...actorIds].map((id) => model.actors.get(id)).filter((a): a is Actor => a !== undefined);
  for (const a of actors) for (const s of a.sources) sourceIds.add(s.sourceId);
  const sources: Source[] = (await store.readByIds({ sources: [...sourceIds] })).sources;
  return { actors, events, places: [...places.values()], sources, relationships: [] };
}

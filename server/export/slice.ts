// The part of the store an export reads (server/export/data.ts, index.ts): the actors of the graph and of its events,
// the events among its actors (read from the store page by page: an export of a subgraph may hold all of its
// events), their places up to the country, every source they or the graph's ties cite. An export worker rebuilds a
// read model from it: the same file as from the whole store, at a fraction of the copy.
import type { Actor, Bundle, Event, Source } from "../domain/index.js";
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
}

/** Events per page read for an export. */
const PAGE = 2_000;

export async function exportSlice(model: ReadModel, store: SliceReads, input: SliceInput): Promise<Bundle> {
  const nodeKeys = [...input.nodeKeys];
  const actorIds = new Set<string>(nodeKeys);
  const events: Event[] = [];
  for (let after: EventKey | null | undefined = undefined; nodeKeys.length && after !== null;) {
    const page = await store.readEvents({ actors: nodeKeys, order: "asc", limit: PAGE, ...(after ? { after } : {}) });
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

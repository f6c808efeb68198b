// The part of the read model an export reads (server/export/data.ts, index.ts): the actors of the graph and of its
// events, the events among its actors, their places up to the country, every source they or the graph's ties cite.
// An export worker rebuilds a read model from it: the same file as from the whole model, at a fraction of the copy.
import type { Actor, Bundle, Event, Place, Source } from "../domain/index.js";
import type { ReadModel } from "../services/read-model.js";

export interface SliceInput {
  nodeKeys: Iterable<string>;
  /** Sources the graph's ties cite (an edge's attributes.sources). */
  edgeSourceIds?: Iterable<string>;
  /** An actor the filters name (the report names it). */
  actor?: string;
}

export function exportSlice(model: ReadModel, input: SliceInput): Bundle {
  const events = new Map<string, Event>();
  const actorIds = new Set<string>();
  for (const key of input.nodeKeys) {
    actorIds.add(key);
    for (const e of model.eventsOf.get(key) ?? []) events.set(e.id, e);
  }
  if (input.actor) actorIds.add(input.actor);
  const sourceIds = new Set<string>(input.edgeSourceIds ?? []);
  const places = new Map<string, Place>();
  for (const e of events.values()) {
    for (const p of e.participants) actorIds.add(p.actorId);
    for (const s of e.sources) sourceIds.add(s.sourceId);
    for (const c of e.claims) sourceIds.add(c.sourceId);
    for (let id = e.placeId; id && !places.has(id);) {
      const place = model.places.get(id);
      if (!place) break;
      places.set(id, place);
      id = place.parent;
    }
  }
  const actors = [...actorIds].map((id) => model.actors.get(id)).filter((a): a is Actor => a !== undefined);
  for (const a of actors) for (const s of a.sources) sourceIds.add(s.sourceId);
  const sources = [...sourceIds].map((id) => model.sources.get(id)).filter((s): s is Source => s !== undefined);
  return { actors, events: [...events.values()], places: [...places.values()], sources, relationships: [] };
}

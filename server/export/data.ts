// What every export format is built from: the subgraph, the full actor records behind its nodes, the events among
// its actors (within its dates, read a page at a time: exportEventPages) and every cited source.
import { dateStart, type Actor, type Bundle, type Event, type Source } from "../domain/index.js";
import { placePath, type EventView } from "../services/actors.js";
import { exportEventPages, exportSources, type SliceReads } from "./slice.js";
import type { SerializedGraph } from "../services/graph.js";
import type { ReadModel } from "../services/read-model.js";

export type EventRow = EventView;

/** What an export looks actors up in: the read model, or (in an export worker) the actors the main thread sent. */
export type ActorLookup = Pick<ReadModel, "actors">;

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

/**
 * The days an export's events fall in, from its graph's attributes: from `from` to `to`, or up to `at` (ISO days,
 * inclusive). The slice reads only these events from the store (slice.ts), and the files keep only these.
 */
export function eventWindow(attrs: Record<string, unknown>): { from?: string; to?: string } {
  const at = str(attrs.at),
    from = str(attrs.from),
    to = str(attrs.to);
  const end = to ?? (at && !from ? at : undefined);
  return { ...(from ? { from: dateStart(from) } : {}), ...(end ? { to: dateStart(end) } : {}) };
}

function eventInWindow(e: Event, window: { from?: string; to?: string }): boolean {
  const d = dateStart(e.date);
  if (window.from && d < window.from) return false;
  if (window.to && d > window.to) return false;
  return true;
}

/** The store's order of an export's events (pages by day, then id; ids compared as the engines compare them). */
export function compareEvents(a: Event, b: Event): number {
  const [x, y] = [dateStart(a.date), dateStart(b.date)];
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function actorOf(model: ActorLookup, node: SerializedGraph["nodes"][number]): Actor {
  const known = model.actors.get(node.key);
  if (known) return known;
  const a = node.attributes;
  return {
    id: node.key,
    name: a.label ?? node.key,
    kind: a.kind,
    ...(a.family ? { family: a.family } : {}),
    aliases: (a.aliases ?? []).map((name) => ({ name, kind: "variant" as const })),
    ...(a.founded ? { founded: a.founded } : {}),
    ...(a.dissolved ? { dissolved: a.dissolved } : {}),
    countries: a.countries ?? [],
    externalIds: {},
    sources: [],
    provisional: Boolean(a.provisional),
  };
}

/** The events and sources an export shows, read beforehand (readExportContent, or contentFromBundle in process). */
export interface ExportContent {
  /** Events with a participant among the graph's nodes, within its window, by date. */
  events: EventView[];
  sources: Map<string, Source>;
}

/** An export's events and sources, all read from the store into memory (npm run export and tests; the server's
 * exports stream them: pool.ts). */
export async function readExportContent(
  model: ReadModel,
  store: SliceReads,
  graph: SerializedGraph,
): Promise<ExportContent> {
  const events: EventView[] = [];
  const pages = exportEventPages(model, store, {
    nodeKeys: graph.nodes.map((n) => n.key),
    window: eventWindow(graph.attributes),
  });
  for await (const page of pages) events.push(...page);
  const cited = new Set<string>();
  for (const n of graph.nodes) for (const s of model.actors.get(n.key)?.sources ?? []) cited.add(s.sourceId);
  for (const e of graph.edges) for (const s of e.attributes.sources ?? []) cited.add(s.sourceId);
  for (const e of events) {
    for (const s of e.sources) cited.add(s.sourceId);
    for (const c of e.claims) cited.add(c.sourceId);
  }
  return { events, sources: await exportSources(model, store, cited) };
}

/** An export's events and sources from a bundle in memory (files and tests that hold one). */
export function contentFromBundle(model: ActorLookup, bundle: Bundle, graph: SerializedGraph): ExportContent {
  const nodeIds = new Set(graph.nodes.map((n) => n.key));
  const places = new Map(bundle.places.map((p) => [p.id, p]));
  const pathOf = (id: string) => placePath(places, id);
  const window = eventWindow(graph.attributes);
  const events = bundle.events
    .filter((e) => e.participants.some((p) => nodeIds.has(p.actorId)) && eventInWindow(e, window))
    .sort(compareEvents)
    .map((e) => {
      const place = e.placeId ? places.get(e.placeId) : undefined;
      return {
        ...e,
        ...(place ? { place: { ...place, path: pathOf(place.id) } } : {}),
        participants: e.participants.map((p) => ({ ...p, actorName: model.actors.get(p.actorId)?.name ?? p.actorId })),
      };
    });
  return { events, sources: new Map(bundle.sources.map((s) => [s.id, s])) };
}

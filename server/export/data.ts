// What every export format is built from: the subgraph, the full actor records behind its nodes, the events among
// its actors (within its dates), every cited source, and the canonical content hash.
import { dateStart, type Actor, type Bundle, type Event, type Source } from "../domain/index.js";
import { placePath, type EventView } from "../services/actors.js";
import { exportSlice, type SliceReads } from "./slice.js";
import type { SerializedGraph } from "../services/graph.js";
import type { ReadModel } from "../services/read-model.js";
import { canonicalJson, sha256Hex } from "./manifest.js";

export type EventRow = EventView;

export interface ExportData {
  graph: SerializedGraph;
  /** Full actor records for the graph's nodes (nodes unknown to the model get a minimal record from their attributes). */
  actors: Actor[];
  /** Events with at least one participant in the subgraph, within the graph's at/from/to, by date. */
  events: EventRow[];
  /** Every source cited by an exported actor, relationship or event, by id. */
  sources: Source[];
  /** Source ids cited but absent from the store (kept visible rather than silently dropped). */
  missingSourceIds: string[];
  contentHash: string;
}

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

function actorOf(model: ReadModel, node: SerializedGraph["nodes"][number]): Actor {
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

/** Every cited source id of a graph, its actors and some events. */
function citedIds(graph: SerializedGraph, actors: Actor[], events: Event[]): string[] {
  const cited = new Set<string>();
  for (const a of actors) for (const s of a.sources) cited.add(s.sourceId);
  for (const e of graph.edges) for (const s of e.attributes.sources ?? []) cited.add(s.sourceId);
  for (const e of events) {
    for (const s of e.sources) cited.add(s.sourceId);
    for (const c of e.claims) cited.add(c.sourceId);
  }
  return [...cited].sort();
}

/** An export's events and sources, read from the store (exportSlice: its events page by page). */
export async function readExportContent(
  model: ReadModel,
  store: SliceReads,
  graph: SerializedGraph,
): Promise<ExportContent> {
  const edgeSourceIds = graph.edges.flatMap((e) => (e.attributes.sources ?? []).map((s) => s.sourceId));
  const slice = await exportSlice(model, store, {
    nodeKeys: graph.nodes.map((n) => n.key),
    edgeSourceIds,
    window: eventWindow(graph.attributes),
  });
  return contentFromBundle(model, slice, graph);
}

/** An export's events and sources from a bundle in memory (files and tests that hold one). */
export function contentFromBundle(model: ReadModel, bundle: Bundle, graph: SerializedGraph): ExportContent {
  const nodeIds = new Set(graph.nodes.map((n) => n.key));
  const places = new Map(bundle.places.map((p) => [p.id, p]));
  const pathOf = (id: string) => placePath(places, id);
  const window = eventWindow(graph.attributes);
  const events = bundle.events
    .filter((e) => e.participants.some((p) => nodeIds.has(p.actorId)) && eventInWindow(e, window))
    .sort((a, b) => dateStart(a.date).localeCompare(dateStart(b.date)) || a.id.localeCompare(b.id))
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

export function collectExportData(model: ReadModel, graph: SerializedGraph, content: ExportContent): ExportData {
  const actors = graph.nodes.map((n) => actorOf(model, n));
  const events = content.events;
  const ids = citedIds(graph, actors, events);
  const sources = ids.map((id) => content.sources.get(id)).filter((s): s is Source => Boolean(s));
  const missingSourceIds = ids.filter((id) => !content.sources.has(id));
  const { generatedAt: _g, title: _t, ...stableAttributes } = graph.attributes;
  const contentHash = sha256Hex(
    canonicalJson({
      attributes: stableAttributes,
      nodes: graph.nodes,
      edges: graph.edges,
      actors,
      events,
      sources,
    }),
  );
  return { graph, actors, events, sources, missingSourceIds, contentHash };
}

// What every export format is built from: the subgraph, the full actor records behind its nodes, the events among
// its actors (within its dates), every cited source, and the canonical content hash.
import { dateStart, type Actor, type Event, type Source } from "../domain/index.js";
import { eventView } from "../services/actors.js";
import type { SerializedGraph } from "../services/graph.js";
import type { ReadModel } from "../services/read-model.js";
import { canonicalJson, sha256Hex } from "./manifest.js";

export type EventRow = ReturnType<typeof eventView>;

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

function eventInWindow(e: Event, attrs: Record<string, unknown>): boolean {
  const d = dateStart(e.date);
  const at = str(attrs.at),
    from = str(attrs.from),
    to = str(attrs.to);
  if (from && d < dateStart(from)) return false;
  if (to && d > dateStart(to)) return false;
  if (at && !from && !to && d > dateStart(at)) return false;
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

export function collectExportData(model: ReadModel, graph: SerializedGraph): ExportData {
  const nodeIds = new Set(graph.nodes.map((n) => n.key));
  const actors = graph.nodes.map((n) => actorOf(model, n));
  const events = [...model.events.values()]
    .filter((e) => e.participants.some((p) => nodeIds.has(p.actorId)) && eventInWindow(e, graph.attributes))
    .sort((a, b) => dateStart(a.date).localeCompare(dateStart(b.date)) || a.id.localeCompare(b.id))
    .map((e) => eventView(model, e));
  const cited = new Set<string>();
  for (const a of actors) for (const s of a.sources) cited.add(s.sourceId);
  for (const e of graph.edges) for (const s of e.attributes.sources ?? []) cited.add(s.sourceId);
  for (const e of events) {
    for (const s of e.sources) cited.add(s.sourceId);
    for (const c of e.claims) cited.add(c.sourceId);
  }
  const ids = [...cited].sort();
  const sources = ids.map((id) => model.sources.get(id)).filter((s): s is Source => Boolean(s));
  const missingSourceIds = ids.filter((id) => !model.sources.has(id));
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

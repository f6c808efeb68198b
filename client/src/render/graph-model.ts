// Builds the rendered graphology graph from the API's serialization, and keeps the domain data the filters and
// panels read in plain arrays and maps beside it (the sigma graph only carries what drawing and exports need).
import Graph from "graphology";
import {
  ACTOR_KINDS,
  CONFIDENCES,
  GRAPH_EDGE_TYPES,
  type ActorKind,
  type Confidence,
  type GraphEdgeType,
} from "../../../server/domain/constants.js";
import type { SerializedGraph } from "../api/client.js";
import { assignCurvatures, shortLabel } from "../core/encodings/index.js";
import { toDay, type FilterEdge, type FilterNode } from "../core/filters/index.js";
import { initialPositions } from "../core/graph/index.js";

export type NodeData = SerializedGraph["nodes"][number]["attributes"] & FilterNode & { degree: number };
export type EdgeData = FilterEdge & {
  undirected: boolean;
  attributes: SerializedGraph["edges"][number]["attributes"];
  curvature: number;
};

export interface GraphModel {
  graph: Graph;
  nodes: NodeData[];
  edges: EdgeData[];
  nodeByKey: Map<string, NodeData>;
  edgeByKey: Map<string, EdgeData>;
  range: { min: string; max: string } | null;
  countries: string[];
  families: string[];
  /** Edges left out: unknown type, or an end that is not in the graph (e.g. a hand-made or Cypher graph). */
  skippedEdges: number;
}

export function buildGraphModel(data: SerializedGraph): GraphModel {
  if (!data || !Array.isArray(data.nodes) || !Array.isArray(data.edges))
    throw new TypeError("graph-model: not a serialized graph");
  const graph = new Graph({ type: "mixed", multi: true, allowSelfLoops: false });
  const positions = initialPositions(data.nodes.map((n) => ({ key: n.key, group: n.attributes.family })));
  const degree = new Map<string, number>();
  for (const e of data.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const nodes: NodeData[] = data.nodes.map((n) => ({
    ...n.attributes,
    key: n.key,
    // Graphs from elsewhere (Cypher results, files) may lack attributes: fall back to safe defaults.
    label: typeof n.attributes?.label === "string" && n.attributes.label ? n.attributes.label : n.key,
    kind: (ACTOR_KINDS as readonly string[]).includes(n.attributes?.kind)
      ? (n.attributes.kind as ActorKind)
      : "jihadist_group",
    countries: Array.isArray(n.attributes?.countries) ? n.attributes.countries : [],
    aliases: Array.isArray(n.attributes?.aliases) ? n.attributes.aliases : [],
    eventCount: Number(n.attributes?.eventCount) || 0,
    provisional: n.attributes?.provisional === true,
    fromDay: toDay(n.attributes.founded),
    untilDay: toDay(n.attributes.dissolved),
    degree: degree.get(n.key) ?? 0,
  }));
  for (const n of nodes) {
    const p = positions.get(n.key)!;
    graph.addNode(n.key, {
      x: p.x,
      y: p.y,
      size: 6,
      label: shortLabel(n.label, n.aliases),
      fullLabel: n.label,
      kind: n.kind,
      family: n.family,
      countries: n.countries,
      founded: n.founded,
      dissolved: n.dissolved,
      aliases: n.aliases,
      eventCount: n.eventCount,
    });
  }
  const usable = data.edges.filter(
    (e) =>
      graph.hasNode(e.source) &&
      graph.hasNode(e.target) &&
      e.source !== e.target &&
      !graph.hasEdge(e.key) &&
      (GRAPH_EDGE_TYPES as readonly string[]).includes(e.attributes?.type),
  );
  const curvatures = assignCurvatures(usable);
  const edges: EdgeData[] = [];
  for (const e of usable) {
    if (graph.hasEdge(e.key)) continue;
    const a = { ...e.attributes, sources: e.attributes.sources ?? [] };
    if (!(CONFIDENCES as readonly string[]).includes(a.confidence)) a.confidence = "confirmed";
    const d: EdgeData = {
      key: e.key,
      source: e.source,
      target: e.target,
      type: a.type as GraphEdgeType,
      confidence: a.confidence as Confidence,
      fromDay: toDay(a.since),
      untilDay: toDay(a.until),
      undirected: e.undirected,
      attributes: a,
      curvature: curvatures.get(e.key) ?? 0,
    };
    edges.push(d);
    // `type` is sigma's program name, so the relationship type travels as `relType`.
    const { type, ...rest } = a;
    const attrs = { ...rest, relType: type, curvature: d.curvature, size: 2 };
    if (e.undirected) graph.addUndirectedEdgeWithKey(e.key, e.source, e.target, attrs);
    else graph.addDirectedEdgeWithKey(e.key, e.source, e.target, attrs);
  }
  const range = (data.attributes?.range as { min: string; max: string } | undefined) ?? inferRange(nodes, edges);
  return {
    graph,
    nodes,
    edges,
    nodeByKey: new Map(nodes.map((n) => [n.key, n])),
    edgeByKey: new Map(edges.map((e) => [e.key, e])),
    range,
    countries: [...new Set(nodes.flatMap((n) => n.countries))].sort(),
    families: [...new Set(nodes.flatMap((n) => (n.family ? [n.family] : [])))].sort(),
    skippedEdges: data.edges.length - edges.length,
  };
}

/** When the server sends no range, take it from the dates present (founded/dissolved and ties). */
function inferRange(nodes: NodeData[], edges: EdgeData[]): { min: string; max: string } | null {
  const days = [
    ...nodes.flatMap((n) => [n.fromDay, n.untilDay]),
    ...edges.flatMap((e) => [e.fromDay, e.untilDay]),
  ].filter((d): d is string => !!d);
  if (!days.length) return null;
  days.sort();
  return { min: days[0].slice(0, 4), max: days[days.length - 1] };
}

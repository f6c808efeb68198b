// From a serialized graph (+ optional positions) to the inputs of the SVG renderer; the server's side of the picture.
import type { SerializedGraph } from "../services/graph.js";
import { computeLayout, type Positions } from "./layout.js";
import { kindColor, nodeRadius } from "./palette.js";
import { renderSvg, type PictureEdge, type PictureNode, type PictureOptions } from "./svg.js";

export function pictureOf(
  graph: SerializedGraph,
  positions?: Positions,
): { nodes: PictureNode[]; edges: PictureEdge[]; positions: Positions } {
  const usable = positions && graph.nodes.every((n) => positions[n.key] && Number.isFinite(positions[n.key].x));
  const pos = usable ? positions! : computeLayout(graph);
  return {
    positions: pos,
    nodes: graph.nodes.map((n) => ({
      key: n.key,
      label: n.attributes.label ?? n.key,
      x: pos[n.key]?.x ?? NaN,
      y: pos[n.key]?.y ?? NaN,
      size: nodeRadius(n.attributes.eventCount ?? 0),
      color: kindColor(n.attributes.kind),
      kind: n.attributes.kind,
    })),
    edges: graph.edges.map((e) => ({
      key: e.key,
      source: e.source,
      target: e.target,
      type: e.attributes.type,
      directed: !e.undirected,
    })),
  };
}

export function graphSvg(graph: SerializedGraph, options: PictureOptions & { positions?: Positions } = {}): string {
  const { nodes, edges } = pictureOf(graph, options.positions);
  return renderSvg(nodes, edges, options);
}

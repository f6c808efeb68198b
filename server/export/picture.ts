// From a serialized graph (+ optional positions) to the inputs of the SVG renderer; the server's side of the picture.
// Nodes take the explorer's colours (family by default, or kind, or colours the caller sends), ties the colour of
// their type and the dash and opacity of their confidence: one visual grammar on screen and on paper.
import { familyColors, KIND_LABELS, nodeColor, type ActorKind, type ColorBy } from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";
import { computeLayout, type Positions } from "./layout.js";
import { busiest, nodeRadius } from "./palette.js";
import { renderSvg, type PictureEdge, type PictureNode, type PictureOptions } from "./svg.js";

export interface PictureLook {
  /** What colours the actors when no colours are given (default: family, as the explorer). */
  colorBy?: ColorBy;
  /** Colours per actor id (the explorer's current colouring, e.g. communities); others fall back to colorBy. */
  nodeColors?: Record<string, string>;
  /** What each given colour stands for, for the legend. */
  colorLegend?: { label: string; color: string }[];
}

/** Each actor's colour and what it stands for in the legend, under a look. */
export function nodeLook(
  graph: SerializedGraph,
  look: PictureLook = {},
): Map<string, { color: string; label: string }> {
  const by = look.colorBy ?? "family";
  const families = familyColors(graph.nodes.map((n) => n.attributes.family));
  const given = new Map((look.colorLegend ?? []).map((e) => [e.color, e.label]));
  const out = new Map<string, { color: string; label: string }>();
  for (const n of graph.nodes) {
    const a = n.attributes;
    const own = look.nodeColors?.[n.key];
    const color = own ?? nodeColor(a.kind, a.family, by, families);
    const label =
      (own && given.get(own)) ??
      (by === "kind" ? (KIND_LABELS[a.kind as ActorKind] ?? String(a.kind)) : (a.family ?? "no family"));
    out.set(n.key, { color, label });
  }
  return out;
}

export function pictureOf(
  graph: SerializedGraph,
  positions?: Positions,
  look: PictureLook = {},
): { nodes: PictureNode[]; edges: PictureEdge[]; positions: Positions } {
  const usable = positions && graph.nodes.every((n) => positions[n.key] && Number.isFinite(positions[n.key].x));
  const pos = usable ? positions! : computeLayout(graph);
  const colors = nodeLook(graph, look);
  const largest = busiest(graph);
  return {
    positions: pos,
    nodes: graph.nodes.map((n) => ({
      key: n.key,
      label: n.attributes.label ?? n.key,
      x: pos[n.key]?.x ?? NaN,
      y: pos[n.key]?.y ?? NaN,
      size: nodeRadius(n.attributes.eventCount ?? 0, largest),
      color: colors.get(n.key)!.color,
      legendLabel: colors.get(n.key)!.label,
      kind: n.attributes.kind,
    })),
    edges: graph.edges.map((e) => ({
      key: e.key,
      source: e.source,
      target: e.target,
      type: e.attributes.type,
      directed: !e.undirected,
      confidence: e.attributes.confidence,
    })),
  };
}

export function graphSvg(
  graph: SerializedGraph,
  options: PictureOptions & { positions?: Positions; look?: PictureLook } = {},
): string {
  const { nodes, edges } = pictureOf(graph, options.positions, options.look);
  return renderSvg(nodes, edges, options);
}

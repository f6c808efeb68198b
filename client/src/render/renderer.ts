// Sigma renderer: programs per edge style, and reducers that apply the transient view (visibility, hover, selection,
// focus, path, lineage, external colours) without ever writing it into graph attributes.
import EdgeCurveProgram, { EdgeCurvedArrowProgram } from "@sigma/edge-curve";
import { createNodeBorderProgram } from "@sigma/node-border";
import Sigma from "sigma";
import { EdgeArrowProgram, EdgeRectangleProgram } from "sigma/rendering";
import type { Settings } from "sigma/settings";
import type { EdgeDisplayData, NodeDisplayData, PartialButFor } from "sigma/types";
import {
  CONFIDENCE_STYLE,
  DIM_COLOR,
  EDGE_STYLES,
  edgeProgram,
  edgeWidth,
  nodeColor,
  nodeSize,
  sizeValue,
  withAlpha,
  type ColorBy,
  type SizeBy,
} from "../core/encodings/index.js";
import type { Visibility } from "../core/filters/index.js";
import { EdgeDashedArrowProgram, EdgeDashedProgram } from "./dashed-edges.js";
import type { GraphModel } from "./graph-model.js";

export interface RenderState {
  visible: Visibility;
  colorBy: ColorBy;
  sizeBy: SizeBy;
  familyColors: Map<string, string>;
  hovered: string | null;
  selectedNode: string | null;
  selectedEdge: string | null;
  /** Focus/ego view: only these actors. */
  focus: Set<string> | null;
  /** Highlighted shortest path(s). */
  path: { nodes: Set<string>; edges: Set<string> } | null;
  /** Lineage mode: only the genealogy, with its labels ("GSPC (1998)"), discs of one size and its own curvatures. */
  lineage: {
    nodes: Set<string>;
    edges: Set<string>;
    labels: Map<string, string>;
    curvature: Map<string, number>;
  } | null;
  /** Colours from outside (analytics: communities, blocs...); actors missing from the map are greyed. */
  colorOverride: Map<string, string> | null;
}

/** A render state with nothing hovered, selected, focused or overridden: what every view starts from. */
export function createRenderState(
  base: Pick<RenderState, "visible" | "colorBy" | "sizeBy" | "familyColors">,
): RenderState {
  return {
    ...base,
    hovered: null,
    selectedNode: null,
    selectedEdge: null,
    focus: null,
    path: null,
    lineage: null,
    colorOverride: null,
  };
}

const DIM_EDGE = "rgba(200,200,200,0.35)";

/** An actor pinned where the user dragged it: a dark ring and a white gap around its colour. */
const PinnedNodeProgram = createNodeBorderProgram({
  borders: [
    { size: { value: 2.5, mode: "pixels" }, color: { value: "#1b2130" } },
    { size: { value: 1.5, mode: "pixels" }, color: { value: "#ffffff" } },
    { size: { fill: true }, color: { attribute: "color" } },
  ],
});

/** In the genealogy every actor is drawn at this radius (graph units, i.e. pixels at scale 1): it is about descent. */
export const LINEAGE_NODE_SIZE = 6;

/**
 * Labels with a white halo so they stay readable over edges. With `placed`, a label that would overlap one already
 * drawn in this frame is left out (the genealogy forces every label; zoomed out, the first ones drawn win).
 */
function drawLabel(
  ctx: CanvasRenderingContext2D,
  data: PartialButFor<NodeDisplayData, "x" | "y" | "size" | "label" | "color">,
  settings: Settings,
  placed?: { x0: number; x1: number; y0: number; y1: number }[],
): void {
  if (!data.label) return;
  const size = settings.labelSize;
  ctx.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const x = data.x + data.size + 3;
  const y = data.y + size / 3;
  if (placed) {
    const box = { x0: x, x1: x + ctx.measureText(data.label).width, y0: data.y - size / 2, y1: data.y + size / 2 };
    if (placed.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) return;
    placed.push(box);
  }
  ctx.lineJoin = "round";
  ctx.lineWidth = 3.5;
  ctx.strokeStyle = "rgba(255,255,255,0.92)";
  ctx.strokeText(data.label, x, y);
  ctx.fillStyle = "#1b2130";
  ctx.fillText(data.label, x, y);
}

export function createRenderer(container: HTMLElement, model: GraphModel, state: RenderState): Sigma {
  const { graph, nodeByKey, edgeByKey } = model;
  const small = graph.order <= 300;
  // Every label on a graph the size of the seeds; on larger ones (an ACLED import brings a hundred long names) sigma's
  // label grid keeps the largest actors' labels and drops those that would overlap.
  const tiny = graph.order <= 40;

  const isShown = (key: string) =>
    state.visible.nodes.has(key) &&
    (!state.focus || state.focus.has(key)) &&
    (!state.lineage || state.lineage.nodes.has(key));

  const hoverSet = () => {
    if (!state.hovered || !graph.hasNode(state.hovered)) return null;
    const s = new Set([state.hovered]);
    graph.forEachEdge(state.hovered, (e, _a, src, tgt) => {
      if (state.visible.edges.has(e)) {
        s.add(src);
        s.add(tgt);
      }
    });
    return s;
  };
  // The hover neighbourhood is computed once per render pass, not once per node.
  let hoverCache: { key: string | null; set: Set<string> | null } = { key: null, set: null };
  const currentHover = () => {
    if (hoverCache.key !== state.hovered) hoverCache = { key: state.hovered, set: hoverSet() };
    return hoverCache.set;
  };

  // Sizes are relative to the largest value among the actors shown: worked out once per visible set and measure.
  let sizeCache: { visible: unknown; by: SizeBy; max: number } | null = null;
  const maxSizeValue = () => {
    if (!sizeCache || sizeCache.visible !== state.visible || sizeCache.by !== state.sizeBy) {
      let max = 0;
      for (const key of state.visible.nodes) {
        const d = nodeByKey.get(key);
        if (d) max = Math.max(max, sizeValue(d.degree, d.eventCount ?? 0, state.sizeBy));
      }
      sizeCache = { visible: state.visible, by: state.sizeBy, max };
    }
    return sizeCache.max;
  };

  const nodeReducer = (key: string, attrs: Record<string, unknown>): Partial<NodeDisplayData> => {
    if (!isShown(key)) return { ...attrs, hidden: true } as Partial<NodeDisplayData>;
    const d = nodeByKey.get(key)!;
    const res: Partial<NodeDisplayData> & Record<string, unknown> = { ...attrs };
    res.size = nodeSize(d.degree, d.eventCount ?? 0, state.sizeBy, maxSizeValue());
    res.color = state.colorOverride
      ? (state.colorOverride.get(key) ?? DIM_COLOR)
      : nodeColor(d.kind, d.family, state.colorBy, state.familyColors);
    // In the genealogy, the year of birth is part of the label, every label is a candidate (drawLabel keeps them
    // apart) and the discs have one size, which the layout kept room for.
    if (state.lineage) {
      res.label = state.lineage.labels.get(key) ?? res.label;
      res.forceLabel = true;
      res.size = LINEAGE_NODE_SIZE;
    }
    const hs = currentHover();
    const offPath = !!state.path && !state.path.nodes.has(key);
    if ((hs && !hs.has(key)) || offPath) {
      res.color = DIM_COLOR;
      res.label = "";
    }
    // zIndex depends only on state changed with a full refresh (hover refreshes skip indexation).
    res.zIndex = offPath ? 0 : key === state.selectedNode ? 2 : 1;
    if (key === state.selectedNode || key === state.hovered) res.highlighted = true;
    if (attrs.fixed === true && !state.lineage) res.type = "pinned";
    return res;
  };

  let clashCache: { visible: unknown; max: number } | null = null;
  const maxClashCount = () => {
    if (!clashCache || clashCache.visible !== state.visible) {
      let max = 1;
      for (const key of state.visible.edges) {
        const e = edgeByKey.get(key);
        if (e?.type === "CLASHED_WITH") max = Math.max(max, e.attributes.count ?? 1);
      }
      clashCache = { visible: state.visible, max };
    }
    return clashCache.max;
  };

  const edgeReducer = (key: string, attrs: Record<string, unknown>): Partial<EdgeDisplayData> => {
    const e = edgeByKey.get(key)!;
    if (
      !state.visible.edges.has(key) ||
      !isShown(e.source) ||
      !isShown(e.target) ||
      (state.lineage && !state.lineage.edges.has(key))
    )
      return { ...attrs, hidden: true } as Partial<EdgeDisplayData>;
    const style = EDGE_STYLES[e.type];
    const curvature = state.lineage ? (state.lineage.curvature.get(key) ?? 0) : e.curvature;
    const res: Partial<EdgeDisplayData> & Record<string, unknown> = { ...attrs, curvature };
    res.type = edgeProgram(e.type, curvature, e.confidence);
    res.size = edgeWidth(e.type, e.confidence, e.attributes.count, maxClashCount());
    res.color = withAlpha(style.color, CONFIDENCE_STYLE[e.confidence].alpha);
    const hovered = state.hovered;
    const offPath = !!state.path && !state.path.edges.has(key);
    if ((hovered && e.source !== hovered && e.target !== hovered) || offPath) res.color = DIM_EDGE;
    res.zIndex = offPath ? 0 : key === state.selectedEdge ? 2 : 1;
    if (key === state.selectedEdge) res.size = (res.size ?? 2) * 2;
    return res;
  };

  const lineageLabels: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const sigma = new Sigma(graph, container, {
    allowInvalidContainer: true,
    renderEdgeLabels: false,
    enableEdgeEvents: true,
    zIndex: true,
    defaultEdgeType: "line",
    nodeProgramClasses: { pinned: PinnedNodeProgram },
    edgeProgramClasses: {
      line: EdgeRectangleProgram,
      arrow: EdgeArrowProgram,
      dashed: EdgeDashedProgram,
      dashedArrow: EdgeDashedArrowProgram,
      curved: EdgeCurveProgram,
      curvedArrow: EdgeCurvedArrowProgram,
    },
    labelFont: "system-ui, 'Liberation Sans', sans-serif",
    labelSize: 13,
    labelWeight: "600",
    labelDensity: tiny ? 4 : small ? 1 : 0.4,
    labelGridCellSize: tiny ? 40 : small ? 100 : 120,
    labelRenderedSizeThreshold: small ? 0 : 9,
    defaultDrawNodeLabel: (ctx, data, settings) =>
      drawLabel(ctx, data, settings, state.lineage ? lineageLabels : undefined),
    hideEdgesOnMove: graph.size > 3000,
    minCameraRatio: 0.05,
    maxCameraRatio: 20,
    stagePadding: 60,
    nodeReducer: nodeReducer as never,
    edgeReducer: edgeReducer as never,
  });
  sigma.on("beforeRender", () => (lineageLabels.length = 0));
  return sigma;
}

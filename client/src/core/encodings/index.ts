// Visual encodings: colours by family or kind, sizes by activity or degree, one style per tie type, confidence as
// opacity, readable short labels, and curvatures for pairs with several ties. Pure: sigma reads what these return.
import {
  ACTOR_KINDS,
  GRAPH_EDGE_TYPES,
  UNDIRECTED_TYPES,
  type Confidence,
  type GraphEdgeType,
} from "../../../../server/domain/constants.js";
import {
  COLOR_BY,
  CONFIDENCE_STYLE,
  EDGE_COLORS,
  EDGE_LABELS,
  KIND_COLORS,
  KIND_LABELS,
  KNOWN_FAMILY_COLORS,
  NO_FAMILY_COLOR,
  familyColors,
  nodeColor,
  type ColorBy,
} from "../../../../server/domain/vocabulary.js";

export { COLOR_BY, CONFIDENCE_STYLE, KNOWN_FAMILY_COLORS, NO_FAMILY_COLOR, familyColors, nodeColor, type ColorBy };
export const SIZE_BY = ["activity", "degree"] as const;
export type SizeBy = (typeof SIZE_BY)[number];

export { KIND_COLORS, KIND_LABELS };

export const DIM_COLOR = "#e4e4e4";

/** What a node's size stands for: its ties, or its ties plus twice its events. */
export function sizeValue(degree: number, eventCount: number, by: SizeBy): number {
  return Math.max(0, by === "degree" ? degree : degree + 2 * eventCount);
}

export const MIN_NODE_SIZE = 4;
export const MAX_NODE_SIZE = 22;

/**
 * Area grows with the value, so the radius grows with its square root, relative to the largest value shown: the
 * busiest actor is MAX_NODE_SIZE whether it has 20 events (the seeds) or 40,000 (an ACLED import), and the others
 * keep their proportions instead of all hitting a fixed cap.
 */
export function nodeSize(degree: number, eventCount: number, by: SizeBy, maxValue: number): number {
  const v = sizeValue(degree, eventCount, by);
  if (maxValue <= 0) return MIN_NODE_SIZE;
  return MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * Math.sqrt(Math.min(1, v / maxValue));
}

export interface EdgeStyle {
  label: string;
  color: string;
  directed: boolean;
  /** Base thickness in pixels. */
  width: number;
  /** Lineage ties form the genealogy view. */
  lineage: boolean;
}

export const EDGE_STYLES: Record<GraphEdgeType, EdgeStyle> = {
  ALLIED_WITH: {
    label: EDGE_LABELS.ALLIED_WITH,
    color: EDGE_COLORS.ALLIED_WITH,
    directed: false,
    width: 2.5,
    lineage: false,
  },
  RIVAL_OF: { label: EDGE_LABELS.RIVAL_OF, color: EDGE_COLORS.RIVAL_OF, directed: false, width: 2.5, lineage: false },
  CLASHED_WITH: {
    label: EDGE_LABELS.CLASHED_WITH,
    color: EDGE_COLORS.CLASHED_WITH,
    directed: false,
    width: 2,
    lineage: false,
  },
  AFFILIATED_WITH: {
    label: EDGE_LABELS.AFFILIATED_WITH,
    color: EDGE_COLORS.AFFILIATED_WITH,
    directed: true,
    width: 2,
    lineage: true,
  },
  SPLINTER_OF: {
    label: EDGE_LABELS.SPLINTER_OF,
    color: EDGE_COLORS.SPLINTER_OF,
    directed: true,
    width: 2.5,
    lineage: true,
  },
  MERGED_INTO: {
    label: EDGE_LABELS.MERGED_INTO,
    color: EDGE_COLORS.MERGED_INTO,
    directed: true,
    width: 2.5,
    lineage: true,
  },
  PLEDGED_TO: {
    label: EDGE_LABELS.PLEDGED_TO,
    color: EDGE_COLORS.PLEDGED_TO,
    directed: true,
    width: 1.5,
    lineage: true,
  },
  PART_OF: { label: EDGE_LABELS.PART_OF, color: EDGE_COLORS.PART_OF, directed: true, width: 1.5, lineage: true },
  SUPPORTS: { label: EDGE_LABELS.SUPPORTS, color: EDGE_COLORS.SUPPORTS, directed: true, width: 1.5, lineage: false },
};

for (const t of GRAPH_EDGE_TYPES) {
  // The styles must agree with the domain's notion of direction; a mismatch is a programming error.
  if (EDGE_STYLES[t].directed === UNDIRECTED_TYPES.includes(t))
    throw new Error(`encodings: direction of ${t} disagrees with the domain`);
}
if (ACTOR_KINDS.some((k) => !KIND_COLORS[k])) throw new Error("encodings: a kind has no colour");

/** "#rrggbb" + alpha -> "rgba(r,g,b,a)" (sigma parses both). */
export function withAlpha(hex: string, alpha: number): string {
  if (alpha >= 1) return hex;
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`encodings.withAlpha: expected #rrggbb, got ${hex}`);
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

export const MAX_CLASH_WIDTH = 6;

/**
 * Clashes thicken with the number of events behind them, on a log scale relative to the most frequent clash shown
 * (`maxCount`): 3 events or 3,000, the busiest pair is MAX_CLASH_WIDTH and the others keep their proportions.
 */
export function edgeWidth(type: GraphEdgeType, confidence: Confidence, count?: number, maxCount = 256): number {
  const base = 1.3 * EDGE_STYLES[type].width * CONFIDENCE_STYLE[confidence].widthFactor;
  if (type !== "CLASHED_WITH" || !count || maxCount <= 1) return base;
  const share = Math.log1p(Math.min(count, maxCount)) / Math.log1p(maxCount);
  return base + (MAX_CLASH_WIDTH - base) * share;
}

export type EdgeProgramName = "line" | "arrow" | "dashed" | "dashedArrow" | "curved" | "curvedArrow";

/** The sigma program for an edge: arrows for directed types, curves where the pair has several ties, dashes for weak ties. */
export function edgeProgram(
  type: GraphEdgeType,
  curvature: number,
  confidence: Confidence = "confirmed",
): EdgeProgramName {
  const directed = EDGE_STYLES[type].directed;
  if (curvature !== 0) return directed ? "curvedArrow" : "curved";
  if (CONFIDENCE_STYLE[confidence].dashed) return directed ? "dashedArrow" : "dashed";
  return directed ? "arrow" : "line";
}

/**
 * Curvature for each edge: 0 where a pair has a single tie, otherwise spread symmetrically so parallel ties fan out.
 * Curvature bends relative to source->target, so edges running against the pair's canonical order flip sign.
 */
export function assignCurvatures(
  edges: readonly { key: string; source: string; target: string }[],
): Map<string, number> {
  const byPair = new Map<string, { key: string; flip: boolean }[]>();
  for (const e of edges) {
    const flip = e.source > e.target;
    const pair = flip ? `${e.target}\u0000${e.source}` : `${e.source}\u0000${e.target}`;
    let list = byPair.get(pair);
    if (!list) byPair.set(pair, (list = []));
    list.push({ key: e.key, flip });
  }
  const out = new Map<string, number>();
  for (const list of byPair.values()) {
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const n = list.length;
    list.forEach((e, i) => {
      if (n === 1) return out.set(e.key, 0);
      // n=2: -0.3, +0.3; n=3: -0.45, 0 -> 0.15 (kept non-zero so every parallel tie stays visible), +0.45 ...
      let c = (i - (n - 1) / 2) * 0.3;
      if (c === 0) c = 0.12;
      out.set(e.key, e.flip ? -c : c);
    });
  }
  return out;
}

const ACRONYM = /^[A-Z][A-Z0-9'-]{1,7}$/;

/** Long names become their acronym (JNIM, MNLA) so labels stay readable; the full name is in the detail panel. */
export function shortLabel(name: string, aliases: readonly string[], max = 30): string {
  if (name.length <= max) return name;
  const acronym = aliases.find((a) => ACRONYM.test(a));
  if (acronym) return acronym;
  const short = aliases.filter((a) => a.length >= 3 && a.length <= max).sort((a, b) => a.length - b.length)[0];
  return short ?? `${name.slice(0, max - 1)}…`;
}

// Colours, dash styles and human labels for actor kinds and edge types, used by every picture the export draws (SVG, report).
// Pure (no Node APIs) so the browser can draw the same legend as the server.
import { ACTOR_KINDS, GRAPH_EDGE_TYPES, type ActorKind, type GraphEdgeType } from "../domain/constants.js";
import {
  CONFIDENCE_STYLE,
  DASH_PX,
  EDGE_COLORS,
  EDGE_LABELS,
  GAP_PX,
  KIND_COLORS,
  KIND_LABELS,
} from "../domain/vocabulary.js";
import type { Confidence } from "../domain/constants.js";

export { KIND_COLORS, KIND_LABELS };

/** A tie type's look: its colour and width. Dashes belong to confidence (confidenceLook), never to the type. */
export interface EdgeStyle {
  color: string;
  width: number;
  label: string;
}

export const EDGE_STYLES: Record<GraphEdgeType, EdgeStyle> = {
  AFFILIATED_WITH: { color: EDGE_COLORS.AFFILIATED_WITH, width: 1.6, label: EDGE_LABELS.AFFILIATED_WITH },
  ALLIED_WITH: { color: EDGE_COLORS.ALLIED_WITH, width: 1.8, label: EDGE_LABELS.ALLIED_WITH },
  RIVAL_OF: { color: EDGE_COLORS.RIVAL_OF, width: 1.6, label: EDGE_LABELS.RIVAL_OF },
  SPLINTER_OF: { color: EDGE_COLORS.SPLINTER_OF, width: 1.6, label: EDGE_LABELS.SPLINTER_OF },
  MERGED_INTO: { color: EDGE_COLORS.MERGED_INTO, width: 1.6, label: EDGE_LABELS.MERGED_INTO },
  PLEDGED_TO: { color: EDGE_COLORS.PLEDGED_TO, width: 1.4, label: EDGE_LABELS.PLEDGED_TO },
  PART_OF: { color: EDGE_COLORS.PART_OF, width: 1.2, label: EDGE_LABELS.PART_OF },
  SUPPORTS: { color: EDGE_COLORS.SUPPORTS, width: 1.4, label: EDGE_LABELS.SUPPORTS },
  CLASHED_WITH: { color: EDGE_COLORS.CLASHED_WITH, width: 2.2, label: EDGE_LABELS.CLASHED_WITH },
};

const FALLBACK_COLOR = "#6b7280";

export function kindColor(kind: string | undefined): string {
  return (ACTOR_KINDS as readonly string[]).includes(kind ?? "") ? KIND_COLORS[kind as ActorKind] : FALLBACK_COLOR;
}

export function edgeStyle(type: string): EdgeStyle {
  return (GRAPH_EDGE_TYPES as readonly string[]).includes(type)
    ? EDGE_STYLES[type as GraphEdgeType]
    : { color: FALLBACK_COLOR, width: 1, label: type };
}

/** How a confidence level draws a tie: its opacity, and an SVG stroke-dasharray for alleged and disputed ties. */
export function confidenceLook(confidence: string | undefined): { alpha: number; dash?: string; label: string } {
  const c = Object.hasOwn(CONFIDENCE_STYLE, confidence ?? "") ? CONFIDENCE_STYLE[confidence as Confidence] : null;
  if (!c) return { alpha: 1, label: confidence ?? "" };
  return { alpha: c.alpha, label: c.label, ...(c.dashed ? { dash: `${DASH_PX} ${GAP_PX}` } : {}) };
}

export function kindLabel(kind: string): string {
  return (ACTOR_KINDS as readonly string[]).includes(kind) ? KIND_LABELS[kind as ActorKind] : kind;
}

/** Event count at which a node reaches its largest radius when it is the picture's busiest (27 units). */
const FULL_SIZE_EVENTS = 100;

/**
 * Node radius (picture units) from its event count, so active actors stand out but none vanish: area follows events,
 * and when the picture's busiest actor (`largest`) has more than FULL_SIZE_EVENTS, every radius is scaled down alike
 * so that it stays at 27 units (at 300k events JNIM's 131k would otherwise draw a circle 800 units wide).
 */
export function nodeRadius(eventCount: number, largest = 0): number {
  const scale = Math.min(1, Math.sqrt(FULL_SIZE_EVENTS / Math.max(FULL_SIZE_EVENTS, largest)));
  return 5 + 2.2 * Math.sqrt(Math.max(0, eventCount)) * scale;
}

/** The largest event count among a graph's actors (what nodeRadius scales to). */
export function busiest(graph: { nodes: readonly { attributes: { eventCount?: number } }[] }): number {
  return graph.nodes.reduce((m, n) => Math.max(m, n.attributes.eventCount ?? 0), 0);
}

/** Is this background dark enough that text on it must be light? ("#rgb", "#rrggbb"; anything else counts as light.) */
export function isDarkColor(color: string): boolean {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return false;
  const hex = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  // Relative luminance (sRGB approximation): below ~0.4 reads as dark.
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4;
}

// Colours, dash styles and human labels for actor kinds and edge types, used by every picture the export draws (SVG, report).
// Pure (no Node APIs) so the browser can draw the same legend as the server.
import { ACTOR_KINDS, GRAPH_EDGE_TYPES, type ActorKind, type GraphEdgeType } from "../domain/constants.js";

export const KIND_COLORS: Record<ActorKind, string> = {
  jihadist_group: "#1f2937",
  state_force: "#2563eb",
  pro_government_militia: "#0891b2",
  separatist_movement: "#d97706",
  communal_militia: "#65a30d",
  international_force: "#7c3aed",
  coalition: "#db2777",
};

export const KIND_LABELS: Record<ActorKind, string> = {
  jihadist_group: "Jihadist group",
  state_force: "State force",
  pro_government_militia: "Pro-government militia",
  separatist_movement: "Separatist / rebel movement",
  communal_militia: "Communal militia",
  international_force: "International / foreign force",
  coalition: "Coalition",
};

export interface EdgeStyle {
  color: string;
  /** SVG stroke-dasharray, or undefined for a solid line. */
  dash?: string;
  width: number;
  label: string;
}

export const EDGE_STYLES: Record<GraphEdgeType, EdgeStyle> = {
  AFFILIATED_WITH: { color: "#2563eb", width: 1.6, label: "Affiliated with" },
  ALLIED_WITH: { color: "#16a34a", width: 1.8, label: "Allied with" },
  RIVAL_OF: { color: "#dc2626", dash: "6 4", width: 1.6, label: "Rival of" },
  SPLINTER_OF: { color: "#9333ea", dash: "2 3", width: 1.6, label: "Splinter of" },
  MERGED_INTO: { color: "#a16207", dash: "2 3", width: 1.6, label: "Merged into" },
  PLEDGED_TO: { color: "#0e7490", dash: "8 3 2 3", width: 1.4, label: "Pledged to" },
  PART_OF: { color: "#4f46e5", width: 1.2, label: "Part of" },
  SUPPORTS: { color: "#ea580c", width: 1.4, label: "Supports" },
  CLASHED_WITH: { color: "#7f1d1d", width: 2.2, label: "Clashed with (from events)" },
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

export function kindLabel(kind: string): string {
  return (ACTOR_KINDS as readonly string[]).includes(kind) ? KIND_LABELS[kind as ActorKind] : kind;
}

/** Node radius (picture units) from its event count, so active actors stand out but none vanish. */
export function nodeRadius(eventCount: number): number {
  return 5 + 2.2 * Math.sqrt(Math.max(0, eventCount));
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

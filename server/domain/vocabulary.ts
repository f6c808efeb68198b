// How the closed sets read and look to a person: labels and colours shared by the explorer and every export, so a
// report's picture uses the same colours and words as the screen it came from.
import type { ActorKind, Confidence, GraphEdgeType } from "./constants.js";

export const KIND_LABELS: Record<ActorKind, string> = {
  jihadist_group: "Jihadist group",
  state_force: "State force",
  pro_government_militia: "Pro-government militia",
  separatist_movement: "Separatist / rebel movement",
  communal_militia: "Communal militia",
  international_force: "International / foreign force",
  coalition: "Coalition",
};

export const KIND_COLORS: Record<ActorKind, string> = {
  jihadist_group: "#c0392b",
  state_force: "#1f5fa8",
  pro_government_militia: "#2f9e9e",
  separatist_movement: "#d98c1f",
  communal_militia: "#8a6d3b",
  international_force: "#6c5ce7",
  coalition: "#7f8c8d",
};

export const EDGE_LABELS: Record<GraphEdgeType, string> = {
  ALLIED_WITH: "Allied with",
  RIVAL_OF: "Rival of",
  CLASHED_WITH: "Clashed with (events)",
  AFFILIATED_WITH: "Affiliated with",
  SPLINTER_OF: "Splinter of",
  MERGED_INTO: "Merged into",
  PLEDGED_TO: "Pledged to (bay'ah)",
  PART_OF: "Part of (coalition)",
  SUPPORTS: "Supports",
};

export const EDGE_COLORS: Record<GraphEdgeType, string> = {
  ALLIED_WITH: "#2e9d4a",
  RIVAL_OF: "#e74c3c",
  CLASHED_WITH: "#b03a00",
  AFFILIATED_WITH: "#2f6bd8",
  SPLINTER_OF: "#9b59b6",
  MERGED_INTO: "#c2185b",
  PLEDGED_TO: "#b7950b",
  PART_OF: "#607d8b",
  SUPPORTS: "#16a2b8",
};

/** What colours the actors: their family (the default) or their kind. */
export const COLOR_BY = ["family", "kind"] as const;
export type ColorBy = (typeof COLOR_BY)[number];

/** Families the analysts know by colour; other families get palette colours in sorted order. */
export const KNOWN_FAMILY_COLORS: Record<string, string> = {
  "al-Qaeda network": "#d35400",
  "Islamic State network": "#2d2d2d",
  state: "#1f5fa8",
  "Azawad movements": "#27ae60",
  international: "#8e44ad",
  "Algerian jihadist groups": "#a0522d",
};
const FAMILY_PALETTE = [
  "#e6194b",
  "#3cb44b",
  "#4363d8",
  "#f58231",
  "#911eb4",
  "#46f0f0",
  "#f032e6",
  "#9a6324",
  "#800000",
  "#808000",
  "#000075",
  "#469990",
];
export const NO_FAMILY_COLOR = "#95a5a6";

/** Colour of each family present: known ones fixed, the rest from the palette in sorted order (deterministic). */
export function familyColors(families: Iterable<string | undefined>): Map<string, string> {
  const out = new Map<string, string>();
  const unknown = [...new Set([...families].filter((f): f is string => !!f))].sort();
  let i = 0;
  for (const f of unknown) {
    if (KNOWN_FAMILY_COLORS[f]) out.set(f, KNOWN_FAMILY_COLORS[f]);
    else out.set(f, FAMILY_PALETTE[i++ % FAMILY_PALETTE.length]);
  }
  return out;
}

/** An actor's colour: its kind's, or its family's (grey without one). */
export function nodeColor(
  kind: ActorKind,
  family: string | undefined,
  by: ColorBy,
  families: Map<string, string>,
): string {
  if (by === "kind") return KIND_COLORS[kind] ?? NO_FAMILY_COLOR;
  return (family && families.get(family)) || NO_FAMILY_COLOR;
}

/**
 * Weaker claims are drawn fainter and thinner, and dashed where the line is straight: the picture must not overstate
 * what sources only allege. The explorer, the SVG and PNG pictures and the report all draw ties this way; a tie's type
 * is its colour, never its dash.
 */
export const CONFIDENCE_STYLE: Record<
  Confidence,
  { alpha: number; widthFactor: number; dashed: boolean; label: string }
> = {
  confirmed: { alpha: 1, widthFactor: 1, dashed: false, label: "Confirmed" },
  probable: { alpha: 0.75, widthFactor: 0.85, dashed: false, label: "Probable" },
  alleged: { alpha: 0.7, widthFactor: 0.75, dashed: true, label: "Alleged" },
  disputed: { alpha: 0.6, widthFactor: 0.75, dashed: true, label: "Disputed" },
};

/** Dash and gap lengths in CSS pixels of a dashed (alleged or disputed) tie, on screen and in every picture. */
export const DASH_PX = 6;
export const GAP_PX = 4;

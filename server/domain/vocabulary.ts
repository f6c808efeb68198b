// How the closed sets read and look to a person: labels and colours shared by the explorer and every export, so a
// report's picture uses the same colours and words as the screen it came from.
import type { ActorKind, GraphEdgeType } from "./constants.js";

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

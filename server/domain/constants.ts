// Closed sets of the domain, written once. Everything else (zod enums, Cypher labels, UI legends) derives from these.

export const ACTOR_KINDS = [
  "jihadist_group",
  "state_force",
  "pro_government_militia",
  "separatist_movement",
  "communal_militia",
  "international_force",
  "coalition",
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const RELATIONSHIP_TYPES = [
  "AFFILIATED_WITH",
  "ALLIED_WITH",
  "RIVAL_OF",
  "SPLINTER_OF",
  "MERGED_INTO",
  "PLEDGED_TO",
  "PART_OF",
  "SUPPORTS",
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** The derived edge type, aggregated from events; never loaded directly. */
export const CLASHED_WITH = "CLASHED_WITH" as const;
export const GRAPH_EDGE_TYPES = [...RELATIONSHIP_TYPES, CLASHED_WITH] as const;
export type GraphEdgeType = (typeof GRAPH_EDGE_TYPES)[number];

/** Symmetric types have no direction; the others read `source TYPE target`. */
export const UNDIRECTED_TYPES: readonly GraphEdgeType[] = ["ALLIED_WITH", "RIVAL_OF", CLASHED_WITH];

/**
 * The most event points one /api/events/points answer holds (about 5 MB of JSON, 1.3 MB gzipped, at 100k generated
 * events): the map asks for the whole history only when the store holds no more events than this.
 */
export const EVENT_POINTS_MAX = 100_000;

export const CONFIDENCES = ["confirmed", "probable", "alleged", "disputed"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const DATE_PRECISIONS = ["year", "month", "day"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const EVENT_TYPES = [
  "battle",
  "attack_on_civilians",
  "explosion_remote_violence",
  "occupation",
  "other",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const PLACE_KINDS = ["village", "town", "commune", "cercle", "region", "country", "other"] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const SOURCE_KINDS = ["news", "report", "dataset", "reference"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const ALIAS_KINDS = ["acronym", "translation", "former", "transliteration", "variant"] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

export const SIDES = ["A", "B"] as const;
export type Side = (typeof SIDES)[number];

export const ROLES = ["attacker", "defender", "target"] as const;
export type Role = (typeof ROLES)[number];

export const ATTRIBUTIONS = ["confirmed", "claimed", "alleged"] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

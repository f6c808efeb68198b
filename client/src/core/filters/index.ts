// Filters and as-of selection: which actors and ties are shown for a date and a filter state (no DOM, no sigma).
import type { ActorKind, Confidence, GraphEdgeType } from "../../../../server/domain/constants.js";
import { dateStart } from "../../../../server/domain/dates.js";

export interface FilterState {
  /** As-of date (partial date); null = the whole history, every actor and tie ever. */
  at: string | null;
  /** Each list is the values shown; null = no restriction. */
  types: GraphEdgeType[] | null;
  kinds: ActorKind[] | null;
  countries: string[] | null;
  confidence: Confidence[] | null;
  /** Curated actors, provisional ones (created by an import, unreviewed), or both (null). */
  curation: Curation[] | null;
  /** Hide actors left without any shown tie. */
  hideIsolated: boolean;
}

export const DEFAULT_FILTERS: FilterState = {
  at: null,
  types: null,
  kinds: null,
  countries: null,
  confidence: null,
  curation: null,
  hideIsolated: false,
};

export const CURATIONS = ["curated", "provisional"] as const;
export type Curation = (typeof CURATIONS)[number];
export const CURATION_LABELS: Record<Curation, string> = {
  curated: "Curated",
  provisional: "Provisional (imported, unreviewed)",
};

/** The slice of node data the filters read; days are precomputed ISO days so comparisons are string compares. */
export interface FilterNode {
  key: string;
  kind: ActorKind;
  countries: readonly string[];
  /** Created by an importer and not reviewed yet. */
  provisional?: boolean;
  /** First day of `founded` / `dissolved` (YYYY-MM-DD), if known. */
  fromDay?: string;
  untilDay?: string;
}

export interface FilterEdge {
  key: string;
  source: string;
  target: string;
  type: GraphEdgeType;
  confidence: Confidence;
  fromDay?: string;
  untilDay?: string;
}

export interface Visibility {
  nodes: Set<string>;
  edges: Set<string>;
}

export const toDay = (value: string | undefined | null): string | undefined => (value ? dateStart(value) : undefined);

/** The as-of rule of PRODUCT.md on precomputed days: since <= at < until, open ends allowed. */
export function holdsOnDay(day: string, fromDay?: string, untilDay?: string): boolean {
  if (fromDay && fromDay > day) return false;
  if (untilDay && untilDay <= day) return false;
  return true;
}

function allows<T>(list: readonly T[] | null, value: T): boolean {
  return list === null || list.includes(value);
}

/** Shown actors and ties. A tie is shown only where both its actors are shown. */
export function computeVisibility(
  nodes: readonly FilterNode[],
  edges: readonly FilterEdge[],
  f: FilterState,
): Visibility {
  const day = f.at ? dateStart(f.at) : null;
  const countries = f.countries ? new Set(f.countries) : null;
  const shownNodes = new Set<string>();
  for (const n of nodes) {
    if (day && !holdsOnDay(day, n.fromDay, n.untilDay)) continue;
    if (!allows(f.kinds, n.kind)) continue;
    if (!allows(f.curation, n.provisional ? "provisional" : "curated")) continue;
    if (countries && !n.countries.some((c) => countries.has(c))) continue;
    shownNodes.add(n.key);
  }
  const shownEdges = new Set<string>();
  const touched = new Set<string>();
  for (const e of edges) {
    if (!shownNodes.has(e.source) || !shownNodes.has(e.target)) continue;
    if (day && !holdsOnDay(day, e.fromDay, e.untilDay)) continue;
    if (!allows(f.types, e.type) || !allows(f.confidence, e.confidence)) continue;
    shownEdges.add(e.key);
    touched.add(e.source);
    touched.add(e.target);
  }
  if (f.hideIsolated) for (const k of [...shownNodes]) if (!touched.has(k)) shownNodes.delete(k);
  return { nodes: shownNodes, edges: shownEdges };
}

/** Toggle one value in a list filter; `all` is the closed set, and a list equal to it collapses back to null. */
export function toggleValue<T extends string>(current: readonly T[] | null, value: T, all: readonly T[]): T[] | null {
  const base = current ?? [...all];
  const next = base.includes(value) ? base.filter((v) => v !== value) : [...base, value];
  if (next.length === all.length && all.every((v) => next.includes(v))) return null;
  return all.filter((v) => next.includes(v));
}

/** Counts by value over what is shown, for the filter panel ("ALLIED_WITH (12)"). */
export function countBy<T>(keys: Iterable<string>, valueOf: (key: string) => T | readonly T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const k of keys) {
    const v = valueOf(k);
    for (const x of Array.isArray(v) ? (v as readonly T[]) : [v as T]) out.set(x, (out.get(x) ?? 0) + 1);
  }
  return out;
}

/** Does any filter restrict the view (beyond the date)? */
export function isFiltered(f: FilterState): boolean {
  return (
    f.types !== null ||
    f.kinds !== null ||
    f.countries !== null ||
    f.confidence !== null ||
    f.curation !== null ||
    f.hideIsolated
  );
}

/** The list filters, and which of them select actors (the others select ties). */
export type ListDimension = "types" | "kinds" | "countries" | "confidence" | "curation";
export const ACTOR_DIMENSIONS: readonly ListDimension[] = ["kinds", "countries", "curation"];

/**
 * What checking each value a list filter leaves out would add: how many more actors (actor filters) or ties (tie
 * filters) the view would show with that value checked too. `narrow` cuts a visibility down to what is on screen
 * (focus, genealogy). Empty when the filter leaves nothing out.
 */
export function gainsOf(
  nodes: readonly FilterNode[],
  edges: readonly FilterEdge[],
  f: FilterState,
  dim: ListDimension,
  narrow: (v: Visibility) => Visibility = (v) => v,
): Map<string, number> {
  const out = new Map<string, number>();
  const current = f[dim] as readonly string[] | null;
  if (current === null) return out;
  const actors = ACTOR_DIMENSIONS.includes(dim);
  const measure = (v: Visibility) => {
    const n = narrow(v);
    return actors ? n.nodes.size : n.edges.size;
  };
  const base = measure(computeVisibility(nodes, edges, f));
  const values = new Set<string>();
  if (dim === "types") for (const e of edges) values.add(e.type);
  else if (dim === "confidence") for (const e of edges) values.add(e.confidence);
  else if (dim === "kinds") for (const n of nodes) values.add(n.kind);
  else if (dim === "curation") for (const n of nodes) values.add(n.provisional ? "provisional" : "curated");
  else for (const n of nodes) for (const c of n.countries) values.add(c);
  for (const v of values) {
    if (current.includes(v)) continue;
    out.set(v, measure(computeVisibility(nodes, edges, { ...f, [dim]: [...current, v] })) - base);
  }
  return out;
}

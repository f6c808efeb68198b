// The signed network as of a date: every typed tie and derived clash collapsed into one signed weight per actor pair.
// Input is a graphology graph built from the /api/graph serialization (whole history or already as of a date).
//
// Sign rules (SIGN_OF_TYPE):
//   positive: ALLIED_WITH, AFFILIATED_WITH, PART_OF, PLEDGED_TO, SUPPORTS, MERGED_INTO;
//   negative: RIVAL_OF, CLASHED_WITH;  neutral (ignored): SPLINTER_OF.
//   SUPPORTS is positive: material support (a state backing a militia) is alignment.
//   MERGED_INTO is positive: while both exist the absorbed group fights alongside its absorber (usually the absorbed
//   group is dissolved at the merger and drops out of the as-of network anyway).
//   SPLINTER_OF is neutral: a split is lineage, not hostility by itself; where the split turned hostile the data
//   records a RIVAL_OF or clashes. Counting splits as negative would make JNIM's own components its enemies.
// Tie weight = sign × confidence factor (confirmed 1, probable 0.8, alleged 0.5, disputed 0.3).
// Alleged and disputed ties count as alliances only when asked (`uncertainAlliances`): an allegation of support is
// not an alignment an analyst would sign. Negative ties count at every confidence (an alleged rivalry still weighs).
// Clash weight (CLASHED_WITH, derived from events):
//   w = −(1 + 0.5·log10(1 + fatalities) + 0.5·log10(count)) · 2^(−Δ / halfLife)
//   Δ = years from the last clash up to `at` (0 if the last clash is after `at`), halfLife = 2 years by default;
//   clashes whose |w| falls under minClashWeight (0.05) are dropped: old fights fade out of the present network.
//   A clash with no fatalities counts 1 at Δ=0; 99 deaths 2; 999 deaths over 10 events 3.
// Collapse rule for a pair with several ties: net = Σ weights of its ties (direction ignored). sign = +1 if net > 0,
// otherwise −1 (a tie at 0 resolves negative: a recorded fight between nominal allies is the signal analysts need).
// The pair is flagged `conflicted` when it carries both positive and negative ties. Rejected: "negative dominates"
// (one skirmish would erase a formal affiliation) and "latest tie wins" (ties and clashes have different date
// precisions, and the seeds already end superseded ties with `until`).
import Graph, { UndirectedGraph } from "graphology";
import type { AbstractGraph, Attributes } from "graphology-types";
import {
  CLASHED_WITH,
  dateStart,
  holdsAt,
  InvalidInputError,
  type Confidence,
  type GraphEdgeType,
} from "../domain/index.js";
import { assertDate, assertGraph } from "./guard.js";

export const SIGN_OF_TYPE: Readonly<Record<GraphEdgeType, -1 | 0 | 1>> = {
  ALLIED_WITH: 1,
  AFFILIATED_WITH: 1,
  PART_OF: 1,
  PLEDGED_TO: 1,
  SUPPORTS: 1,
  MERGED_INTO: 1,
  SPLINTER_OF: 0,
  RIVAL_OF: -1,
  CLASHED_WITH: -1,
};

export const CONFIDENCE_FACTOR: Readonly<Record<Confidence, number>> = {
  confirmed: 1,
  probable: 0.8,
  alleged: 0.5,
  disputed: 0.3,
};

export interface SignedNetworkOptions {
  /** As-of date; default: the graph's `at` attribute, else the latest date in the graph. */
  at?: string;
  /** Years for a clash's weight to halve. */
  clashHalfLifeYears?: number;
  /** Clashes weaker than this (after decay) are dropped. */
  minClashWeight?: number;
  /** Override the sign of a type (e.g. { SPLINTER_OF: -1 }). */
  signs?: Partial<Record<GraphEdgeType, -1 | 0 | 1>>;
  /** Only ties with these confidences count (default: all). */
  confidence?: readonly Confidence[];
  /** Count alleged and disputed positive ties (alliances, support, pledges) too; default false. */
  uncertainAlliances?: boolean;
}

/** Confidences a positive tie may have to count as alignment unless `uncertainAlliances`. */
export const CERTAIN_ENOUGH: readonly Confidence[] = ["confirmed", "probable"];

export interface Contribution {
  key: string;
  type: GraphEdgeType;
  weight: number;
}

export interface SignedNodeAttributes {
  label: string;
  kind?: string;
  family?: string;
}

export interface SignedEdgeAttributes {
  /** Net signed weight (Σ of contributions). */
  weight: number;
  sign: 1 | -1;
  conflicted: boolean;
  types: GraphEdgeType[];
  contributions: Contribution[];
}

export interface SignedGraphAttributes {
  signedNetwork: true;
  at: string;
}

export type SignedNetwork = UndirectedGraph<SignedNodeAttributes, SignedEdgeAttributes, SignedGraphAttributes>;

const MODULE = "analytics/signed-network";
const FAR_FUTURE = "9999-12-31";
const DAY_MS = 86_400_000;

/** Is this graph already a signed network produced by toSignedNetwork? */
export function isSignedNetwork(graph: AbstractGraph): graph is SignedNetwork {
  return graph.getAttribute("signedNetwork") === true;
}

/** The date an analysis defaults to: the graph's `at`, else its latest date (deterministic, never "today"). */
export function defaultAt(graph: AbstractGraph): string {
  const at = graph.getAttribute("at");
  if (typeof at === "string") return at;
  let latest = "";
  const see = (v: unknown) => {
    if (typeof v === "string" && v.length >= 4 && dateStart(v) > latest) latest = dateStart(v);
  };
  graph.forEachNode((_n, a) => {
    see(a.founded);
    see(a.dissolved);
  });
  graph.forEachEdge((_e, a) => {
    see(a.since);
    see(a.until);
    see(a.last);
  });
  return latest || FAR_FUTURE;
}

/** Does the actor exist at `at`? (founded <= at < dissolved, open ends allowed.) */
export function actorExists(attrs: Attributes, at: string): boolean {
  return holdsAt(at, attrs.founded as string | undefined, attrs.dissolved as string | undefined);
}

/** Does a tie of the source graph hold at `at`, with both ends existing? */
export function tieHolds(graph: AbstractGraph, edge: string, at: string): boolean {
  const a = graph.getEdgeAttributes(edge);
  if (!holdsAt(at, a.since as string | undefined, a.until as string | undefined)) return false;
  return actorExists(graph.getSourceAttributes(edge), at) && actorExists(graph.getTargetAttributes(edge), at);
}

function yearsBetween(from: string, to: string): number {
  return (Date.parse(`${dateStart(to)}T00:00:00Z`) - Date.parse(`${dateStart(from)}T00:00:00Z`)) / DAY_MS / 365.25;
}

/** The signed weight of one clash edge as of `at` (see the module comment for the formula). */
export function clashWeight(
  attrs: { count?: number; fatalities?: number; last?: string; since?: string },
  at: string,
  halfLifeYears = 2,
): number {
  const fatalities = Math.max(0, attrs.fatalities ?? 0);
  const count = Math.max(1, attrs.count ?? 1);
  const last = attrs.last ?? attrs.since;
  const delta = last ? Math.max(0, yearsBetween(last, at)) : 0;
  const severity = 1 + 0.5 * Math.log10(1 + fatalities) + 0.5 * Math.log10(count);
  return -severity * Math.pow(2, -delta / halfLifeYears);
}

/**
 * Builds the signed network as of a date: a simple undirected graph whose nodes are the actors existing at `at`
 * (sorted by id) and whose edges carry the collapsed signed weight per pair. Pure: the input graph is not touched.
 */
export function toSignedNetwork(graph: AbstractGraph, options: SignedNetworkOptions = {}): SignedNetwork {
  assertGraph(graph, MODULE);
  if (isSignedNetwork(graph) && (options.at === undefined || options.at === graph.getAttribute("at"))) return graph;
  const at = options.at ?? defaultAt(graph);
  assertDate(at, "at", MODULE);
  const signs = { ...SIGN_OF_TYPE, ...options.signs };
  const halfLife = options.clashHalfLifeYears ?? 2;
  const minClash = options.minClashWeight ?? 0.05;
  const confidences = options.confidence ? new Set(options.confidence) : null;

  const out: SignedNetwork = new UndirectedGraph<SignedNodeAttributes, SignedEdgeAttributes, SignedGraphAttributes>();
  out.replaceAttributes({ signedNetwork: true, at });
  const nodes = graph.nodes().filter((n) => actorExists(graph.getNodeAttributes(n), at));
  nodes.sort();
  for (const n of nodes) {
    const a = graph.getNodeAttributes(n);
    out.addNode(n, {
      label: typeof a.label === "string" ? a.label : n,
      ...(typeof a.kind === "string" ? { kind: a.kind } : {}),
      ...(typeof a.family === "string" ? { family: a.family } : {}),
    });
  }

  const byPair = new Map<string, { a: string; b: string; contributions: Contribution[] }>();
  graph.forEachEdge((key, attrs, source, target) => {
    if (source === target || !out.hasNode(source) || !out.hasNode(target)) return;
    const type = attrs.type as GraphEdgeType;
    const sign = signs[type];
    if (!sign) return;
    if (!holdsAt(at, attrs.since as string | undefined, attrs.until as string | undefined)) return;
    let weight: number;
    if (type === CLASHED_WITH) {
      weight = sign * -clashWeight(attrs, at, halfLife);
      if (Math.abs(weight) < minClash) return;
    } else {
      const confidence = (attrs.confidence ?? "confirmed") as Confidence;
      if (confidences && !confidences.has(confidence)) return;
      if (sign > 0 && !options.uncertainAlliances && !CERTAIN_ENOUGH.includes(confidence)) return;
      weight = sign * (CONFIDENCE_FACTOR[confidence] ?? 1);
    }
    const [a, b] = source < target ? [source, target] : [target, source];
    const id = `${a}\u0000${b}`;
    const entry = byPair.get(id) ?? { a, b, contributions: [] };
    entry.contributions.push({ key, type, weight: round(weight) });
    byPair.set(id, entry);
  });

  for (const id of [...byPair.keys()].sort()) {
    const { a, b, contributions } = byPair.get(id)!;
    contributions.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    const net = round(contributions.reduce((s, c) => s + c.weight, 0));
    const hasPos = contributions.some((c) => c.weight > 0);
    const hasNeg = contributions.some((c) => c.weight < 0);
    out.addUndirectedEdgeWithKey(`${a}|${b}`, a, b, {
      weight: net,
      sign: net > 0 ? 1 : -1,
      conflicted: hasPos && hasNeg,
      types: [...new Set(contributions.map((c) => c.type))].sort(),
      contributions,
    });
  }
  return out;
}

/** Builds a graphology graph from the /api/graph serialization (or returns a graph as is). */
export function fromSerialized(serialized: unknown): AbstractGraph {
  const s = serialized as { nodes?: unknown; edges?: unknown; options?: unknown } | null;
  if (s && typeof (s as Partial<AbstractGraph>).forEachEdge === "function") return s as unknown as AbstractGraph;
  if (!s || !Array.isArray(s.nodes) || !Array.isArray(s.edges)) {
    throw new InvalidInputError(`${MODULE}: expected a graphology serialization {nodes, edges}`);
  }
  return Graph.from(s as never, { type: "mixed", multi: true, allowSelfLoops: false });
}

export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

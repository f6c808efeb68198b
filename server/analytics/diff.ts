// What changed between two dates: actors that appeared or dissolved, ties created or ended, pairs whose sign flipped
// (ally -> rival), and the change in balance, frustration and betweenness. A tie is one typed edge of the source graph
// (a relationship, or a clash pair from its first event on); a flip compares the collapsed signed pair at both dates.
import type { AbstractGraph } from "graphology-types";
import { dateStart, InvalidInputError, type GraphEdgeType } from "../domain/index.js";
import { structuralBalance } from "./balance.js";
import { findBlocs } from "./blocs.js";
import { centrality } from "./centrality.js";
import { assertDate, assertGraph } from "./guard.js";
import { actorExists, round, tieHolds, toSignedNetwork, type SignedNetworkOptions } from "./signed-network.js";

export interface DiffOptions extends Omit<SignedNetworkOptions, "at"> {
  from: string;
  to: string;
  /** How many centrality changes to list (default 10). */
  top?: number;
  seed?: number;
  /** The graph as of a date (exact clash aggregates); default: the input graph filtered per date. */
  graphAt?: (at: string) => AbstractGraph;
}

export interface DiffActor {
  id: string;
  label: string;
  founded?: string;
  dissolved?: string;
}

export interface DiffTie {
  key: string;
  type: GraphEdgeType;
  source: string;
  target: string;
  since?: string;
  until?: string;
}

export interface DiffFlip {
  a: string;
  b: string;
  before: { sign: 1 | -1; weight: number; types: GraphEdgeType[] };
  after: { sign: 1 | -1; weight: number; types: GraphEdgeType[] };
  /** "ally->rival" when the pair turned hostile, "rival->ally" when it reconciled. */
  direction: "ally->rival" | "rival->ally";
}

export interface DiffResult {
  from: string;
  to: string;
  actors: { appeared: DiffActor[]; dissolved: DiffActor[] };
  ties: { created: DiffTie[]; ended: DiffTie[] };
  flipped: DiffFlip[];
  balance: { before: number | null; after: number | null; delta: number | null };
  frustration: { before: number; after: number; delta: number };
  triads: { before: number; after: number };
  centrality: { id: string; label: string; before: number; after: number; delta: number }[];
}

const MODULE = "analytics/diff";

function actorOf(graph: AbstractGraph, id: string): DiffActor {
  const a = graph.getNodeAttributes(id);
  return {
    id,
    label: typeof a.label === "string" ? a.label : id,
    ...(typeof a.founded === "string" ? { founded: a.founded } : {}),
    ...(typeof a.dissolved === "string" ? { dissolved: a.dissolved } : {}),
  };
}

function tiesAt(graph: AbstractGraph, at: string): Map<string, DiffTie> {
  const out = new Map<string, DiffTie>();
  graph.forEachEdge((key, a, source, target) => {
    if (!tieHolds(graph, key, at)) return;
    out.set(key, {
      key,
      type: a.type as GraphEdgeType,
      source,
      target,
      ...(typeof a.since === "string" ? { since: a.since } : {}),
      ...(typeof a.until === "string" ? { until: a.until } : {}),
    });
  });
  return out;
}

const byKey = (p: { key: string }, q: { key: string }) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0);
const byId = (p: { id: string }, q: { id: string }) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0);

/** The change between two dates. Pure. */
export function diffNetworks(graph: AbstractGraph, options: DiffOptions): DiffResult {
  assertGraph(graph, MODULE);
  const { from, to } = options ?? ({} as DiffOptions);
  assertDate(from, "from", MODULE);
  assertDate(to, "to", MODULE);
  if (dateStart(from) > dateStart(to))
    throw new InvalidInputError(`${MODULE}: 'from' (${from}) is after 'to' (${to})`, { from, to });
  const gFrom = options.graphAt ? options.graphAt(from) : graph;
  const gTo = options.graphAt ? options.graphAt(to) : graph;

  const existsFrom = new Set(gFrom.filterNodes((_n, a) => actorExists(a, from)));
  const existsTo = new Set(gTo.filterNodes((_n, a) => actorExists(a, to)));
  const appeared = [...existsTo]
    .filter((n) => !existsFrom.has(n))
    .map((n) => actorOf(gTo, n))
    .sort(byId);
  const dissolved = [...existsFrom]
    .filter((n) => !existsTo.has(n))
    .map((n) => actorOf(gFrom, n))
    .sort(byId);

  const tFrom = tiesAt(gFrom, from);
  const tTo = tiesAt(gTo, to);
  const created = [...tTo.values()].filter((t) => !tFrom.has(t.key)).sort(byKey);
  const ended = [...tFrom.values()].filter((t) => !tTo.has(t.key)).sort(byKey);

  const netFrom = toSignedNetwork(gFrom, { ...options, at: from });
  const netTo = toSignedNetwork(gTo, { ...options, at: to });
  const flipped: DiffFlip[] = [];
  netFrom.forEachEdge((_e, a, s, t) => {
    if (!netTo.hasEdge(s, t)) return;
    const b = netTo.getEdgeAttributes(s, t);
    if (a.sign === b.sign) return;
    const [x, y] = s < t ? [s, t] : [t, s];
    flipped.push({
      a: x,
      b: y,
      before: { sign: a.sign, weight: a.weight, types: a.types },
      after: { sign: b.sign, weight: b.weight, types: b.types },
      direction: a.sign > 0 ? "ally->rival" : "rival->ally",
    });
  });
  flipped.sort((p, q) => (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1));

  const bFrom = structuralBalance(netFrom, { limit: 0 });
  const bTo = structuralBalance(netTo, { limit: 0 });
  const fFrom = findBlocs(netFrom, { seed: options.seed });
  const fTo = findBlocs(netTo, { seed: options.seed });
  const cFrom = centrality(netFrom, { seed: options.seed, betweennessOnly: true });
  const cTo = centrality(netTo, { seed: options.seed, betweennessOnly: true });
  const before = new Map(cFrom.actors.map((a) => [a.id, a]));
  const after = new Map(cTo.actors.map((a) => [a.id, a]));
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  const changes = ids
    .map((id) => {
      const b0 = before.get(id)?.betweenness ?? 0;
      const b1 = after.get(id)?.betweenness ?? 0;
      return { id, label: (after.get(id) ?? before.get(id))!.label, before: b0, after: b1, delta: round(b1 - b0) };
    })
    .filter((c) => c.delta !== 0)
    .sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta) || (p.id < q.id ? -1 : 1))
    .slice(0, options.top ?? 10);

  return {
    from,
    to,
    actors: { appeared, dissolved },
    ties: { created, ended },
    flipped,
    balance: {
      before: bFrom.balancedShare,
      after: bTo.balancedShare,
      delta:
        bFrom.balancedShare !== null && bTo.balancedShare !== null
          ? round(bTo.balancedShare - bFrom.balancedShare)
          : null,
    },
    frustration: {
      before: fFrom.frustration,
      after: fTo.frustration,
      delta: round(fTo.frustration - fFrom.frustration),
    },
    triads: { before: bFrom.triads, after: bTo.triads },
    centrality: changes,
  };
}

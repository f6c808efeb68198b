// Brokers and communities as of a date: betweenness centrality (graphology-metrics), Louvain communities on the
// positive ties (graphology-communities-louvain, seeded rng), and each actor's degree by relationship type.
// Betweenness is computed on every signed tie (hops, unweighted): a broker bridges otherwise distant actors whatever
// the sign; `positiveBetweenness` on the cooperative ties alone tells who bridges allied camps.
import { UndirectedGraph } from "graphology";
import louvain from "graphology-communities-louvain";
import betweenness from "graphology-metrics/centrality/betweenness.js";
import type { AbstractGraph } from "graphology-types";
import type { GraphEdgeType } from "../domain/index.js";
import { assertGraph, createRng } from "./guard.js";
import { round, toSignedNetwork, type SignedNetwork, type SignedNetworkOptions } from "./signed-network.js";

export interface CentralityOptions extends SignedNetworkOptions {
  /** How many brokers to name (default 10). */
  top?: number;
  /** Louvain resolution (default 1). */
  resolution?: number;
  seed?: number;
  /** Skip the positive-ties betweenness and Louvain (the diff needs neither); default false. */
  betweennessOnly?: boolean;
}

export interface ActorCentrality {
  id: string;
  label: string;
  /** Normalised betweenness on all signed ties. */
  betweenness: number;
  /** Normalised betweenness on positive ties only. */
  positiveBetweenness: number;
  /** Louvain community on positive ties; null for actors without a positive tie. */
  community: number | null;
  degree: { total: number; positive: number; negative: number; byType: Partial<Record<GraphEdgeType, number>> };
}

export interface Community {
  id: number;
  members: string[];
}

export interface CentralityResult {
  at: string;
  actors: ActorCentrality[];
  /** Highest betweenness first (ties by id), only actors with betweenness > 0, up to `top`. */
  brokers: { id: string; label: string; betweenness: number }[];
  communities: Community[];
  modularity: number | null;
}

const MODULE = "analytics/centrality";

function positiveSubgraph(net: SignedNetwork): UndirectedGraph {
  const pos = new UndirectedGraph();
  net.forEachEdge((e, a, s, t) => {
    if (a.weight <= 0) return;
    pos.mergeNode(s);
    pos.mergeNode(t);
    pos.addEdgeWithKey(e, s, t, { weight: a.weight });
  });
  // Insertion order matters to Louvain: make it independent of the edge order.
  const sorted = new UndirectedGraph();
  for (const n of pos.nodes().sort()) sorted.addNode(n);
  for (const e of pos.edges().sort()) sorted.addEdgeWithKey(e, pos.source(e), pos.target(e), pos.getEdgeAttributes(e));
  return sorted;
}

/** Betweenness, communities and typed degrees as of a date. Pure; deterministic for a given seed. */
export function centrality(graph: AbstractGraph, options: CentralityOptions = {}): CentralityResult {
  assertGraph(graph, MODULE);
  const net = toSignedNetwork(graph, options);
  const top = options.top ?? 10;
  const all = net.size ? betweenness(net, { normalized: true, getEdgeWeight: null }) : {};
  const pos = positiveSubgraph(net);
  const only = options.betweennessOnly ?? false;
  const posBetweenness: Record<string, number> =
    pos.size && !only ? betweenness(pos, { normalized: true, getEdgeWeight: null }) : {};

  let communities: Community[] = [];
  let modularity: number | null = null;
  const communityOf = new Map<string, number>();
  if (pos.size && !only) {
    const detailed = louvain.detailed(pos, {
      getEdgeWeight: "weight",
      resolution: options.resolution ?? 1,
      rng: createRng(options.seed ?? 42),
    });
    modularity = round(detailed.modularity);
    const groups = new Map<number, string[]>();
    for (const [n, c] of Object.entries(detailed.communities)) groups.set(c, [...(groups.get(c) ?? []), n]);
    communities = [...groups.values()]
      .map((m) => m.sort())
      .sort((p, q) => q.length - p.length || (p[0] < q[0] ? -1 : 1))
      .map((members, id) => ({ id, members }));
    for (const c of communities) for (const m of c.members) communityOf.set(m, c.id);
  }

  const actors: ActorCentrality[] = net.mapNodes((id, a) => {
    const byType: Partial<Record<GraphEdgeType, number>> = {};
    let positive = 0;
    let negative = 0;
    net.forEachEdge(id, (_e, ea) => {
      if (ea.sign > 0) positive++;
      else negative++;
      for (const c of ea.contributions) byType[c.type] = (byType[c.type] ?? 0) + 1;
    });
    return {
      id,
      label: a.label,
      betweenness: round(all[id] ?? 0),
      positiveBetweenness: round(posBetweenness[id] ?? 0),
      community: communityOf.get(id) ?? null,
      degree: { total: positive + negative, positive, negative, byType },
    };
  });
  const brokers = actors
    .filter((a) => a.betweenness > 0)
    .sort((p, q) => q.betweenness - p.betweenness || (p.id < q.id ? -1 : 1))
    .slice(0, top)
    .map(({ id, label, betweenness: b }) => ({ id, label, betweenness: b }));
  return { at: net.getAttribute("at"), actors, brokers, communities, modularity };
}

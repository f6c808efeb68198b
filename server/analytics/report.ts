// Plain data for the report export: the balance share, the blocs with their members' names, and the top brokers.
import type { AbstractGraph } from "graphology-types";
import { structuralBalance } from "./balance.js";
import { findBlocs } from "./blocs.js";
import { centrality } from "./centrality.js";
import { assertGraph } from "./guard.js";
import { toSignedNetwork } from "./signed-network.js";

export interface ReportSummary {
  at: string;
  actors: number;
  ties: { total: number; positive: number; negative: number };
  balance: { triads: number; balancedShare: number | null; weaklyBalancedShare: number | null; unbalanced: number };
  /** The most salient unbalanced triads, as names ("X and Y both side with Z yet fight each other"). */
  tensions: { actors: string[]; pattern: "++-" | "---"; text: string }[];
  blocs: { id: number; members: { id: string; label: string }[] }[];
  frustration: { value: number; ties: number; share: number | null; method: string };
  brokers: { id: string; label: string; betweenness: number }[];
  communities: number;
}

/** Everything the report needs about the signed network as of `at` (default: the graph's own date). Pure. */
export function summarizeForReport(graph: AbstractGraph, at?: string): ReportSummary {
  assertGraph(graph, "analytics/report");
  const net = toSignedNetwork(graph, at ? { at } : {});
  const label = (id: string) => net.getNodeAttribute(id, "label");
  const balance = structuralBalance(net, { limit: 5 });
  const blocs = findBlocs(net);
  const cent = centrality(net, { top: 5 });
  return {
    at: net.getAttribute("at"),
    actors: net.order,
    ties: { total: balance.edges, positive: balance.positiveEdges, negative: balance.negativeEdges },
    balance: {
      triads: balance.triads,
      balancedShare: balance.balancedShare,
      weaklyBalancedShare: balance.weaklyBalancedShare,
      unbalanced: balance.unbalancedTotal,
    },
    tensions: balance.unbalanced.map((t) => ({
      actors: t.nodes.map(label),
      pattern: t.pattern,
      text:
        t.pattern === "++-"
          ? `${label(t.enemies![0])} and ${label(t.enemies![1])} both side with ${label(t.pivot!)} yet are hostile to each other`
          : `${t.nodes.map(label).join(", ")} are all hostile to one another`,
    })),
    blocs: blocs.blocs.map((b) => ({ id: b.id, members: b.members.map((id) => ({ id, label: label(id) })) })),
    frustration: {
      value: blocs.frustration,
      ties: blocs.frustratedTies,
      share: blocs.frustratedShare,
      method: blocs.method,
    },
    brokers: cent.brokers,
    communities: cent.communities.length,
  };
}

// Balance over time: one point per year (as of 31 December), from the earliest to the latest date in the graph.
// A whole-history graph is filtered per date; pass `graphAt` (e.g. the read model's buildGraph with `at`) to get
// clash aggregates clipped exactly to each date, as the HTTP route does.
import type { AbstractGraph } from "graphology-types";
import { dateStart, InvalidInputError } from "../domain/index.js";
import { structuralBalance, type BalanceResult } from "./balance.js";
import { findBlocs } from "./blocs.js";
import { assertDate, assertGraph } from "./guard.js";
import { toSignedNetwork, type SignedNetworkOptions } from "./signed-network.js";

export interface SeriesOptions extends Omit<SignedNetworkOptions, "at"> {
  from?: string;
  to?: string;
  /** Compute the bloc split and its frustration at each point (default true). */
  blocs?: boolean;
  k?: number;
  weighted?: boolean;
  seed?: number;
  /** The graph as of a date; default: the input graph (filtered per date by the signed network). */
  graphAt?: (at: string) => AbstractGraph;
}

/** One year: the balance counts of that date, plus the unbalanced total and the blocs. */
export interface SeriesPoint extends Pick<
  BalanceResult,
  "at" | "nodes" | "edges" | "positiveEdges" | "negativeEdges" | "triads" | "balancedShare" | "weaklyBalancedShare"
> {
  year: number;
  unbalanced: number;
  frustration: number | null;
  frustratedShare: number | null;
  blocs: number | null;
}

export interface SeriesResult {
  from: string;
  to: string;
  points: SeriesPoint[];
}

const MODULE = "analytics/series";
const MAX_YEARS = 200;

function dateRange(graph: AbstractGraph): { min: string | null; max: string | null } {
  const range = graph.getAttribute("range") as { min?: string | null; max?: string | null } | undefined;
  if (range?.min && range?.max) return { min: range.min, max: range.max };
  const dates: string[] = [];
  const see = (v: unknown) => typeof v === "string" && v.length >= 4 && dates.push(dateStart(v));
  graph.forEachNode((_n, a) => (see(a.founded), see(a.dissolved)));
  graph.forEachEdge((_e, a) => (see(a.since), see(a.until), see(a.last)));
  dates.sort();
  return { min: dates[0] ?? null, max: dates[dates.length - 1] ?? null };
}

/** Balance (and optionally blocs) per year. Pure; empty when the graph has no dates and none are given. */
export function balanceSeries(graph: AbstractGraph, options: SeriesOptions = {}): SeriesResult {
  assertGraph(graph, MODULE);
  const range = dateRange(graph);
  const from = options.from ?? range.min;
  const to = options.to ?? range.max;
  if (!from || !to) return { from: from ?? "", to: to ?? "", points: [] };
  assertDate(from, "from", MODULE);
  assertDate(to, "to", MODULE);
  const y0 = Number(from.slice(0, 4));
  const y1 = Number(to.slice(0, 4));
  if (y0 > y1) throw new InvalidInputError(`${MODULE}: 'from' (${from}) is after 'to' (${to})`, { from, to });
  if (y1 - y0 >= MAX_YEARS)
    throw new InvalidInputError(`${MODULE}: at most ${MAX_YEARS} years per series`, { from, to });
  const withBlocs = options.blocs ?? true;
  const points: SeriesPoint[] = [];
  for (let year = y0; year <= y1; year++) {
    const at = `${year}-12-31`;
    const source = options.graphAt ? options.graphAt(at) : graph;
    const net = toSignedNetwork(source, { ...options, at });
    const b = structuralBalance(net, { limit: 0 });
    const blocs = withBlocs ? findBlocs(net, { k: options.k, weighted: options.weighted, seed: options.seed }) : null;
    points.push({
      year,
      at,
      nodes: b.nodes,
      edges: b.edges,
      positiveEdges: b.positiveEdges,
      negativeEdges: b.negativeEdges,
      triads: b.triads,
      balancedShare: b.balancedShare,
      weaklyBalancedShare: b.weaklyBalancedShare,
      unbalanced: b.unbalancedTotal,
      frustration: blocs ? blocs.frustration : null,
      frustratedShare: blocs ? blocs.frustratedShare : null,
      blocs: blocs ? blocs.blocs.length : null,
    });
  }
  return { from, to, points };
}

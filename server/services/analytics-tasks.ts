// What /api/analytics/* compute, as plain tasks on a read model: each builds its as-of graph(s) from the model (the
// clash months it holds, plus the store's answer for a month a date cuts through, given as `boundary`) and runs
// server/analytics on them. Pure, so that it runs in an analytics worker (analytics-pool.ts) exactly as in process.
import Graph from "graphology";
import type { AbstractGraph } from "graphology-types";
import { balanceSeries, centrality, diffNetworks, findBlocs, structuralBalance } from "../analytics/index.js";
import type { Clash } from "../domain/index.js";
import type { Store } from "../store/port.js";
import { boundaryClashes, buildGraph, needsBoundary, windowOf, type GraphFilter } from "./graph.js";
import type { ReadModel } from "./read-model.js";

/** The /api/graph filters the analytics routes take, and how uncertain alliances count. */
export type AnalyticsFilter = Pick<GraphFilter, "types" | "kinds" | "countries" | "confidence"> & {
  uncertainAlliances?: boolean;
};

export type AnalyticsTask =
  | { name: "balance"; at: string; limit: number; filter: AnalyticsFilter; boundary?: Clash[] }
  | { name: "blocs"; at: string; k: number; filter: AnalyticsFilter; boundary?: Clash[] }
  | { name: "centrality"; at: string; top: number; filter: AnalyticsFilter; boundary?: Clash[] }
  | { name: "series"; from?: string; to?: string; filter: AnalyticsFilter }
  | {
      name: "diff";
      from: string;
      to: string;
      top: number;
      filter: AnalyticsFilter;
      boundaries: { from?: Clash[]; to?: Clash[] };
    };

/** The signed-network options a request sets. */
const signOptions = (filter: AnalyticsFilter) => ({ uncertainAlliances: filter.uncertainAlliances ?? false });

function graphOf(model: ReadModel, filter: AnalyticsFilter, at?: string, boundary?: Clash[]): AbstractGraph {
  return Graph.from(buildGraph(model, { ...(filter as GraphFilter), ...(at ? { at } : {}) }, boundary) as never);
}

/** The store's clashes for the month a day cuts through, when the months in memory cannot answer it exactly. */
export async function boundaryAt(
  model: ReadModel,
  store: Pick<Store, "deriveClashes">,
  at: string,
): Promise<Clash[] | undefined> {
  const { lo, hi } = windowOf({ at });
  return needsBoundary(model, lo, hi) ? boundaryClashes(store, lo, hi) : undefined;
}

/** One task's answer (what the route sends). */
export function runAnalyticsTask(model: ReadModel, task: AnalyticsTask): unknown {
  const { filter } = task;
  switch (task.name) {
    case "balance":
    case "blocs":
    case "centrality": {
      const graph = graphOf(model, filter, task.at, task.boundary);
      const base = { at: task.at, ...signOptions(filter) };
      if (task.name === "balance") return structuralBalance(graph, { ...base, limit: task.limit });
      if (task.name === "blocs") return findBlocs(graph, { ...base, k: task.k });
      return centrality(graph, { ...base, top: task.top });
    }
    case "series":
      return balanceSeries(graphOf(model, filter), {
        ...(task.from ? { from: task.from } : {}),
        ...(task.to ? { to: task.to } : {}),
        ...signOptions(filter),
        graphAt: (day) => graphOf(model, filter, day),
      });
    case "diff": {
      const gFrom = graphOf(model, filter, task.from, task.boundaries.from);
      const gTo = graphOf(model, filter, task.to, task.boundaries.to);
      return diffNetworks(graphOf(model, filter), {
        from: task.from,
        to: task.to,
        top: task.top,
        ...signOptions(filter),
        graphAt: (day) => (day === task.from ? gFrom : gTo),
      });
    }
  }
}

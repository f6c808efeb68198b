// /api/analytics/*: signed-network balance, blocs, brokers/communities, the balance series and the change between dates.
// Each route builds the as-of graph from the read model (same filters as /api/graph) and runs server/analytics on it.
import Graph from "graphology";
import type { AbstractGraph } from "graphology-types";
import { z } from "zod";
import { balanceSeries, centrality, diffNetworks, findBlocs, structuralBalance } from "../../analytics/index.js";
import { PartialDateSchema } from "../../domain/index.js";
import { buildGraph, graphOf as graphOfStore, type GraphFilter } from "../../services/graph.js";
import type { ReadModel } from "../../services/read-model.js";
import type { AppContext } from "../context.js";
import { q, type DefineRoute } from "../define-route.js";
import { GraphQuerySchema } from "./core.js";

const FilterSchema = GraphQuerySchema.pick({ types: true, kinds: true, countries: true, confidence: true }).extend({
  /** Count alleged and disputed alliances as alignment (default: only confirmed and probable ones). */
  uncertainAlliances: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});
type Filter = z.infer<typeof FilterSchema>;
const AtQuery = FilterSchema.extend({ at: PartialDateSchema.optional() }).strict();

const Share = z.number().min(0).max(1).nullable();
const Sign = z.union([z.literal(1), z.literal(-1)]);

const BalanceResponse = z.object({
  at: z.string(),
  nodes: z.number(),
  edges: z.number(),
  positiveEdges: z.number(),
  negativeEdges: z.number(),
  triads: z.number(),
  byPattern: z.record(z.string(), z.number()),
  balancedShare: Share,
  weaklyBalancedShare: Share,
  unbalanced: z.array(
    z.object({
      nodes: z.array(z.string()),
      pattern: z.enum(["++-", "---"]),
      pivot: z.string().optional(),
      enemies: z.array(z.string()).optional(),
      strength: z.number(),
    }),
  ),
  unbalancedTotal: z.number(),
});

const BlocsResponse = z.object({
  at: z.string(),
  k: z.number(),
  weighted: z.boolean(),
  method: z.enum(["exact", "heuristic", "mixed", "none"]),
  frustration: z.number(),
  frustratedTies: z.number(),
  frustratedShare: Share,
  blocs: z.array(z.object({ id: z.number(), component: z.number(), members: z.array(z.string()) })),
  assignment: z.record(z.string(), z.number()),
  isolated: z.array(z.string()),
  components: z.array(
    z.object({
      id: z.number(),
      size: z.number(),
      method: z.string(),
      frustration: z.number(),
      frustratedTies: z.number(),
    }),
  ),
  frustrated: z.array(z.object({ a: z.string(), b: z.string(), sign: Sign, weight: z.number() })),
});

const CentralityResponse = z.object({
  at: z.string(),
  actors: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      betweenness: z.number(),
      positiveBetweenness: z.number(),
      community: z.number().nullable(),
      degree: z.object({
        total: z.number(),
        positive: z.number(),
        negative: z.number(),
        byType: z.record(z.string(), z.number()),
      }),
    }),
  ),
  brokers: z.array(z.object({ id: z.string(), label: z.string(), betweenness: z.number() })),
  communities: z.array(z.object({ id: z.number(), members: z.array(z.string()) })),
  modularity: z.number().nullable(),
});

const SeriesResponse = z.object({
  from: z.string(),
  to: z.string(),
  points: z.array(
    z.object({
      year: z.number(),
      at: z.string(),
      nodes: z.number(),
      edges: z.number(),
      positiveEdges: z.number(),
      negativeEdges: z.number(),
      triads: z.number(),
      balancedShare: Share,
      weaklyBalancedShare: Share,
      unbalanced: z.number(),
      frustration: z.number().nullable(),
      frustratedShare: Share,
      blocs: z.number().nullable(),
    }),
  ),
});

const DiffTie = z.object({
  key: z.string(),
  type: z.string(),
  source: z.string(),
  target: z.string(),
  since: z.string().optional(),
  until: z.string().optional(),
});
const DiffActor = z.object({
  id: z.string(),
  label: z.string(),
  founded: z.string().optional(),
  dissolved: z.string().optional(),
});
const SignedPair = z.object({ sign: Sign, weight: z.number(), types: z.array(z.string()) });
const DiffResponse = z.object({
  from: z.string(),
  to: z.string(),
  actors: z.object({ appeared: z.array(DiffActor), dissolved: z.array(DiffActor) }),
  ties: z.object({ created: z.array(DiffTie), ended: z.array(DiffTie) }),
  flipped: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      before: SignedPair,
      after: SignedPair,
      direction: z.enum(["ally->rival", "rival->ally"]),
    }),
  ),
  balance: z.object({ before: Share, after: Share, delta: z.number().nullable() }),
  frustration: z.object({ before: z.number(), after: z.number(), delta: z.number() }),
  triads: z.object({ before: z.number(), after: z.number() }),
  centrality: z.array(
    z.object({ id: z.string(), label: z.string(), before: z.number(), after: z.number(), delta: z.number() }),
  ),
});

const DEFAULT_SERIES_YEARS = 30;

/** Results per read model: the model is rebuilt after every load, which drops its cache with it. */
const caches = new WeakMap<ReadModel, Map<string, unknown>>();
function cached<T>(model: ReadModel, key: string, compute: () => T): T {
  let cache = caches.get(model);
  if (!cache) caches.set(model, (cache = new Map()));
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  if (cache.size >= 64) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/** The signed-network options a request sets. */
const signOptions = (filter: Filter) => ({ uncertainAlliances: filter.uncertainAlliances ?? false });

function graphOf(model: ReadModel, filter: Filter, at?: string): AbstractGraph {
  return Graph.from(buildGraph(model, { ...(filter as GraphFilter), ...(at ? { at } : {}) }) as never);
}

/** The graph as of a day, with the store's answer for a month the day cuts through (see services/graph.ts). */
async function graphAtDay(ctx: AppContext, model: ReadModel, filter: Filter, at: string): Promise<AbstractGraph> {
  return Graph.from((await graphOfStore(model, ctx.store, { ...(filter as GraphFilter), at })) as never);
}

/** The default as-of date: the latest date in the data (deterministic; never the wall clock). */
function latest(model: ReadModel): string {
  return model.range.max ?? "9999-12-31";
}

/** An analysis of the graph as of a date (the latest in the data by default), cached per read model. */
async function asOf<T>(
  ctx: AppContext,
  name: string,
  at: string | undefined,
  option: number,
  filter: Filter,
  compute: (graph: AbstractGraph, day: string) => T,
): Promise<T> {
  const model = await ctx.model.get();
  const day = at ?? latest(model);
  const key = `${name}|${day}|${option}|${JSON.stringify(filter)}`;
  const hit = caches.get(model)?.get(key);
  if (hit !== undefined) return hit as T;
  const graph = await graphAtDay(ctx, model, filter, day);
  return cached(model, key, () => compute(graph, day));
}

export function registerAnalyticsRoutes(define: DefineRoute, ctx: AppContext): void {
  define({
    method: "get",
    path: "/analytics/balance",
    summary: "Structural balance of the signed network as of a date: triads, balanced share, unbalanced triads",
    tags: ["analytics"],
    query: AtQuery.extend({ limit: q.int(200, 0, 5000) }),
    response: BalanceResponse,
    handler: ({ query: { at, limit, ...filter } }) =>
      asOf(ctx, "balance", at, limit, filter, (graph, day) =>
        structuralBalance(graph, { at: day, limit, ...signOptions(filter) }),
      ),
  });

  define({
    method: "get",
    path: "/analytics/blocs",
    summary: "The split into at most k blocs that minimises frustration, as of a date",
    tags: ["analytics"],
    query: AtQuery.extend({ k: q.int(2, 1, 6) }),
    response: BlocsResponse,
    handler: ({ query: { at, k, ...filter } }) =>
      asOf(ctx, "blocs", at, k, filter, (graph, day) => findBlocs(graph, { at: day, k, ...signOptions(filter) })),
  });

  define({
    method: "get",
    path: "/analytics/centrality",
    summary:
      "Brokers (betweenness), Louvain communities on positive ties and degree by relationship type, as of a date",
    tags: ["analytics"],
    query: AtQuery.extend({ top: q.int(10, 1, 100) }),
    response: CentralityResponse,
    handler: ({ query: { at, top, ...filter } }) =>
      asOf(ctx, "centrality", at, top, filter, (graph, day) =>
        centrality(graph, { at: day, top, ...signOptions(filter) }),
      ),
  });

  define({
    method: "get",
    path: "/analytics/series",
    summary:
      "Balance, frustration and bloc count per year (as of 31 December); by default the last 30 years of the data",
    tags: ["analytics"],
    query: FilterSchema.extend({ from: PartialDateSchema.optional(), to: PartialDateSchema.optional() }).strict(),
    response: SeriesResponse,
    handler: async ({ query: { from, to, ...filter } }) => {
      const model = await ctx.model.get();
      // Imported datasets can reach back decades; one point per year costs one as-of graph, so bound the default.
      const last = to ?? model.range.max ?? undefined;
      const first =
        from ??
        (model.range.min && last
          ? String(
              Math.min(
                Number(last.slice(0, 4)),
                Math.max(Number(model.range.min.slice(0, 4)), Number(last.slice(0, 4)) - DEFAULT_SERIES_YEARS + 1),
              ),
            )
          : undefined);
      return cached(model, `series|${first}|${last}|${JSON.stringify(filter)}`, () =>
        balanceSeries(graphOf(model, filter), {
          ...(first ? { from: first } : {}),
          ...(last ? { to: last } : {}),
          ...signOptions(filter),
          graphAt: (day) => graphOf(model, filter, day),
        }),
      );
    },
  });

  define({
    method: "get",
    path: "/analytics/diff",
    summary: "What changed between two dates: actors, ties, flips (ally to rival), balance and centrality deltas",
    tags: ["analytics"],
    query: FilterSchema.extend({ from: PartialDateSchema, to: PartialDateSchema, top: q.int(10, 1, 100) }).strict(),
    response: DiffResponse,
    handler: async ({ query: { from, to, top, ...filter } }) => {
      const model = await ctx.model.get();
      const [gFrom, gTo] = [await graphAtDay(ctx, model, filter, from), await graphAtDay(ctx, model, filter, to)];
      return cached(model, `diff|${from}|${to}|${top}|${JSON.stringify(filter)}`, () =>
        diffNetworks(graphOf(model, filter), {
          from,
          to,
          top,
          ...signOptions(filter),
          graphAt: (day) => (day === from ? gFrom : gTo),
        }),
      );
    },
  });
}

// /api/analytics/*: signed-network balance, blocs, brokers/communities, the balance series and the change between dates.
// Each route builds the as-of graph from the read model (same filters as /api/graph) and runs server/analytics on it,
// in a worker thread (services/analytics-pool.ts): the event loop stays free for other requests meanwhile.
import { z } from "zod";
import { PartialDateSchema } from "../../domain/index.js";
import { createAnalyticsPool } from "../../services/analytics-pool.js";
import { boundaryAt, type AnalyticsTask } from "../../services/analytics-tasks.js";
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

/** Answers per read model (a write gives a new model, which drops its cache with it); a task in flight is shared. */
const caches = new WeakMap<ReadModel, Map<string, Promise<unknown>>>();
function cached<T>(model: ReadModel, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(model);
  if (!cache) caches.set(model, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit as Promise<T>;
  const value = compute();
  if (cache.size >= 64) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  value.catch(() => cache.get(key) === value && cache.delete(key));
  return value;
}

/** The default as-of date: the latest date in the data (deterministic; never the wall clock). */
function latest(model: ReadModel): string {
  return model.range.max ?? "9999-12-31";
}

export function registerAnalyticsRoutes(define: DefineRoute, ctx: AppContext): void {
  // Every analysis runs in a worker thread: the event loop only reads the store's boundary months and sends the task.
  // The queue holds what one explorer asks at once (the Analysis tab sends four analyses, the page a series) for
  // several clients: a page's own requests must not meet 503; past 32 waiting, server_busy (bounded).
  const pool = createAnalyticsPool({
    timeoutMs: ctx.config.ANALYTICS_TIMEOUT_MS,
    nice: ctx.config.WORKER_NICE,
    queue: 32,
  });

  /** An analysis of the graph as of a date (the latest in the data by default), cached per read model. */
  async function asOf(
    name: "balance" | "blocs" | "centrality",
    at: string | undefined,
    option: number,
    filter: Filter,
  ): Promise<unknown> {
    const model = await ctx.model.get();
    const day = at ?? latest(model);
    return cached(model, `${name}|${day}|${option}|${JSON.stringify(filter)}`, async () => {
      const boundary = await boundaryAt(model, ctx.store, day);
      const base = { at: day, filter, ...(boundary ? { boundary } : {}) };
      const task: AnalyticsTask =
        name === "balance"
          ? { name, ...base, limit: option }
          : name === "blocs"
            ? { name, ...base, k: option }
            : { name, ...base, top: option };
      return pool.run(model, task);
    });
  }

  define({
    method: "get",
    path: "/analytics/balance",
    summary: "Structural balance of the signed network as of a date: triads, balanced share, unbalanced triads",
    tags: ["analytics"],
    query: AtQuery.extend({ limit: q.int(200, 0, 5000) }),
    response: BalanceResponse,
    handler: ({ query: { at, limit, ...filter } }) => asOf("balance", at, limit, filter),
  });

  define({
    method: "get",
    path: "/analytics/blocs",
    summary: "The split into at most k blocs that minimises frustration, as of a date",
    tags: ["analytics"],
    query: AtQuery.extend({ k: q.int(2, 1, 6) }),
    response: BlocsResponse,
    handler: ({ query: { at, k, ...filter } }) => asOf("blocs", at, k, filter),
  });

  define({
    method: "get",
    path: "/analytics/centrality",
    summary:
      "Brokers (betweenness), Louvain communities on positive ties and degree by relationship type, as of a date",
    tags: ["analytics"],
    query: AtQuery.extend({ top: q.int(10, 1, 100) }),
    response: CentralityResponse,
    handler: ({ query: { at, top, ...filter } }) => asOf("centrality", at, top, filter),
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
      // Every point is as of 31 December, a month's last day: the months in memory answer it, no store read.
      return cached(model, `series|${first}|${last}|${JSON.stringify(filter)}`, () =>
        pool.run(model, {
          name: "series",
          filter,
          ...(first ? { from: first } : {}),
          ...(last ? { to: last } : {}),
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
      return cached(model, `diff|${from}|${to}|${top}|${JSON.stringify(filter)}`, async () => {
        const [bFrom, bTo] = [await boundaryAt(model, ctx.store, from), await boundaryAt(model, ctx.store, to)];
        return pool.run(model, {
          name: "diff",
          from,
          to,
          top,
          filter,
          boundaries: { ...(bFrom ? { from: bFrom } : {}), ...(bTo ? { to: bTo } : {}) },
        });
      });
    },
  });
}

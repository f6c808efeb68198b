// The core read API: health, actors, search, graph, paths, events, sources (PRODUCT.md "API contract").
import { z } from "zod";
import {
  ACTOR_KINDS,
  CONFIDENCES,
  GRAPH_EDGE_TYPES,
  InvalidInputError,
  NotFoundError,
  PartialDateSchema,
  IdSchema,
} from "../../domain/index.js";
import { actorDetail, listActors, listEvents } from "../../services/actors.js";
import { graphOf, shortestPaths, type GraphFilter, type SerializedGraph } from "../../services/graph.js";
import { createSearchIndex, type SearchKey } from "../../services/search.js";
import type { ReadModel } from "../../services/read-model.js";
import type { Store } from "../../store/port.js";
import type { AppContext } from "../context.js";
import { q, type DefineRoute } from "../define-route.js";
import { canonicalKey, sendModelAnswer } from "../model-answers.js";

export const GraphQuerySchema = z
  .object({
    at: PartialDateSchema.optional(),
    from: PartialDateSchema.optional(),
    to: PartialDateSchema.optional(),
    types: q.list(GRAPH_EDGE_TYPES),
    kinds: q.list(ACTOR_KINDS),
    countries: z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim().toUpperCase())
          .filter(Boolean),
      )
      .optional(),
    confidence: q.list(CONFIDENCES),
    actor: IdSchema.optional(),
    depth: z.coerce.number().int().min(0).max(6).optional(),
    provisional: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
  })
  .strict();
export type GraphQuery = z.infer<typeof GraphQuerySchema>;

export function graphFor(model: ReadModel, store: Store, query: GraphQuery): Promise<SerializedGraph> {
  if (query.actor && !model.actors.has(query.actor)) throw new NotFoundError(`no actor with id '${query.actor}'`);
  return graphOf(model, store, query as GraphFilter);
}

const searchIndexes = new WeakMap<ReadModel, ReturnType<typeof createSearchIndex>>();
export function searchIndexOf(model: ReadModel) {
  let idx = searchIndexes.get(model);
  if (!idx) {
    idx = createSearchIndex([...model.actors.values()]);
    searchIndexes.set(model, idx);
  }
  return idx;
}

/** An opaque search cursor: the last match's place in the ranking. */
const toSearchCursor = (k: SearchKey) => Buffer.from(JSON.stringify(k)).toString("base64url");
function fromSearchCursor(cursor: string): SearchKey {
  try {
    const k = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(k) &&
      k.length === 4 &&
      typeof k[0] === "number" &&
      (k[1] === 0 || k[1] === 1) &&
      typeof k[2] === "string" &&
      typeof k[3] === "string"
    )
      return k as SearchKey;
  } catch {
    // falls through
  }
  throw new InvalidInputError("cursor: not a cursor this API gave out");
}

/** `minLon,minLat,maxLon,maxLat` in degrees. */
export const BboxSchema = z
  .string()
  .transform((s) => s.split(",").map(Number))
  .pipe(
    z.tuple([
      z.number().min(-180).max(180),
      z.number().min(-90).max(90),
      z.number().min(-180).max(180),
      z.number().min(-90).max(90),
    ]),
  );

const PathsQuerySchema = z.object({
  from: IdSchema,
  to: IdSchema,
  maxHops: q.int(6, 1, 10),
  at: PartialDateSchema.optional(),
  types: q.list(GRAPH_EDGE_TYPES),
});

/** Shortest paths between two actors, each as a graph. */
async function pathsAnswer(model: ReadModel, store: Store, query: z.infer<typeof PathsQuerySchema>) {
  for (const id of [query.from, query.to])
    if (!model.actors.has(id)) throw new NotFoundError(`no actor with id '${id}'`);
  const graph = await graphOf(model, store, { at: query.at, types: query.types });
  const paths = shortestPaths(graph, query.from, query.to, query.maxHops);
  const edgeByKey = new Map(graph.edges.map((e) => [e.key, e]));
  const nodeByKey = new Map(graph.nodes.map((n) => [n.key, n]));
  return {
    from: query.from,
    to: query.to,
    hops: paths[0]?.length ?? null,
    paths: paths.map((keys) => {
      const edges = keys.map((k) => edgeByKey.get(k)!);
      const ids = new Set(edges.flatMap((e) => [e.source, e.target]));
      return {
        ...graph,
        attributes: { ...graph.attributes, hops: keys.length },
        nodes: [...ids].sort().map((id) => nodeByKey.get(id)!),
        edges,
      };
    }),
  };
}

const HealthSchema = z.object({
  status: z.literal("ok"),
  store: z.enum(["embedded", "neo4j"]),
  counts: z.object({
    actors: z.number(),
    relationships: z.number(),
    events: z.number(),
    places: z.number(),
    sources: z.number(),
    clashes: z.number(),
  }),
  /** The read model the counts come from: bumped by every committed write. */
  version: z.number(),
  /** The store's liveness: its engine's state and the last background ping, with its age. */
  engine: z.object({
    state: z.string(),
    ping: z.object({ ok: z.boolean(), ms: z.number(), ageMs: z.number() }).nullable(),
    checking: z.boolean(),
  }),
  /**
   * How long ago (ms) the app gave this answer: under `npm start` the front thread answers health from the app's last
   * answer (server/http/front.ts); absent when the app answers itself.
   */
  ageMs: z.number().optional(),
});

export function registerCoreRoutes(define: DefineRoute, ctx: AppContext): void {
  define({
    method: "get",
    path: "/health",
    summary:
      "Store kind, counts (from the server's memory, current with every commit) and the store's liveness (last ping and its age)",
    tags: ["meta"],
    response: HealthSchema,
    // From memory only: the read model's counts (kept by each commit) and the last background ping. Nothing here
    // waits for the store, so that health answers whatever the store is busy with.
    handler: async () => {
      const engine = ctx.liveness.check();
      const model = await ctx.model.get();
      return {
        status: "ok",
        store: ctx.store.engine,
        counts: {
          actors: model.actors.size,
          relationships: model.relationships.size,
          events: model.counts.events,
          places: model.counts.places,
          sources: model.counts.sources,
          clashes: model.clashes.size,
        },
        version: model.version,
        engine,
      };
    },
  });

  define({
    method: "get",
    path: "/actors",
    summary: "List actors (filter by name/alias, kind, country; cursor pagination)",
    tags: ["actors"],
    query: z.object({
      q: z.string().max(200).optional(),
      kind: z.enum(ACTOR_KINDS).optional(),
      country: z
        .string()
        .regex(/^[A-Za-z]{3}$/)
        .transform((s) => s.toUpperCase())
        .optional(),
      limit: q.int(50, 1, 500),
      cursor: z.string().max(200).optional(),
    }),
    handler: async ({ query }) => listActors(await ctx.model.get(), query),
  });

  define({
    method: "get",
    path: "/actors/:id",
    summary:
      "One actor with its relationships, sources, clash aggregates, event totals by year and by opponent, and the first " +
      "page of its events (latest first; more with /api/events?actor=…&order=desc&cursor=eventsPage.nextCursor)",
    tags: ["actors"],
    params: z.object({ id: IdSchema }),
    query: z.object({ limit: q.int(20, 1, 200) }),
    handler: async ({ params, query }, { req, res }) => {
      const model = await ctx.model.get();
      await sendModelAnswer(req, res, model, canonicalKey(`actor/${params.id}`, query), () =>
        actorDetail(model, ctx.store, params.id, { limit: query.limit }),
      );
    },
  });

  define({
    method: "get",
    path: "/search",
    summary:
      "Alias-aware actor search (accent- and case-insensitive); each match names the alias that matched. Best first, " +
      "a page at a time: pass nextCursor back as cursor for the next matches",
    tags: ["actors"],
    query: z.object({
      q: z.string().min(1).max(200),
      limit: q.int(10, 1, 50),
      cursor: z.string().max(500).optional(),
    }),
    handler: async ({ query }, { req, res }) => {
      const model = await ctx.model.get();
      await sendModelAnswer(req, res, model, canonicalKey("search", query), () => {
        const page = searchIndexOf(model).page(
          query.q,
          query.limit,
          query.cursor ? fromSearchCursor(query.cursor) : undefined,
        );
        return { query: query.q, items: page.items, nextCursor: page.next ? toSearchCursor(page.next) : null };
      });
    },
  });

  define({
    method: "get",
    path: "/graph",
    summary: "The actor network (graphology serialization), as of a date or over a window, filtered",
    tags: ["graph"],
    query: GraphQuerySchema,
    // The read model is immutable between loads, so the serialized (and gzipped) answer is reused for the same query.
    handler: async ({ query }, { req, res }) => {
      const model = await ctx.model.get();
      await sendModelAnswer(req, res, model, canonicalKey("graph", query), () => graphFor(model, ctx.store, query));
    },
  });

  define({
    method: "get",
    path: "/paths",
    summary: "Shortest paths between two actors, each as a graph",
    tags: ["graph"],
    query: PathsQuerySchema,
    handler: async ({ query }, { req, res }) => {
      const model = await ctx.model.get();
      await sendModelAnswer(req, res, model, canonicalKey("paths", query), () => pathsAnswer(model, ctx.store, query));
    },
  });

  define({
    method: "get",
    path: "/events",
    summary:
      "Events by actor (and opponent: one clash's events), date window and bounding box, a page at a time (keyset " +
      "cursor: pass nextCursor back as cursor)",
    tags: ["events"],
    query: z.object({
      actor: IdSchema.optional(),
      opponent: IdSchema.optional(),
      from: PartialDateSchema.optional(),
      to: PartialDateSchema.optional(),
      bbox: BboxSchema.optional(),
      order: z.enum(["asc", "desc"]).default("asc"),
      limit: q.int(100, 1, 500),
      cursor: z.string().max(500).optional(),
    }),
    handler: async ({ query }, { req, res }) => {
      const model = await ctx.model.get();
      await sendModelAnswer(req, res, model, canonicalKey("events", query), () => listEvents(model, ctx.store, query));
    },
  });

  define({
    method: "get",
    path: "/sources",
    summary: "Sources by id, a page at a time (pass nextCursor back as cursor)",
    tags: ["sources"],
    query: z.object({ limit: q.int(100, 1, 1000), cursor: z.string().max(500).optional() }),
    handler: async ({ query }) => {
      const page = await ctx.store.readSources({
        limit: query.limit,
        ...(query.cursor ? { after: query.cursor } : {}),
      });
      return { items: page.items, nextCursor: page.next };
    },
  });
}

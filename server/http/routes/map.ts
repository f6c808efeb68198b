// The map's reads: compact event points (a store query, capped, never whole events) and one event with its sources
// and actors (what a click on a point shows).
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { z } from "zod";
import { EVENT_POINTS_MAX, EVENT_TYPES, IdSchema, NotFoundError, PartialDateSchema } from "../../domain/index.js";
import { eventViews } from "../../services/actors.js";
import type { ReadModel } from "../../services/read-model.js";
import type { AppContext } from "../context.js";
import { q, type DefineRoute } from "../define-route.js";
import { BboxSchema } from "./core.js";

const gzipAsync = promisify(gzip);

/**
 * Answers per read model: a new one is built after every write, so an answer never outlives the data it was read
 * from. Opening the map, moving the slider back and forth and reloading ask the same few queries.
 */
const answers = new WeakMap<ReadModel, Map<string, Promise<{ raw: Buffer; gzip: Buffer }>>>();
const ANSWERS_KEPT = 16;

/** The most points one answer holds (domain constants: the map client knows it too). */
export const POINTS_MAX = EVENT_POINTS_MAX;

const MapSettingsSchema = z.object({
  tiles: z.object({ url: z.string(), attribution: z.string() }).nullable(),
});

export const EventPointsQuerySchema = z
  .object({
    from: PartialDateSchema.optional(),
    to: PartialDateSchema.optional(),
    actor: IdSchema.optional(),
    types: q.list(EVENT_TYPES),
    bbox: BboxSchema.optional(),
    limit: q.int(POINTS_MAX, 1, POINTS_MAX),
  })
  .strict();

const EventPointsSchema = z.object({
  types: z.array(z.enum(EVENT_TYPES)),
  events: z.object({
    id: z.array(z.string()),
    date: z.array(z.string()),
    type: z.array(z.number().int()).describe("index into types"),
    fatalities: z.array(z.number().int().nullable()).describe("best estimate; null when not reported"),
    place: z.array(z.number().int()).describe("index into places; -1 when the event has no place"),
    actors: z.array(z.array(z.number().int())).describe("indexes into actors"),
  }),
  places: z.object({
    id: z.array(z.string()),
    name: z.array(z.string()),
    lat: z.array(z.number().nullable()),
    lon: z.array(z.number().nullable()),
    approx: z.array(z.boolean()).describe("the coordinates are those of the nearest located parent place"),
    region: z.array(z.string().nullable()),
    country: z.array(z.string().nullable()),
  }),
  actors: z.array(z.string()),
  truncated: z.boolean(),
  limit: z.number().int(),
});

export function registerMapRoutes(define: DefineRoute, ctx: AppContext): void {
  define({
    method: "get",
    path: "/events/points",
    summary:
      "Event points for the map, as columns (oldest first): ids, dates, type codes, fatalities (null when unknown), " +
      `places with coordinates, actor ids; at most limit (≤ ${POINTS_MAX}), truncated when more matched`,
    tags: ["events"],
    query: EventPointsQuerySchema,
    response: EventPointsSchema,
    handler: async ({ query }, { req, res }) => {
      const model = await ctx.model.get();
      let cache = answers.get(model);
      if (!cache) answers.set(model, (cache = new Map()));
      const key = JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1)));
      let answer = cache.get(key);
      if (!answer) {
        answer = ctx.store.eventPoints(query).then(async (points) => {
          const raw = Buffer.from(JSON.stringify(points));
          return { raw, gzip: await gzipAsync(raw, { level: 1 }) };
        });
        // A failed read is not kept: the next request asks the store again.
        answer.catch(() => cache!.delete(key));
        if (cache.size >= ANSWERS_KEPT) cache.delete(cache.keys().next().value!);
        cache.set(key, answer);
      }
      const { raw, gzip: zipped } = await answer;
      res.type("application/json");
      res.setHeader("Vary", "Accept-Encoding");
      if (/\bgzip\b/.test(req.get("accept-encoding") ?? "")) {
        res.setHeader("Content-Encoding", "gzip");
        res.send(zipped);
      } else res.send(raw);
    },
  });

  define({
    method: "get",
    path: "/events/:id",
    summary: "One event with its place (and the place's hierarchy), participants, claims and cited sources",
    tags: ["events"],
    params: z.object({ id: IdSchema }),
    handler: async ({ params }) => {
      const model = await ctx.model.get();
      const [event] = (await ctx.store.readByIds({ events: [params.id] })).events;
      if (!event) throw new NotFoundError(`no event with id '${params.id}'`);
      const [view] = await eventViews(model, ctx.store, [event]);
      const ids = [...event.sources.map((s) => s.sourceId), ...event.claims.map((c) => c.sourceId)];
      const cited = (await ctx.store.readByIds({ sources: ids })).sources;
      return { ...view, cited };
    },
  });

  define({
    method: "get",
    path: "/map/settings",
    summary:
      "The map's base layers: the offline one shipped with the app, and an online raster layer when the server " +
      "configures one (MAP_TILES_URL), with its attribution",
    tags: ["events"],
    response: MapSettingsSchema,
    handler: () => ({
      tiles: ctx.config.MAP_TILES_URL
        ? {
            url: ctx.config.MAP_TILES_URL,
            attribution:
              ctx.config.MAP_TILES_ATTRIBUTION ??
              `Map tiles: ${new URL(ctx.config.MAP_TILES_URL.replace(/[{}]/g, "")).host}`,
          }
        : null,
    }),
  });
}

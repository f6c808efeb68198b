// The map's reads: compact event points (a store query, capped, never whole events) and one event with its sources
// and actors (what a click on a point shows).
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { z } from "zod";
import { EVENT_TYPES, IdSchema, NotFoundError, PartialDateSchema, type Source } from "../../domain/index.js";
import { eventView } from "../../services/actors.js";
import type { AppContext } from "../context.js";
import { q, type DefineRoute } from "../define-route.js";
import { BboxSchema } from "./core.js";

const gzipAsync = promisify(gzip);

/** The most points one answer holds (about 5 MB of JSON, 1.3 MB gzipped, at 100k generated events). */
export const POINTS_MAX = 100_000;

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
      const points = await ctx.store.eventPoints(query);
      const raw = Buffer.from(JSON.stringify(points));
      res.type("application/json");
      res.setHeader("Vary", "Accept-Encoding");
      if (/\bgzip\b/.test(req.get("accept-encoding") ?? "")) {
        res.setHeader("Content-Encoding", "gzip");
        res.send(await gzipAsync(raw, { level: 1 }));
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
      const event = model.events.get(params.id);
      if (!event) throw new NotFoundError(`no event with id '${params.id}'`);
      const cited = new Map<string, Source>();
      return {
        ...eventView(model, event, cited),
        cited: [...cited.values()].sort((a, b) => a.id.localeCompare(b.id)),
      };
    },
  });
}

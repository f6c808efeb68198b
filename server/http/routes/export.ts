// /api/export: any graph filter of /api/graph (GET) or a posted graph (POST, e.g. a Cypher result or the explorer's
// current view with its positions) as a file download in any export format.
import type { ExportFile } from "../../export/index.js";
import { createExportPool } from "../../export/pool.js";
import { ExportBodySchema, FormatSchema, TitleSchema } from "../../export/request.js";
import type { AppContext } from "../context.js";
import type { DefineRoute } from "../define-route.js";
import { rawJsonBody } from "../json-body.js";
import { GraphQuerySchema, graphFor, type GraphQuery } from "./core.js";

export { ExportBodySchema };

export const ExportQuerySchema = GraphQuerySchema.extend({
  format: FormatSchema,
  title: TitleSchema.optional(),
}).strict();

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266), ASCII fallback first. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function send(res: import("express").Response, file: ExportFile): void {
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Disposition", contentDisposition(file.filename));
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Hash", `sha256:${file.manifest.contentHash}`);
  res.send(typeof file.body === "string" ? Buffer.from(file.body, "utf8") : file.body);
}

/** The request as a reproducible URL: only the parameters that were given, in a fixed order. */
function exportUrl(raw: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(raw).sort()) {
    const v = raw[key];
    if (typeof v === "string") params.set(key, v);
  }
  return `/api/export?${params.toString()}`;
}

export function registerExportRoutes(define: DefineRoute, ctx: AppContext): void {
  const pool = createExportPool({
    timeoutMs: ctx.config.EXPORT_TIMEOUT_MS,
    nice: ctx.config.WORKER_NICE,
    maxEvents: ctx.config.EXPORT_MAX_EVENTS,
  });

  define({
    method: "get",
    path: "/export",
    summary:
      "Export a filtered graph (the filters of /api/graph) as json, gexf, graphml, csv (zip), html or md report, or svg",
    tags: ["export"],
    query: ExportQuerySchema,
    produces: "application/octet-stream",
    handler: async ({ query }, { req, res }) => {
      const model = await ctx.model.get();
      const { format, title, ...graphQuery } = query;
      const graph = await graphFor(model, ctx.store, graphQuery as GraphQuery);
      const file = await pool.build(model, ctx.store, graph, {
        format,
        title,
        filters: graphQuery as Record<string, unknown>,
        query: exportUrl(req.query as Record<string, unknown>),
      });
      send(res, file);
    },
  });

  define(
    {
      method: "post",
      path: "/export",
      summary:
        "Export a posted graph (e.g. a Cypher result or the explorer's view with positions) or a filter as a file",
      tags: ["export"],
      body: ExportBodySchema,
      // Parsed and validated by an export worker, off the event loop (a large graph took seconds).
      rawBody: true,
      produces: "application/octet-stream",
      handler: async ({ body }, { res }) => {
        const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        const model = await ctx.model.get();
        const file = await pool.fromBody(model, ctx.store, raw, (filters) =>
          graphFor(model, ctx.store, filters as GraphQuery),
        );
        send(res, file);
      },
    },
    rawJsonBody(ctx.config),
  );
}

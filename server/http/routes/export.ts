// /api/export: any graph filter of /api/graph (GET) or a posted graph (POST, e.g. a Cypher result or the explorer's
// current view with its positions) as a file download in any export format.
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream";
import type { Request, Response } from "express";
import { createExportPool, type BuiltExport } from "../../export/pool.js";
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

/** Sends a built export's file with its headers, then removes it (sent, or the client gone). */
function send(res: Response, file: BuiltExport): Promise<void> {
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Disposition", contentDisposition(file.filename));
  res.setHeader("Content-Length", String(file.size));
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Hash", `sha256:${file.manifest.contentHash}`);
  return new Promise((resolve) =>
    pipeline(createReadStream(file.path), res, () => {
      file.dispose();
      resolve();
    }),
  );
}

/** Aborted when the client goes before its file was sent: the export is then given up (no further store read). */
function clientGone(req: Request, res: Response): AbortSignal {
  const gone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) gone.abort(new Error(`the client of ${req.method} ${req.path} left`));
  });
  return gone.signal;
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
      const options = {
        format,
        title,
        filters: graphQuery as Record<string, unknown>,
        query: exportUrl(req.query as Record<string, unknown>),
      };
      await send(res, await pool.build(model, ctx.store, graph, options, clientGone(req, res)));
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
      handler: async ({ body }, { req, res }) => {
        const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        const model = await ctx.model.get();
        const graphOf = (filters: Record<string, unknown>) => graphFor(model, ctx.store, filters as GraphQuery);
        await send(res, await pool.fromBody(model, ctx.store, raw, graphOf, clientGone(req, res)));
      },
    },
    rawJsonBody(ctx.config),
  );
}

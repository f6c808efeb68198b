// /api/export: any graph filter of /api/graph (GET) or a posted graph (POST, e.g. a Cypher result or the explorer's
// current view with its positions) as a file download in any export format.
import { z } from "zod";
import {
  ACTOR_KINDS,
  CONFIDENCES,
  GRAPH_EDGE_TYPES,
  IdSchema,
  InvalidInputError,
  PartialDateSchema,
} from "../../domain/index.js";
import { buildExport, EXPORT_FORMATS, type ExportFile } from "../../export/index.js";
import type { SerializedGraph } from "../../services/graph.js";
import type { AppContext } from "../context.js";
import type { DefineRoute } from "../define-route.js";
import { GraphQuerySchema, graphFor, type GraphQuery } from "./core.js";

const FormatSchema = z.enum(EXPORT_FORMATS);
const TitleSchema = z.string().max(300);

export const ExportQuerySchema = GraphQuerySchema.extend({
  format: FormatSchema,
  title: TitleSchema.optional(),
}).strict();

const PositionsSchema = z.record(z.string().max(400), z.object({ x: z.number().finite(), y: z.number().finite() }));

const PostedGraphSchema = z.object({
  attributes: z.record(z.string(), z.unknown()).default({}),
  options: z.unknown().optional(),
  nodes: z
    .array(
      z.object({
        key: z.string().min(1).max(400),
        attributes: z
          .object({
            label: z.string().max(2000).optional(),
            kind: z.string().max(100).optional(),
            countries: z.array(z.string()).optional(),
            aliases: z.array(z.string()).optional(),
            eventCount: z.number().optional(),
          })
          .passthrough()
          .default({}),
      }),
    )
    .max(50_000),
  edges: z
    .array(
      z.object({
        key: z.string().min(1).max(400),
        source: z.string(),
        target: z.string(),
        undirected: z.boolean().default(false),
        attributes: z
          .object({
            type: z.string().max(100),
            sources: z
              .array(z.object({ sourceId: z.string(), quote: z.string().optional() }).passthrough())
              .default([]),
          })
          .passthrough(),
      }),
    )
    .max(200_000),
});

/** The graph filters of /api/graph as a JSON object (same names, lists as arrays). */
const FiltersBodySchema = z
  .object({
    at: PartialDateSchema.optional(),
    from: PartialDateSchema.optional(),
    to: PartialDateSchema.optional(),
    types: z.array(z.enum(GRAPH_EDGE_TYPES)).optional(),
    kinds: z.array(z.enum(ACTOR_KINDS)).optional(),
    countries: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z]{3}$/)
          .transform((s) => s.toUpperCase()),
      )
      .optional(),
    confidence: z.array(z.enum(CONFIDENCES)).optional(),
    actor: IdSchema.optional(),
    depth: z.number().int().min(0).max(6).optional(),
    provisional: z.boolean().optional(),
  })
  .strict();

export const ExportBodySchema = z
  .object({
    format: FormatSchema,
    title: TitleSchema.optional(),
    /** Export exactly this graph (a Cypher result, the explorer's view); otherwise `filters` select it. */
    graph: PostedGraphSchema.optional(),
    filters: FiltersBodySchema.optional(),
    /** Node positions of the caller's picture (used by svg, html, gexf, graphml). */
    positions: PositionsSchema.optional(),
    picture: z
      .object({
        width: z.number().int().min(200).max(4000).optional(),
        height: z.number().int().min(200).max(4000).optional(),
        background: z
          .string()
          .regex(/^#[0-9a-fA-F]{3,8}$|^transparent$/)
          .optional(),
        legend: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Where the graph came from (e.g. the Cypher text), recorded in the manifest. */
    query: z.string().max(20_000).optional(),
  })
  .strict();

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

function checkPostedGraph(graph: z.infer<typeof PostedGraphSchema>): SerializedGraph {
  const keys = new Set(graph.nodes.map((n) => n.key));
  if (keys.size !== graph.nodes.length) throw new InvalidInputError("graph.nodes: duplicate node key");
  const edgeKeys = new Set<string>();
  graph.edges.forEach((e, i) => {
    if (!keys.has(e.source) || !keys.has(e.target)) {
      throw new InvalidInputError(`graph.edges[${i}] (${e.key}) references a node that is not in graph.nodes`);
    }
    if (edgeKeys.has(e.key)) throw new InvalidInputError(`graph.edges[${i}]: duplicate edge key '${e.key}'`);
    edgeKeys.add(e.key);
  });
  return {
    attributes: graph.attributes,
    options: { type: "mixed", multi: true, allowSelfLoops: false },
    nodes: graph.nodes.map((n) => ({
      key: n.key,
      attributes: {
        label: n.key,
        countries: [],
        aliases: [],
        eventCount: 0,
        provisional: false,
        ...n.attributes,
      } as never,
    })),
    edges: graph.edges.map((e) => ({ ...e, attributes: { confidence: "confirmed", ...e.attributes } as never })),
  };
}

export function registerExportRoutes(define: DefineRoute, ctx: AppContext): void {
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
      const graph = graphFor(model, graphQuery as GraphQuery);
      const file = buildExport(model, graph, {
        format,
        title,
        filters: graphQuery as Record<string, unknown>,
        query: exportUrl(req.query as Record<string, unknown>),
      });
      send(res, file);
    },
  });

  define({
    method: "post",
    path: "/export",
    summary: "Export a posted graph (e.g. a Cypher result or the explorer's view with positions) or a filter as a file",
    tags: ["export"],
    body: ExportBodySchema,
    produces: "application/octet-stream",
    handler: async ({ body }, { res }) => {
      const model = await ctx.model.get();
      const filters = (body.filters ?? {}) as Record<string, unknown>;
      const graph = body.graph ? checkPostedGraph(body.graph) : graphFor(model, filters as GraphQuery);
      const file = buildExport(model, graph, {
        format: body.format,
        title: body.title,
        filters: body.graph ? { ...pick(body.graph.attributes), ...filters } : filters,
        query:
          body.query ??
          (body.graph
            ? "POST /api/export (graph supplied by the caller)"
            : `POST /api/export ${JSON.stringify(filters)}`),
        positions: body.positions,
        picture: body.picture,
      });
      send(res, file);
    },
  });
}

function pick(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ["at", "from", "to", "actor", "depth"]) if (attrs[k] !== undefined) out[k] = attrs[k];
  return out;
}

// What POST /api/export takes: its body schema and the check of a posted graph. Shared by the route (OpenAPI) and the
// export workers, which parse and check large bodies off the event loop (server/export/pool.ts).
import { z } from "zod";
import {
  ACTOR_KINDS,
  COLOR_BY,
  CONFIDENCES,
  GRAPH_EDGE_TYPES,
  IdSchema,
  InvalidInputError,
  PartialDateSchema,
} from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";
import { EXPORT_FORMATS, type ExportRequestOptions } from "./index.js";

export const FormatSchema = z.enum(EXPORT_FORMATS);
export const TitleSchema = z.string().max(300);

const ColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{3,8}$|^rgba?\(\s*[\d.]+\s*(,\s*[\d.]+\s*){2,3}\)$/, "a CSS colour: #rgb, #rrggbb or rgb(a)");
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

/** A PNG as base64 (what the browser draws: MapLibre's canvas), at most MAP_PNG_MAX_BYTES once decoded. */
export const MAP_PNG_MAX_BYTES = 8 * 1024 * 1024;
const PNG_BASE64_PREFIX = "iVBORw0KGgo"; // the PNG signature, 89 50 4E 47 0D 0A 1A 0A, in base64

const MapPictureSchema = z
  .object({
    png: z
      .string()
      .max(Math.ceil(MAP_PNG_MAX_BYTES / 3) * 4, `the map picture is over ${MAP_PNG_MAX_BYTES / 1024 / 1024} MB`)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, "the map picture must be base64")
      .refine((s) => s.startsWith(PNG_BASE64_PREFIX), "the map picture must be a PNG"),
    caption: z.string().min(1).max(400),
    /** What its colours and marks stand for, as the map's legend shows them. */
    legend: z
      .object({
        heading: z.string().min(1).max(100),
        colours: z.array(z.object({ label: z.string().max(200), color: ColorSchema }).strict()).max(40),
        marks: z
          .array(z.object({ mark: z.enum(["size", "ring", "cluster"]), label: z.string().max(200) }).strict())
          .max(10),
      })
      .strict()
      .optional(),
  })
  .strict();

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
        /** The explorer's colouring: by family (default) or kind, or colours per actor with what they stand for. */
        colorBy: z.enum(COLOR_BY).optional(),
        nodeColors: z.record(z.string().max(400), ColorSchema).optional(),
        colorLegend: z
          .array(z.object({ label: z.string().max(200), color: ColorSchema }).strict())
          .max(200)
          .optional(),
      })
      .strict()
      .optional(),
    /** Where the graph came from (e.g. the Cypher text), recorded in the manifest. */
    query: z.string().max(20_000).optional(),
    /** The explorer's map when it is the current view (html and md reports show it beside the network). */
    map: MapPictureSchema.optional(),
  })
  .strict();

export type ExportBody = z.infer<typeof ExportBodySchema>;

export function checkPostedGraph(graph: z.infer<typeof PostedGraphSchema>): SerializedGraph {
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

/** The graph attributes a posted graph may carry as filters (shown in the report and manifest). */
function pick(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ["at", "from", "to", "actor", "depth"]) if (attrs[k] !== undefined) out[k] = attrs[k];
  return out;
}

/** The build options of a POST body (the graph aside). */
export function exportOptionsOf(body: ExportBody): ExportRequestOptions {
  const filters = (body.filters ?? {}) as Record<string, unknown>;
  return {
    format: body.format,
    title: body.title,
    filters: body.graph ? { ...pick(body.graph.attributes), ...filters } : filters,
    query:
      body.query ??
      (body.graph ? "POST /api/export (graph supplied by the caller)" : `POST /api/export ${JSON.stringify(filters)}`),
    positions: body.positions,
    picture: body.picture,
    ...(body.map ? { map: body.map } : {}),
  };
}

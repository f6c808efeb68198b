// The export core: buildExport(model, graph, options) -> one file (name, content type, bytes) in any export format.
// Pure apart from the injected clock; building the file is separate from sending or saving it (route, CLI, browser).
import type { SerializedGraph } from "../services/graph.js";
import type { ReadModel } from "../services/read-model.js";
import { structuralBalanceSection } from "./balance-section.js";
import { csvZip } from "./csv.js";
import { collectExportData, type ExportContent, type ExportData } from "./data.js";
import { writeGexf } from "./gexf.js";
import { writeGraphml } from "./graphml.js";
import type { Positions } from "./layout.js";
import type { Manifest } from "./manifest.js";
import { edgeStyle, kindLabel } from "./palette.js";
import { graphSvg, nodeLook, pictureOf, type PictureLook } from "./picture.js";
import { renderReportHtml, renderReportMarkdown, type MapPicture, type ReportSection } from "./report.js";

export const EXPORT_FORMATS = ["json", "gexf", "graphml", "csv", "html", "md", "svg"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: "application/json; charset=utf-8",
  gexf: "application/gexf+xml; charset=utf-8",
  graphml: "application/graphml+xml; charset=utf-8",
  csv: "application/zip",
  html: "text/html; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  svg: "image/svg+xml; charset=utf-8",
};

const EXTENSIONS: Record<ExportFormat, string> = {
  json: "json",
  gexf: "gexf",
  graphml: "graphml",
  csv: "csv.zip",
  html: "html",
  md: "md",
  svg: "svg",
};

export type ReportSectionProvider = (graph: SerializedGraph) => ReportSection | null;

/** What an export request asks for, before its events and sources are read (crosses to an export worker). */
export type ExportRequestOptions = Omit<ExportOptions, "content">;

export interface ExportOptions {
  format: ExportFormat;
  /** The events and sources to export with the graph (readExportContent reads them from the store). */
  content: ExportContent;
  title?: string;
  /** The filters that produced the graph (as given to /api/graph), shown in the report and the manifest. */
  filters?: Record<string, unknown>;
  /** How to reproduce the export (URL or command line). */
  query?: string;
  /** Node positions from the caller's view (the explorer); otherwise a deterministic layout is computed. */
  positions?: Positions;
  picture?: { width?: number; height?: number; background?: string; legend?: boolean } & PictureLook;
  /** The explorer's map, when it was the current view: a PNG (base64) and its caption; the reports show it. */
  map?: MapPicture;
  /** Injected clock (tests, reproducible builds). */
  now?: Date;
  /** Extra report sections; default: structural balance. */
  sections?: ReportSectionProvider[];
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer | string;
  manifest: Manifest;
}

const FILTER_LABELS: [string, string][] = [
  ["at", "As of"],
  ["from", "From"],
  ["to", "To"],
  ["actor", "Ego network of"],
  ["depth", "Depth"],
  ["types", "Relationship types"],
  ["kinds", "Actor kinds"],
  ["countries", "Countries"],
  ["confidence", "Confidence"],
  ["provisional", "Provisional actors"],
  ["cypher", "Cypher query"],
];

/** Human-readable filters, in a fixed order; ids resolved to names where the model knows them. */
export function describeFilters(model: ReadModel, filters: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, label] of FILTER_LABELS) {
    const v = filters[key];
    if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    let text: string;
    if (key === "actor") {
      const a = model.actors.get(String(v));
      text = a ? `${a.name} (${a.id})` : String(v);
    } else if (key === "types") text = (v as string[]).map((t) => edgeStyle(t).label).join(", ");
    else if (key === "kinds") text = (v as string[]).map(kindLabel).join(", ");
    else if (key === "provisional") text = v ? "included" : "excluded";
    else text = Array.isArray(v) ? v.join(", ") : String(v);
    out.push([label, text]);
  }
  return out;
}

export function defaultTitle(model: ReadModel, filters: Record<string, unknown>): string {
  const actor = typeof filters.actor === "string" ? model.actors.get(filters.actor) : undefined;
  const base = actor ? `${actor.name}: network at depth ${filters.depth ?? 1}` : "Faultlines network";
  const when = filters.at
    ? ` as of ${filters.at}`
    : filters.from || filters.to
      ? `, ${filters.from ?? "…"} to ${filters.to ?? "…"}`
      : "";
  return base + when;
}

export function exportFilename(title: string, format: ExportFormat, now: Date): string {
  const full = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/^faultlines(-|$)/, "");
  // Cut long titles at a word boundary.
  const slug = (full.length > 60 ? full.slice(0, 61).replace(/-[^-]*$/, "") : full) || "export";
  return `faultlines-${slug}-${now.toISOString().slice(0, 10)}.${EXTENSIONS[format]}`;
}

function manifestOf(
  data: ExportData,
  options: ExportOptions,
  title: string,
  filters: Record<string, unknown>,
  now: Date,
): Manifest {
  return {
    tool: "Faultlines",
    format: options.format,
    title,
    query: options.query ?? "",
    filters,
    exportedAt: now.toISOString(),
    counts: {
      actors: data.actors.length,
      relationships: data.graph.edges.length,
      events: data.events.length,
      sources: data.sources.length,
    },
    contentHash: data.contentHash,
  };
}

export function buildExport(model: ReadModel, graph: SerializedGraph, options: ExportOptions): ExportFile {
  if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new TypeError(`export: unknown format '${String(options.format)}'`);
  }
  const now = options.now ?? new Date();
  const filters = options.filters ?? pickGraphFilters(graph.attributes);
  const title = options.title?.trim() || defaultTitle(model, filters);
  const data = collectExportData(model, graph, options.content);
  const manifest = manifestOf(data, options, title, filters, now);
  const filename = exportFilename(title, options.format, now);
  const contentType = CONTENT_TYPES[options.format];
  const { colorBy, nodeColors, colorLegend, ...frame } = options.picture ?? {};
  const look: PictureLook = { colorBy, nodeColors, colorLegend };
  const picture = { width: 960, height: 680, ...frame, look };
  // The picture says what it shows: the date and the filters under its title.
  const subtitle = pictureSubtitle(describeFilters(model, filters));
  const file = (body: Buffer | string): ExportFile => ({ filename, contentType, body, manifest });

  switch (options.format) {
    case "json":
      return file(
        JSON.stringify(
          {
            ...graph,
            attributes: { ...graph.attributes, title },
            sources: data.sources,
            events: data.events,
            manifest,
          },
          null,
          2,
        ) + "\n",
      );
    case "gexf": {
      const positions = filePositions(graph, options.positions);
      return file(writeGexf(graph, { title, date: now.toISOString().slice(0, 10), positions }));
    }
    case "graphml": {
      const positions = filePositions(graph, options.positions);
      return file(writeGraphml(graph, { title, filters, sources: data.sources, positions }));
    }
    case "csv":
      return file(Buffer.from(csvZip(graph, data.events, data.sources, manifest)));
    case "svg":
      return file(graphSvg(graph, { ...picture, title, subtitle, positions: options.positions }));
    case "html":
    case "md": {
      const sections = (options.sections ?? [structuralBalanceSection])
        .map((p) => p(graph))
        .filter((s): s is ReportSection => Boolean(s));
      const described = describeFilters(model, filters);
      const svg = graphSvg(graph, { ...picture, title, subtitle, positions: options.positions });
      const colors = new Map([...nodeLook(graph, look)].map(([k, v]) => [k, v.color]));
      const input = { data, manifest, svg, filters: described, sections, colors, map: options.map };
      return file(options.format === "md" ? renderReportMarkdown(input) : renderReportHtml(input));
    }
  }
}

/** "As of 2022-11-21 · Relationship types: Allied with, Rival of", or "Whole history, no filters". */
export function pictureSubtitle(described: [string, string][]): string {
  return (
    described.map(([k, v]) => (k === "As of" ? `As of ${v}` : `${k}: ${v}`)).join(" · ") || "Whole history, no filters"
  );
}

/** Positions to store in GEXF/GraphML: the caller's, else a computed layout for graphs small enough to lay out quickly. */
function filePositions(graph: SerializedGraph, given?: Positions): Positions | undefined {
  if (given) return given;
  return graph.nodes.length <= 1000 ? pictureOf(graph).positions : undefined;
}

/** Filters recorded in a graph's own attributes (what buildGraph puts there), for graphs that came without them. */
export function pickGraphFilters(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ["at", "from", "to", "actor", "depth"]) if (attributes[k] !== undefined) out[k] = attributes[k];
  return out;
}

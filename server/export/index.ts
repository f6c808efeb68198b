// The export core: createExportWriter(model, graph, options, out, spool) writes one file in any export format to a
// sink, its events given a page at a time; buildExport(model, graph, options) builds a small one in memory the same
// way. Pure apart from the injected clock; building the file is separate from sending or saving it (route, CLI).
import type { Source } from "../domain/index.js";
import type { EventView } from "../services/actors.js";
import type { SerializedGraph } from "../services/graph.js";
import { structuralBalanceSection } from "./balance-section.js";
import { csvZip } from "./csv.js";
import { actorOf, type ActorLookup, type ExportContent } from "./data.js";
import { writeGexf } from "./gexf.js";
import { writeGraphml } from "./graphml.js";
import type { Positions } from "./layout.js";
import { CanonicalHasher, canonicalJson, sha256Hex, type Manifest } from "./manifest.js";
import { edgeStyle, kindLabel } from "./palette.js";
import { graphSvg, nodeLook, pictureOf, type PictureLook } from "./picture.js";
import {
  ClashTallies,
  renderReportHtml,
  renderReportMarkdown,
  reportCites,
  type LineOut,
  type MapPicture,
  type ReportSection,
} from "./report.js";
import { MemorySink, memorySpool, type Sink, type Spool } from "./spool.js";

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

/** The formats that show events (json, csv, the reports); the others show the graph only and read none. */
export const EVENT_FORMATS: readonly ExportFormat[] = ["json", "csv", "html", "md"];

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

/** A file's name, type and manifest: what is known of it once it is written (the body is in the sink). */
export interface ExportHead {
  filename: string;
  contentType: string;
  manifest: Manifest;
}

export interface ExportFile extends ExportHead {
  body: Buffer | string;
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
export function describeFilters(model: ActorLookup, filters: Record<string, unknown>): [string, string][] {
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

export function defaultTitle(model: ActorLookup, filters: Record<string, unknown>): string {
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

/** Writes one export to a sink: its events given a page at a time (add), in order, then its sources (finish). */
export interface ExportWriter {
  /** Whether the file shows events; when it does not, none need be read (add is never called). */
  readonly showsEvents: boolean;
  add(events: EventView[]): void;
  /** Every source the file cites so far, by id: those to read before finish. */
  cited(): string[];
  /** Writes the rest of the file (the cited sources given, by id: ids left out are listed as unknown). */
  finish(sources: Map<string, Source>): ExportHead;
}

/** Lines joined by "\n" as they come. */
function lineOut(out: Sink): LineOut {
  let first = true;
  return (line) => {
    out.write(first ? line : `\n${line}`);
    first = false;
  };
}

/**
 * An export's writer. The file goes to `out` as it is made; what must come later than it is read (the JSON file's
 * events after its sources, a report's timeline after the tables that need every event) goes to `spool` and is read
 * back at the end. The content hash (manifest.contentHash) is the sha256 of the canonical JSON of the graph (without
 * its generation time and title), its actors, the events the file shows and the sources it cites, summed as the
 * events come: the same query on the same data gives the same hash, whatever the format among those that show events.
 */
export function createExportWriter(
  model: ActorLookup,
  graph: SerializedGraph,
  options: ExportRequestOptions,
  out: Sink,
  spool: Spool,
): ExportWriter {
  if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new TypeError(`export: unknown format '${String(options.format)}'`);
  }
  const format = options.format;
  const now = options.now ?? new Date();
  const filters = options.filters ?? pickGraphFilters(graph.attributes);
  const title = options.title?.trim() || defaultTitle(model, filters);
  const filename = exportFilename(title, format, now);
  const contentType = CONTENT_TYPES[format];
  const actors = graph.nodes.map((n) => actorOf(model, n));
  const { generatedAt: _g, title: _t, ...attributes } = graph.attributes;
  const showsEvents = EVENT_FORMATS.includes(format);
  const hasher = showsEvents
    ? new CanonicalHasher({ actors, attributes, edges: graph.edges }, "events", ["nodes", "sources"])
    : null;
  const cited = new Set<string>();
  for (const a of actors) for (const s of a.sources) cited.add(s.sourceId);
  for (const e of graph.edges) for (const s of e.attributes.sources ?? []) cited.add(s.sourceId);
  let count = 0;
  const zip = format === "csv" ? csvZip(graph, out) : null;
  const report =
    format === "html" || format === "md"
      ? { clashes: new ClashTallies(graph), cites: reportCites(graph, actors) }
      : null;

  return {
    showsEvents,
    add(events) {
      if (!showsEvents) throw new Error(`export: a ${format} file shows no events`);
      for (const e of events) {
        hasher!.add(e);
        for (const s of e.sources) cited.add(s.sourceId);
        for (const c of e.claims) cited.add(c.sourceId);
        if (format === "json")
          spool.write((count ? ",\n    " : "") + JSON.stringify(e, null, 2).replace(/\n/g, "\n    "));
        if (report) {
          report.clashes.add(e);
          report.cites.add(e);
          spool.write(JSON.stringify(e) + "\n");
        }
        count++;
      }
      zip?.addEvents(events);
    },
    cited: () => [...cited].sort(),
    finish(found) {
      const ids = [...cited].sort();
      const sources = ids.map((id) => found.get(id)).filter((s): s is Source => Boolean(s));
      const contentHash = hasher
        ? hasher.end({ nodes: graph.nodes, sources })
        : sha256Hex(canonicalJson({ actors, attributes, edges: graph.edges, nodes: graph.nodes, sources }));
      const manifest: Manifest = {
        tool: "Faultlines",
        format,
        title,
        query: options.query ?? "",
        filters,
        exportedAt: now.toISOString(),
        counts: { actors: actors.length, relationships: graph.edges.length, events: count, sources: sources.length },
        contentHash,
      };
      const { colorBy, nodeColors, colorLegend, ...frame } = options.picture ?? {};
      const look: PictureLook = { colorBy, nodeColors, colorLegend };
      const picture = { width: 960, height: 680, ...frame, look };
      // The picture says what it shows: the date and the filters under its title.
      const described = describeFilters(model, filters);
      const subtitle = pictureSubtitle(described);
      switch (format) {
        case "json": {
          // The document as JSON.stringify would write it whole, the events array copied from the spool.
          const mark = "\u0000events";
          const text =
            JSON.stringify(
              { ...graph, attributes: { ...graph.attributes, title }, sources, events: mark, manifest },
              null,
              2,
            ) + "\n";
          // Unique: a top-level key's line (a string in the data cannot hold a raw newline).
          const key = `\n  "events": `;
          const at = text.indexOf(`${key}${JSON.stringify(mark)}`) + key.length;
          out.write(text.slice(0, at));
          if (count) {
            out.write("[\n    ");
            for (const chunk of spool.chunks()) out.write(chunk);
            out.write("\n  ]");
          } else out.write("[]");
          out.write(text.slice(at + JSON.stringify(mark).length));
          break;
        }
        case "gexf":
          out.write(
            writeGexf(graph, {
              title,
              date: now.toISOString().slice(0, 10),
              positions: filePositions(graph, options.positions),
            }),
          );
          break;
        case "graphml":
          out.write(
            writeGraphml(graph, { title, filters, sources, positions: filePositions(graph, options.positions) }),
          );
          break;
        case "csv":
          zip!.end(sources, manifest);
          break;
        case "svg":
          out.write(graphSvg(graph, { ...picture, title, subtitle, positions: options.positions }));
          break;
        case "html":
        case "md": {
          const sections = (options.sections ?? [structuralBalanceSection])
            .map((p) => p(graph))
            .filter((s): s is ReportSection => Boolean(s));
          const svg = graphSvg(graph, { ...picture, title, subtitle, positions: options.positions });
          const colors = new Map([...nodeLook(graph, look)].map(([k, v]) => [k, v.color]));
          const input = {
            graph,
            actors,
            events: (function* () {
              for (const line of spool.lines()) yield JSON.parse(line) as EventView;
            })(),
            clashes: report!.clashes,
            sources: found,
            bibliographySize: report!.cites.ids.size,
            manifest,
            svg,
            filters: described,
            sections,
            colors,
            map: options.map,
          };
          (format === "md" ? renderReportMarkdown : renderReportHtml)(input, lineOut(out));
          break;
        }
      }
      return { filename, contentType, manifest };
    },
  };
}

/** One export in memory, its events and sources given (a small graph, a test, the CLI's in-memory path). */
export function buildExport(model: ActorLookup, graph: SerializedGraph, options: ExportOptions): ExportFile {
  const out = new MemorySink();
  const writer = createExportWriter(model, graph, options, out, memorySpool());
  if (writer.showsEvents) writer.add(options.content.events);
  const head = writer.finish(options.content.sources);
  return { ...head, body: out.body() };
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

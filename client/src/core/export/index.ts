// Export of the explorer's current view, pure parts: the visible subgraph as a graphology serialization (for the
// server's formats), the picture (positions, colours, sizes, legend) for the SVG writer, the PNG legend layout,
// and file names. No DOM and no sigma here: views/export-menu.ts reads those and calls these.
import type { SerializedGraph } from "../../api/client.js";
import { CONFIDENCE_STYLE, EDGE_LABELS, KIND_LABELS } from "../../../../server/domain/vocabulary.js";
import type { ActorKind, Confidence, GraphEdgeType } from "../../../../server/domain/constants.js";
import { formatDate } from "../../../../server/domain/dates.js";
import {
  layoutRows,
  legendItems,
  renderSvg,
  type LegendItem,
  type PictureEdge,
  type PictureNode,
} from "../../../../server/export/svg.js";

export const SERVER_FORMATS = ["html", "md", "json", "gexf", "graphml", "csv"] as const;
export type ServerFormat = (typeof SERVER_FORMATS)[number];
export const PICTURE_FORMATS = ["svg", "png"] as const;
export type PictureFormat = (typeof PICTURE_FORMATS)[number];
export type ExportFormat = ServerFormat | PictureFormat;

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  html: "Report (HTML, printable)",
  md: "Report (Markdown)",
  json: "JSON (graphology)",
  gexf: "GEXF 1.3 (Gephi, with timeline)",
  graphml: "GraphML",
  csv: "CSV (nodes, edges, events, sources; zip)",
  svg: "SVG picture",
  png: "PNG picture",
};

/** A node as the explorer shows it: its graph attributes and its on-screen position (pixels, y down), size, colour. */
export interface ViewNode {
  key: string;
  attributes: Record<string, unknown>;
  x: number;
  y: number;
  size: number;
  /** The encoding's colour (family, kind or an outside colouring), not hover or path dimming. */
  color: string;
  /** What the colour stands for in the legend. */
  legendLabel?: string;
}

export interface ViewEdge {
  key: string;
  source: string;
  target: string;
  undirected: boolean;
  attributes: Record<string, unknown>;
  color?: string;
  width?: number;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/**
 * The visible subgraph in the /api/graph serialization. The sigma graph stores the relationship type as `relType`
 * (sigma owns `type`) and the full name as `fullLabel`; both go back to their wire names here.
 */
export function toSerializedGraph(
  nodes: ViewNode[],
  edges: ViewEdge[],
  attributes: Record<string, unknown> = {},
): SerializedGraph {
  const keys = new Set(nodes.map((n) => n.key));
  return {
    attributes,
    options: { type: "mixed", multi: true, allowSelfLoops: false },
    nodes: nodes.map((n) => {
      const a = n.attributes;
      return {
        key: n.key,
        attributes: {
          label: str(a.fullLabel) ?? str(a.label) ?? n.key,
          kind: str(a.kind) ?? "",
          ...(str(a.family) ? { family: str(a.family) } : {}),
          countries: strs(a.countries),
          ...(str(a.founded) ? { founded: str(a.founded) } : {}),
          ...(str(a.dissolved) ? { dissolved: str(a.dissolved) } : {}),
          provisional: a.provisional === true,
          aliases: strs(a.aliases),
          eventCount: typeof a.eventCount === "number" ? a.eventCount : 0,
        },
      };
    }) as SerializedGraph["nodes"],
    edges: edges
      .filter((e) => keys.has(e.source) && keys.has(e.target))
      .map((e) => {
        const { relType, curvature: _c, size: _s, color: _col, type: _t, ...rest } = e.attributes;
        return {
          key: e.key,
          source: e.source,
          target: e.target,
          undirected: e.undirected,
          attributes: { ...rest, type: str(relType) ?? str(e.attributes.type) ?? "" },
        };
      }) as SerializedGraph["edges"],
  };
}

export interface PictureSettings {
  width: number;
  height: number;
  background: string;
  legend: boolean;
  title?: string;
  /** The date and filters of the view, under the title. */
  subtitle?: string;
}

/** What the view shows, in words: "As of 21 November 2022 · Relationship types: Allied with, Rival of". */
export function viewCaption(f: {
  at: string | null;
  types?: readonly string[] | null;
  kinds?: readonly string[] | null;
  countries?: readonly string[] | null;
  confidence?: readonly string[] | null;
  focus?: readonly string[] | null;
}): string {
  const parts = [f.at ? `As of ${formatDate(f.at)}` : "Whole history"];
  const list = (label: string, values: readonly string[] | null | undefined, name: (v: string) => string) => {
    if (values) parts.push(`${label}: ${values.length ? values.map(name).join(", ") : "none"}`);
  };
  list("Relationship types", f.types, (t) => EDGE_LABELS[t as GraphEdgeType] ?? t);
  list("Actor kinds", f.kinds, (k) => KIND_LABELS[k as ActorKind] ?? k);
  list("Countries", f.countries, (c) => c);
  list("Confidence", f.confidence, (c) => CONFIDENCE_STYLE[c as Confidence]?.label ?? c);
  if (f.focus) parts.push(`Focus on ${f.focus.length} actor${f.focus.length === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

/** The picture's nodes and ties: the explorer's colours and labels, tie colours by type, dashes by confidence. */
export function pictureParts(nodes: ViewNode[], edges: ViewEdge[]): { nodes: PictureNode[]; edges: PictureEdge[] } {
  const keys = new Set(nodes.map((n) => n.key));
  return {
    nodes: nodes.map((n) => ({
      key: n.key,
      // The picture shows the explorer's own (short) labels; the full names are in the report's tables.
      label: str(n.attributes.label) ?? str(n.attributes.fullLabel) ?? n.key,
      x: n.x,
      y: n.y,
      size: Math.max(2, Math.min(24, n.size)),
      color: n.color,
      kind: str(n.attributes.kind),
      ...(n.legendLabel ? { legendLabel: n.legendLabel } : {}),
    })),
    edges: edges
      .filter((e) => keys.has(e.source) && keys.has(e.target))
      .map((e) => ({
        key: e.key,
        source: e.source,
        target: e.target,
        type: str(e.attributes.relType) ?? "",
        directed: !e.undirected,
        confidence: str(e.attributes.confidence),
        ...(e.width ? { width: Math.min(6, e.width) } : {}),
      })),
  };
}

/** The legend the pictures draw: the same entries as the explorer's (node colours, tie types, dashed confidences). */
export function viewLegend(nodes: ViewNode[], edges: ViewEdge[]): LegendItem[] {
  const p = pictureParts(nodes, edges);
  return legendItems(p.nodes, p.edges);
}

export function viewSvg(nodes: ViewNode[], edges: ViewEdge[], legend: LegendItem[], settings: PictureSettings): string {
  const p = pictureParts(nodes, edges);
  return renderSvg(p.nodes, p.edges, {
    width: settings.width,
    height: settings.height,
    background: settings.background,
    legend: settings.legend,
    legendItems: legend,
    title: settings.title,
    subtitle: settings.subtitle,
  });
}

/** Rows of legend entries for a canvas of `width` pixels (PNG): positions only, the view draws them. */
export function legendRows(
  items: LegendItem[],
  width: number,
  measure: (text: string) => number,
  pad = 16,
): { item: LegendItem; x: number }[][] {
  return layoutRows(items, width, (item) => 26 + measure(item.label) + 18, { pad });
}

export function pictureFilename(format: PictureFormat, at: string | null): string {
  return `faultlines-view${at ? `-${at.replace(/[^0-9-]/g, "")}` : ""}.${format}`;
}

/** The filename a server response names in Content-Disposition (filename*= first, then filename=). */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(header);
  return plain ? plain[1] : fallback;
}

export type { LegendItem };

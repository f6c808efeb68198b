// GraphML writer (yEd, Cytoscape, networkx, igraph). graphology-graphml only parses, so we write it here: one <key>
// per attribute, typed; lists (aliases, countries, source ids) as JSON text since GraphML has no list type.
import type { SerializedGraph } from "../services/graph.js";
import type { Positions } from "./layout.js";
import { escapeXmlAttr, escapeXmlText } from "./xml.js";

type KeyType = "string" | "int" | "double" | "boolean";
interface KeyDef {
  id: string;
  for: "graph" | "node" | "edge";
  name: string;
  type: KeyType;
  list?: boolean;
}

export const GRAPHML_KEYS: KeyDef[] = [
  { id: "g_title", for: "graph", name: "title", type: "string" },
  { id: "g_filters", for: "graph", name: "filters", type: "string" },
  { id: "g_sources", for: "graph", name: "sources", type: "string", list: true },
  { id: "n_label", for: "node", name: "label", type: "string" },
  { id: "n_kind", for: "node", name: "kind", type: "string" },
  { id: "n_family", for: "node", name: "family", type: "string" },
  { id: "n_countries", for: "node", name: "countries", type: "string", list: true },
  { id: "n_founded", for: "node", name: "founded", type: "string" },
  { id: "n_dissolved", for: "node", name: "dissolved", type: "string" },
  { id: "n_provisional", for: "node", name: "provisional", type: "boolean" },
  { id: "n_aliases", for: "node", name: "aliases", type: "string", list: true },
  { id: "n_eventCount", for: "node", name: "eventCount", type: "int" },
  { id: "n_x", for: "node", name: "x", type: "double" },
  { id: "n_y", for: "node", name: "y", type: "double" },
  { id: "e_type", for: "edge", name: "type", type: "string" },
  { id: "e_since", for: "edge", name: "since", type: "string" },
  { id: "e_until", for: "edge", name: "until", type: "string" },
  { id: "e_confidence", for: "edge", name: "confidence", type: "string" },
  { id: "e_sources", for: "edge", name: "sources", type: "string", list: true },
  { id: "e_note", for: "edge", name: "note", type: "string" },
  { id: "e_count", for: "edge", name: "count", type: "int" },
  { id: "e_fatalities", for: "edge", name: "fatalities", type: "int" },
  { id: "e_first", for: "edge", name: "first", type: "string" },
  { id: "e_last", for: "edge", name: "last", type: "string" },
];

function dataRows(forWhat: KeyDef["for"], values: Record<string, unknown>, indent: string): string[] {
  const out: string[] = [];
  for (const k of GRAPHML_KEYS) {
    if (k.for !== forWhat) continue;
    const v = values[k.name];
    if (v === undefined || v === null || v === "") continue;
    if (k.list && (!Array.isArray(v) || v.length === 0)) continue;
    const text = k.list ? JSON.stringify(v) : String(v);
    out.push(`${indent}<data key="${k.id}">${escapeXmlText(text)}</data>`);
  }
  return out;
}

export interface GraphmlOptions {
  title: string;
  filters?: Record<string, unknown>;
  /** Cited sources, carried as graph data so provenance travels with the file. */
  sources?: unknown[];
  positions?: Positions;
}

export function writeGraphml(graph: SerializedGraph, options: GraphmlOptions): string {
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  );
  for (const k of GRAPHML_KEYS) {
    lines.push(`  <key id="${k.id}" for="${k.for}" attr.name="${escapeXmlAttr(k.name)}" attr.type="${k.type}"/>`);
  }
  lines.push('  <graph id="G" edgedefault="directed">');
  lines.push(
    ...dataRows(
      "graph",
      {
        title: options.title,
        filters: options.filters ? JSON.stringify(options.filters) : undefined,
        sources: options.sources,
      },
      "    ",
    ),
  );
  for (const n of graph.nodes) {
    lines.push(`    <node id="${escapeXmlAttr(n.key)}">`);
    const p = options.positions?.[n.key];
    lines.push(...dataRows("node", { ...n.attributes, ...(p ? { x: p.x, y: p.y } : {}) }, "      "));
    lines.push("    </node>");
  }
  for (const e of graph.edges) {
    lines.push(
      `    <edge id="${escapeXmlAttr(e.key)}" source="${escapeXmlAttr(e.source)}" target="${escapeXmlAttr(e.target)}" directed="${e.undirected ? "false" : "true"}">`,
    );
    lines.push(
      ...dataRows("edge", { ...e.attributes, sources: (e.attributes.sources ?? []).map((s) => s.sourceId) }, "      "),
    );
    lines.push("    </edge>");
  }
  lines.push("  </graph>");
  lines.push("</graphml>");
  return lines.join("\n") + "\n";
}

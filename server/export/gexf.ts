// GEXF 1.3 writer (Gephi): typed attributes, viz colour/size/position, and dates as spells in a dynamic graph so
// Gephi's timeline works (actors founded→dissolved, ties since→until). graphology-gexf writes neither spells nor
// dynamic mode, hence this writer; graphology-gexf still parses our output back in the tests.
import { dateStart } from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";
import type { Positions } from "./layout.js";
import { busiest, edgeStyle, kindColor, nodeRadius } from "./palette.js";
import { escapeXmlAttr, escapeXmlText, xmlAttrs } from "./xml.js";

type AttrType = "string" | "integer" | "boolean" | "liststring";
interface Column {
  id: string;
  title: string;
  type: AttrType;
}

export const GEXF_NODE_COLUMNS: Column[] = [
  { id: "kind", title: "kind", type: "string" },
  { id: "family", title: "family", type: "string" },
  { id: "countries", title: "countries", type: "liststring" },
  { id: "founded", title: "founded", type: "string" },
  { id: "dissolved", title: "dissolved", type: "string" },
  { id: "provisional", title: "provisional", type: "boolean" },
  { id: "aliases", title: "aliases", type: "liststring" },
  { id: "eventCount", title: "eventCount", type: "integer" },
];

export const GEXF_EDGE_COLUMNS: Column[] = [
  { id: "type", title: "type", type: "string" },
  { id: "since", title: "since", type: "string" },
  { id: "until", title: "until", type: "string" },
  { id: "confidence", title: "confidence", type: "string" },
  { id: "sources", title: "sources", type: "liststring" },
  { id: "note", title: "note", type: "string" },
  { id: "count", title: "count", type: "integer" },
  { id: "fatalities", title: "fatalities", type: "integer" },
  { id: "first", title: "first", type: "string" },
  { id: "last", title: "last", type: "string" },
];

/** GEXF 1.3 list syntax: `["a", "b"]`, each item double-quoted with backslash escapes (what graphology-gexf reads). */
export function gexfList(values: string[]): string {
  const quote = (v: string) =>
    `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
  return `[${values.map(quote).join(", ")}]`;
}

function gexfValue(type: AttrType, value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (type === "liststring")
    return Array.isArray(value) ? (value.length ? gexfList(value.map(String)) : undefined) : undefined;
  return String(value);
}

/** The day before an ISO day: our `until` is exclusive, Gephi's spell end is inclusive. */
export function dayBefore(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** A spell [start, end] from a partial-date interval [since, until); undefined when both ends are open. */
export function toSpell(since?: string, until?: string): { start?: string; end?: string } | undefined {
  if (!since && !until) return undefined;
  const start = since ? dateStart(since) : undefined;
  let end = until ? dayBefore(dateStart(until)) : undefined;
  if (start && end && end < start) end = start;
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

function hexToRgb(hex: string): { r: number; g: number; b: number } {
  const h = hex.replace("#", "");
  return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16) };
}

function attvalues(columns: Column[], attrs: Record<string, unknown>, indent: string): string[] {
  const rows: string[] = [];
  for (const c of columns) {
    const v = gexfValue(c.type, attrs[c.id]);
    if (v !== undefined) rows.push(`${indent}  <attvalue for="${c.id}" value="${escapeXmlAttr(v)}"/>`);
  }
  return rows.length ? [`${indent}<attvalues>`, ...rows, `${indent}</attvalues>`] : [];
}

function spells(spell: { start?: string; end?: string } | undefined, indent: string): string[] {
  return spell ? [`${indent}<spells>`, `${indent}  <spell${xmlAttrs(spell)}/>`, `${indent}</spells>`] : [];
}

export interface GexfOptions {
  title: string;
  description?: string;
  /** ISO day for meta lastmodifieddate. */
  date: string;
  positions?: Positions;
}

export function writeGexf(graph: SerializedGraph, options: GexfOptions): string {
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
  );
  lines.push(`  <meta lastmodifieddate="${escapeXmlAttr(options.date)}">`);
  lines.push("    <creator>Faultlines</creator>");
  lines.push(`    <description>${escapeXmlText(options.description ?? options.title)}</description>`);
  lines.push("  </meta>");
  lines.push('  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" timerepresentation="interval">');
  for (const [cls, cols] of [
    ["node", GEXF_NODE_COLUMNS],
    ["edge", GEXF_EDGE_COLUMNS],
  ] as const) {
    lines.push(`    <attributes class="${cls}">`);
    for (const c of cols) lines.push(`      <attribute id="${c.id}" title="${c.title}" type="${c.type}"/>`);
    lines.push("    </attributes>");
  }
  lines.push(`    <nodes count="${graph.nodes.length}">`);
  const largest = busiest(graph);
  for (const n of graph.nodes) {
    const a = n.attributes;
    lines.push(`      <node id="${escapeXmlAttr(n.key)}" label="${escapeXmlAttr(a.label ?? n.key)}">`);
    lines.push(...attvalues(GEXF_NODE_COLUMNS, a as unknown as Record<string, unknown>, "        "));
    lines.push(...spells(toSpell(a.founded, a.dissolved), "        "));
    const { r, g, b } = hexToRgb(kindColor(a.kind));
    lines.push(`        <viz:color r="${r}" g="${g}" b="${b}"/>`);
    lines.push(`        <viz:size value="${nodeRadius(a.eventCount ?? 0, largest).toFixed(2)}"/>`);
    const p = options.positions?.[n.key];
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) {
      lines.push(`        <viz:position x="${p.x.toFixed(3)}" y="${p.y.toFixed(3)}" z="0.0"/>`);
    }
    lines.push("      </node>");
  }
  lines.push("    </nodes>");
  lines.push(`    <edges count="${graph.edges.length}">`);
  for (const e of graph.edges) {
    const a = e.attributes;
    const attrs = { ...a, sources: (a.sources ?? []).map((s) => s.sourceId) } as Record<string, unknown>;
    const weight = a.type === "CLASHED_WITH" ? Math.max(1, a.count ?? 1) : 1;
    lines.push(
      `      <edge${xmlAttrs({ id: e.key, source: e.source, target: e.target, type: e.undirected ? "undirected" : "directed", label: a.type, kind: a.type, weight })}>`,
    );
    lines.push(...attvalues(GEXF_EDGE_COLUMNS, attrs, "        "));
    lines.push(...spells(toSpell(a.since, a.until), "        "));
    const { r, g, b } = hexToRgb(edgeStyle(a.type).color);
    lines.push(`        <viz:color r="${r}" g="${g}" b="${b}"/>`);
    lines.push(`        <viz:thickness value="${edgeStyle(a.type).width}"/>`);
    lines.push("      </edge>");
  }
  lines.push("    </edges>");
  lines.push("  </graph>");
  lines.push("</gexf>");
  return lines.join("\n") + "\n";
}

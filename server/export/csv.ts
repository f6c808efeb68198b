// CSV export: nodes.csv, edges.csv, events.csv and sources.csv (RFC 4180, UTF-8 with BOM for spreadsheets) zipped
// with a manifest. Cells that a spreadsheet would run as a formula are neutralised with a leading apostrophe.
import { zipSync, strToU8 } from "fflate";
import type { SerializedGraph } from "../services/graph.js";
import type { EventRow } from "./data.js";
import type { Source } from "../domain/index.js";

/** OWASP "CSV injection": a cell starting with = + - @ tab or CR is prefixed with ' so it stays text. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = neutraliseFormula(Array.isArray(value) ? JSON.stringify(value) : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return "\uFEFF" + [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export const NODE_COLUMNS = [
  "id",
  "label",
  "kind",
  "family",
  "countries",
  "founded",
  "dissolved",
  "provisional",
  "aliases",
  "eventCount",
] as const;
export const EDGE_COLUMNS = [
  "id",
  "source",
  "target",
  "directed",
  "type",
  "since",
  "until",
  "confidence",
  "sources",
  "quotes",
  "note",
  "count",
  "fatalities",
  "first",
  "last",
] as const;
export const EVENT_COLUMNS = [
  "id",
  "date",
  "type",
  "place",
  "fatalities",
  "participants",
  "description",
  "sources",
] as const;
export const SOURCE_COLUMNS = ["id", "title", "publisher", "url", "published", "language", "kind", "licence"] as const;

export function nodesCsv(graph: SerializedGraph): string {
  return toCsv(
    [...NODE_COLUMNS],
    graph.nodes.map((n) => {
      const a = n.attributes;
      return [
        n.key,
        a.label,
        a.kind,
        a.family,
        a.countries,
        a.founded,
        a.dissolved,
        a.provisional,
        a.aliases,
        a.eventCount,
      ];
    }),
  );
}

export function edgesCsv(graph: SerializedGraph): string {
  return toCsv(
    [...EDGE_COLUMNS],
    graph.edges.map((e) => {
      const a = e.attributes;
      const srcs = a.sources ?? [];
      return [
        e.key,
        e.source,
        e.target,
        !e.undirected,
        a.type,
        a.since,
        a.until,
        a.confidence,
        srcs.map((s) => s.sourceId),
        srcs.some((s) => s.quote) ? srcs.map((s) => s.quote ?? "") : undefined,
        a.note,
        a.count,
        a.fatalities,
        a.first,
        a.last,
      ];
    }),
  );
}

export function eventsCsv(events: EventRow[]): string {
  return toCsv(
    [...EVENT_COLUMNS],
    events.map((e) => [
      e.id,
      e.date,
      e.type,
      e.place ? e.place.path.join(", ") : undefined,
      e.fatalities?.best,
      e.participants.map((p) => `${p.actorName} (${p.side}${p.role ? `, ${p.role}` : ""}, ${p.attribution})`),
      e.description,
      e.sources.map((s) => s.sourceId),
    ]),
  );
}

export function sourcesCsv(sources: Source[]): string {
  return toCsv(
    [...SOURCE_COLUMNS],
    sources.map((s) => [s.id, s.title, s.publisher, s.url, s.published, s.language, s.kind, s.licence]),
  );
}

/** The zip: four CSVs and manifest.json. A fixed mtime keeps the archive bytes reproducible. */
export function csvZip(graph: SerializedGraph, events: EventRow[], sources: Source[], manifest: unknown): Uint8Array {
  const mtime = new Date("2000-01-01T00:00:00Z");
  const file = (text: string) => [strToU8(text), { mtime }] as [Uint8Array, { mtime: Date }];
  return zipSync({
    "nodes.csv": file(nodesCsv(graph)),
    "edges.csv": file(edgesCsv(graph)),
    "events.csv": file(eventsCsv(events)),
    "sources.csv": file(sourcesCsv(sources)),
    "manifest.json": file(JSON.stringify(manifest, null, 2) + "\n"),
  });
}

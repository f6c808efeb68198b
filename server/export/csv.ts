// CSV export: nodes.csv, edges.csv, events.csv and sources.csv (RFC 4180, UTF-8 with BOM for spreadsheets) zipped
// with a manifest. Cells that a spreadsheet would run as a formula are neutralised with a leading apostrophe.
import { strToU8, Zip, ZipDeflate } from "fflate";
import type { SerializedGraph } from "../services/graph.js";
import type { EventRow } from "./data.js";
import type { Source } from "../domain/index.js";
import type { Sink } from "./spool.js";

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

const csvRow = (cells: readonly unknown[]) => cells.map(csvField).join(",") + "\r\n";

export function toCsv(header: string[], rows: unknown[][]): string {
  return "\uFEFF" + [header, ...rows].map(csvRow).join("");
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

function eventCells(e: EventRow): unknown[] {
  return [
    e.id,
    e.date,
    e.type,
    e.place ? e.place.path.join(", ") : undefined,
    e.fatalities?.best,
    e.participants.map((p) => `${p.actorName} (${p.side}${p.role ? `, ${p.role}` : ""}, ${p.attribution})`),
    e.description,
    e.sources.map((s) => s.sourceId),
  ];
}

export function sourcesCsv(sources: Source[]): string {
  return toCsv(
    [...SOURCE_COLUMNS],
    sources.map((s) => [s.id, s.title, s.publisher, s.url, s.published, s.language, s.kind, s.licence]),
  );
}

/**
 * The zip, written to `out` as it is built: nodes.csv and edges.csv at once, events.csv a page of events at a time
 * (compressed as it comes), then sources.csv and manifest.json. A fixed mtime keeps the archive bytes reproducible.
 */
export function csvZip(graph: SerializedGraph, out: Sink) {
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    out.write(chunk);
  });
  const entry = (name: string) => {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = MTIME;
    zip.add(file);
    return file;
  };
  const whole = (name: string, text: string) => entry(name).push(strToU8(text), true);
  whole("nodes.csv", nodesCsv(graph));
  whole("edges.csv", edgesCsv(graph));
  const events = entry("events.csv");
  events.push(strToU8(toCsv([...EVENT_COLUMNS], [])));
  return {
    addEvents(rows: EventRow[]): void {
      events.push(strToU8(rows.map((e) => csvRow(eventCells(e))).join("")));
    },
    end(sources: Source[], manifest: unknown): void {
      events.push(new Uint8Array(0), true);
      whole("sources.csv", sourcesCsv(sources));
      whole("manifest.json", JSON.stringify(manifest, null, 2) + "\n");
      zip.end();
    },
  };
}

const MTIME = new Date("2000-01-01T00:00:00Z");

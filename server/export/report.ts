// The report: a self-contained HTML page (no external requests, prints cleanly to PDF) and the same content as
// Markdown. Every value from data is rendered as text; citations [n] point into one numbered bibliography.
import {
  UNDIRECTED_TYPES,
  clashIdOf,
  clashPairsOf,
  describeClash,
  describeClashEvents,
  emptyTally,
  extendExtent,
  tallyToll,
  tollOf,
  type Actor,
  type Event,
  type GraphEdgeType,
  type Source,
  type TollTally,
} from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";
import type { EventRow } from "./data.js";
import type { Manifest } from "./manifest.js";
import { edgeStyle, kindColor, kindLabel } from "./palette.js";

/** A section contributed by another module (e.g. structural balance); plain text only, escaped on output. */
export interface ReportSection {
  title: string;
  paragraphs: string[];
  table?: { header: string[]; rows: string[][] };
}

export interface ReportInput {
  graph: SerializedGraph;
  /** The graph's actors, in its nodes' order. */
  actors: Actor[];
  /** The events, in the timeline's order; read once, as the timeline is written (from a spool: never all at once). */
  events: Iterable<EventRow>;
  /** The clashes' events, tallied as the events were read (the relationships table comes before the timeline). */
  clashes: ClashTallies;
  /** The sources the report cites, by id; a cited id absent here is listed as unknown. */
  sources: Map<string, Source>;
  /** How many sources the bibliography lists (every source the report cites: ReportCites). */
  bibliographySize: number;
  manifest: Manifest;
  /** Inline SVG of the network picture (already escaped by the SVG writer); the Markdown embeds it as an image. */
  svg: string;
  /** Each actor's colour in the picture, so the tables' swatches match it (default: by kind). */
  colors?: Map<string, string>;
  filters: [string, string][];
  sections: ReportSection[];
  /** The explorer's map (PNG, base64) when the report was made from the map view. */
  map?: MapPicture;
}

/** The explorer's map as a report takes it: the drawn canvas (PNG, base64), its caption and legend. */
export interface MapPicture {
  png: string;
  caption: string;
  legend?: {
    heading: string;
    colours: { label: string; color: string }[];
    marks: { mark: "size" | "ring" | "cluster"; label: string }[];
  };
}

/** The map legend as lines of text (the HTML shows swatches beside them). */
function mapLegendHtml(l: NonNullable<MapPicture["legend"]>): string {
  const colours = l.colours
    .map((c) => `<li><span class="swatch" style="background:${escapeHtml(c.color)}"></span>${escapeHtml(c.label)}</li>`)
    .join("");
  const marks = l.marks.map((m) => `<li>${escapeHtml(m.label)}</li>`).join("");
  return `<div class="map-legend"><p><b>${escapeHtml(l.heading)}</b></p><ul>${colours}</ul><p><b>Fatalities</b></p><ul>${marks}</ul></div>`;
}

interface Bib {
  n: number;
  id: string;
  source?: Source;
}

/** Numbers sources in order of first citation. */
class Citations {
  private numbers = new Map<string, number>();
  constructor(private readonly sources: Map<string, Source>) {}
  cite(ids: string[]): number[] {
    const out: number[] = [];
    for (const id of ids) {
      let n = this.numbers.get(id);
      if (n === undefined) this.numbers.set(id, (n = this.numbers.size + 1));
      if (!out.includes(n)) out.push(n);
    }
    return out.sort((a, b) => a - b);
  }
  list(): Bib[] {
    return [...this.numbers].map(([id, n]) => ({ n, id, source: this.sources.get(id) }));
  }
}

const dash = "\u2013";
const span = (since?: string, until?: string) =>
  since && since === until ? since : since || until ? `${since ?? "…"} ${dash} ${until ?? "…"}` : "";
const edgeLabel = (t: string) => edgeStyle(t).label;
const isUndirected = (t: string) => UNDIRECTED_TYPES.includes(t as GraphEdgeType);
const safeHref = (url?: string) => (url && /^https?:\/\/[^\s<>"]+$/i.test(url) ? url : undefined);

/** Each CLASHED_WITH tie of a graph with its events so far: how many, their toll, their dates and sources. */
export class ClashTallies {
  private readonly byId = new Map<
    string,
    { toll: TollTally; extent: { first: string; last: string } | null; sources: Set<string> }
  >();

  constructor(graph: SerializedGraph) {
    for (const e of graph.edges) {
      if (e.attributes.type !== "CLASHED_WITH") continue;
      this.byId.set(clashIdOf(e.source, e.target), { toll: emptyTally(), extent: null, sources: new Set() });
    }
  }

  /** One event, for each pair it counts for (once per listing, as the aggregates count it). */
  add(ev: Event): void {
    for (const [x, y] of clashPairsOf(ev)) {
      const t = this.byId.get(clashIdOf(x, y));
      if (!t) continue;
      tallyToll(t.toll, ev);
      t.extent = extendExtent(t.extent, ev.date);
      for (const s of ev.sources) t.sources.add(s.sourceId);
    }
  }

  of(source: string, target: string) {
    return this.byId.get(clashIdOf(source, target));
  }
}

/** The ids a report cites: its actors', its ties' (a clash cites its events') and its events' (claims included). */
export function reportCites(graph: SerializedGraph, actors: Actor[]): { add(ev: Event): void; ids: Set<string> } {
  const ids = new Set<string>();
  for (const a of actors) for (const s of a.sources) ids.add(s.sourceId);
  for (const e of graph.edges) {
    if (e.attributes.type !== "CLASHED_WITH") for (const s of e.attributes.sources ?? []) ids.add(s.sourceId);
  }
  return {
    ids,
    add(ev) {
      for (const c of ev.claims) ids.add(c.sourceId);
      for (const s of ev.sources) ids.add(s.sourceId);
    },
  };
}

/**
 * The report's tables as rows; the events' rows one at a time (eventRow), in the timeline's order, since sources are
 * numbered in order of first citation: actors, relationships, then the timeline.
 */
function reportTables(input: ReportInput) {
  const cites = new Citations(input.sources);
  const names = new Map(input.actors.map((a) => [a.id, a.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const colors = input.colors;
  const actors = [...input.actors]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((a) => ({
      id: a.id,
      name: a.name,
      color: colors?.get(a.id) ?? kindColor(a.kind),
      kind: kindLabel(a.kind),
      family: a.family ?? "",
      aliases: a.aliases.map((x) => (x.lang ? `${x.name} (${x.lang})` : x.name)).join("; "),
      aliasList: a.aliases.map((x) => ({ name: x.name, lang: x.lang })),
      dates: span(a.founded, a.dissolved),
      countries: a.countries.join(", "),
      cites: cites.cite(a.sources.map((s) => s.sourceId)),
    }));
  const relationships = [...input.graph.edges]
    .sort((a, b) => (a.attributes.since ?? "").localeCompare(b.attributes.since ?? "") || a.key.localeCompare(b.key))
    .map((e) => {
      const a = e.attributes;
      const clash = a.type === "CLASHED_WITH";
      // A clash's exported events: those where the pair stood on opposite sides (aggregates carry no event list).
      const mine = clash ? input.clashes.of(e.source, e.target) : undefined;
      const ids = clash ? [...(mine?.sources ?? [])] : (a.sources ?? []).map((s) => s.sourceId);
      const extent = mine && mine.toll.count === a.count ? mine.extent : null;
      const note = clash
        ? // From its events when the export holds every one of them (tolls, claims), else from the aggregate.
          extent
          ? describeClashEvents(tollOf(mine!.toll), extent, span)
          : describeClash(a, null, span)
        : [a.note, ...(a.sources ?? []).filter((s) => s.quote).map((s) => `“${s.quote}”`)].filter(Boolean).join(" ");
      return {
        id: e.key,
        from: nameOf(e.source),
        type: edgeLabel(a.type),
        to: nameOf(e.target),
        arrow: isUndirected(a.type) || e.undirected ? "\u2194" : "\u2192",
        dates: clash ? span(extent?.first ?? a.first, extent?.last ?? a.last) : span(a.since, a.until),
        confidence: a.confidence ?? "",
        note,
        cites: cites.cite(ids),
      };
    });
  const eventRow = (e: EventRow) => ({
    id: e.id,
    date: e.endDate ? `${e.date} ${dash} ${e.endDate}` : e.date,
    type: e.type.replace(/_/g, " "),
    place: e.place ? e.place.path.join(", ") : "",
    fatalities: e.fatalities
      ? `${e.fatalities.best}${e.fatalities.low !== undefined || e.fatalities.high !== undefined ? ` (${e.fatalities.low ?? "?"}${dash}${e.fatalities.high ?? "?"})` : ""}`
      : "not reported",
    participants: e.participants
      .map((p) => `${p.actorName} (side ${p.side}${p.role ? `, ${p.role}` : ""}; ${p.attribution})`)
      .join("; "),
    claims: e.claims.map(
      (c) =>
        `${nameOf(c.by)} claimed: ${c.text}${c.fatalities !== undefined ? ` (${c.fatalities} killed)` : ""} [${cites.cite([c.sourceId]).join(", ")}]`,
    ),
    description: e.description ?? "",
    cites: cites.cite(e.sources.map((s) => s.sourceId)),
  });
  return { actors, relationships, eventRow, bibliography: () => cites.list() };
}

/** The lines of a text file, written as they come: joined by "\n" (what joining them all at the end would give). */
export type LineOut = (line: string) => void;

// ---------- HTML ----------

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Table head with fixed column widths (percent), so long aliases or quotes cannot squeeze the short columns. */
const thead = (cols: [string, number][]) =>
  `<table><colgroup>${cols.map(([, w]) => `<col style="width:${w}%">`).join("")}</colgroup><thead><tr>${cols.map(([c]) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>`;

const citeHtml = (ns: number[]) =>
  ns.length ? ` <span class="cite">${ns.map((n) => `<a href="#src-${n}">[${n}]</a>`).join("")}</span>` : "";

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #111827; margin: 0 auto; max-width: 1100px; padding: 24px; line-height: 1.4; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #e5e7eb; padding-bottom: 4px; break-after: avoid; }
.sub { color: #4b5563; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #e5e7eb; overflow-wrap: break-word; hyphens: auto; }
th { background: #f3f4f6; font-weight: bold; overflow-wrap: normal; hyphens: manual; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; vertical-align: baseline; }
.cite a { color: #1d4ed8; text-decoration: none; font-size: 11px; }
figure { margin: 8px 0; break-inside: avoid; }
figure svg, figure img { width: 100%; height: auto; border: 1px solid #e5e7eb; }
.map-legend ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.manifest { background: #f9fafb; border: 1px solid #e5e7eb; padding: 8px 12px; font-size: 12px; }
.manifest dt { font-weight: bold; float: left; clear: left; width: 130px; }
.manifest dd { margin: 0 0 2px 140px; overflow-wrap: anywhere; }
.manifest code, code { font-family: "Liberation Mono", Menlo, Consolas, monospace; font-size: 11px; }
ol.bib li { margin-bottom: 4px; overflow-wrap: anywhere; }
.muted { color: #6b7280; }
.claims { margin: 2px 0 0; padding-left: 16px; color: #374151; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  table { font-size: 10px; }
  a { color: inherit; }
  h2 { break-after: avoid; }
}
`;

/** The HTML report, line by line (the whole file is the lines joined by "\n", and a last "\n"). */
export function renderReportHtml(input: ReportInput, line: LineOut): void {
  const { manifest, svg, filters } = input;
  const rows = reportTables(input);
  const m = manifest;
  const h = { push: (...lines: string[]) => lines.forEach(line) };
  h.push("<!DOCTYPE html>");
  h.push('<html lang="en">');
  h.push("<head>");
  h.push('<meta charset="utf-8">');
  // No scripts, no remote anything: the file must open (and print) offline and cannot run code from data.
  h.push(
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
  );
  h.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  h.push(`<meta name="generator" content="Faultlines">`);
  h.push(`<title>${escapeHtml(m.title)}</title>`);
  h.push(`<style>${CSS}</style>`);
  h.push("</head>");
  h.push("<body>");
  h.push(`<header><h1>${escapeHtml(m.title)}</h1>`);
  h.push(
    `<p class="sub">${escapeHtml(filters.map(([k, v]) => `${k}: ${v}`).join(" · ") || "Whole history, no filters")} — ${input.actors.length} actors, ${input.graph.edges.length} relationships, ${m.counts.events} events, ${input.bibliographySize} sources. Exported ${escapeHtml(m.exportedAt)}.</p></header>`,
  );

  h.push('<section id="manifest"><h2>Manifest</h2><dl class="manifest">');
  const dl = (k: string, v: string, code = false) =>
    h.push(`<dt>${escapeHtml(k)}</dt><dd>${code ? `<code>${escapeHtml(v)}</code>` : escapeHtml(v)}</dd>`);
  dl("Query", m.query, true);
  for (const [k, v] of filters) dl(k, v);
  dl("Exported at", m.exportedAt);
  dl("Content hash", `sha256:${m.contentHash}`, true);
  dl(
    "Counts",
    `${m.counts.actors} actors, ${m.counts.relationships} relationships, ${m.counts.events} events, ${m.counts.sources} sources`,
  );
  h.push("</dl>");
  h.push(
    '<p class="muted">The hash covers the exported graph, actors, events and sources (not the export time): the same query on the same data gives the same hash.</p></section>',
  );

  h.push(`<section id="picture"><h2>Network</h2><figure>${svg}</figure></section>`);
  if (input.map) {
    const caption = escapeHtml(input.map.caption);
    h.push(
      `<section id="map"><h2>Map</h2><figure><img src="data:image/png;base64,${input.map.png}" alt="${caption}"><figcaption>${caption}</figcaption></figure>${input.map.legend ? mapLegendHtml(input.map.legend) : ""}</section>`,
    );
  }

  h.push(
    `<section id="actors"><h2>Actors</h2>${thead([
      ["Name", 22],
      ["Kind", 15],
      ["Aliases", 39],
      ["Dates", 13],
      ["Countries", 11],
    ])}`,
  );
  for (const a of rows.actors) {
    h.push(
      `<tr><td><span class="swatch" style="background:${escapeHtml(a.color)}"></span>${escapeHtml(a.name)}${citeHtml(a.cites)}</td><td>${escapeHtml(a.kind)}${a.family ? `<br><span class="muted">${escapeHtml(a.family)}</span>` : ""}</td><td>${a.aliasList.map((x) => `<bdi>${escapeHtml(x.name)}</bdi>${x.lang ? ` (${escapeHtml(x.lang)})` : ""}`).join("; ")}</td><td class="date">${escapeHtml(a.dates)}</td><td>${escapeHtml(a.countries)}</td></tr>`,
    );
  }
  if (!rows.actors.length) h.push('<tr><td colspan="5" class="muted">No actors match these filters.</td></tr>');
  h.push("</tbody></table></section>");

  h.push(
    `<section id="relationships"><h2>Relationships</h2>${thead([
      ["Actor", 13],
      ["Relationship", 11],
      ["Actor", 13],
      ["Dates", 12],
      ["Confidence", 11],
      ["Notes and quotes", 32],
      ["Sources", 8],
    ])}`,
  );
  for (const r of rows.relationships) {
    h.push(
      `<tr><td>${escapeHtml(r.from)}</td><td>${escapeHtml(r.arrow)} ${escapeHtml(r.type)}</td><td>${escapeHtml(r.to)}</td><td class="date">${escapeHtml(r.dates)}</td><td>${escapeHtml(r.confidence)}</td><td>${escapeHtml(r.note)}</td><td>${citeHtml(r.cites)}</td></tr>`,
    );
  }
  if (!rows.relationships.length)
    h.push('<tr><td colspan="7" class="muted">No relationships match these filters.</td></tr>');
  h.push("</tbody></table></section>");

  h.push(
    `<section id="events"><h2>Timeline of events</h2>${thead([
      ["Date", 11],
      ["Event", 33],
      ["Place", 15],
      ["Killed", 8],
      ["Participants (attribution)", 25],
      ["Sources", 8],
    ])}`,
  );
  let events = 0;
  for (const row of input.events) {
    const e = rows.eventRow(row);
    events++;
    const claims = e.claims.length
      ? `<ul class="claims">${e.claims.map((c) => `<li>${escapeHtml(c)}</li>`).join("")}</ul>`
      : "";
    h.push(
      `<tr><td class="date">${escapeHtml(e.date)}</td><td>${escapeHtml(e.type)}${e.description ? `<br><span class="muted">${escapeHtml(e.description)}</span>` : ""}${claims}</td><td>${escapeHtml(e.place)}</td><td>${escapeHtml(e.fatalities)}</td><td>${escapeHtml(e.participants)}</td><td>${citeHtml(e.cites)}</td></tr>`,
    );
  }
  if (!events) h.push('<tr><td colspan="6" class="muted">No events among these actors in this period.</td></tr>');
  h.push("</tbody></table></section>");

  for (const s of input.sections) {
    h.push(`<section class="extra"><h2>${escapeHtml(s.title)}</h2>`);
    for (const p of s.paragraphs) h.push(`<p>${escapeHtml(p)}</p>`);
    if (s.table) {
      const w = Math.min(20, Math.floor(100 / s.table.header.length));
      h.push(thead(s.table.header.map((c, i) => [c, i === 0 ? 100 - w * (s.table!.header.length - 1) : w])));
      for (const r of s.table.rows) h.push(`<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`);
      h.push("</tbody></table>");
    }
    h.push("</section>");
  }

  h.push('<section id="bibliography"><h2>Sources</h2><ol class="bib">');
  const bibliography = rows.bibliography();
  for (const b of bibliography) {
    const s = b.source;
    if (!s) {
      h.push(
        `<li id="src-${b.n}" value="${b.n}">Unknown source <code>${escapeHtml(b.id)}</code> (cited but not in the store).</li>`,
      );
      continue;
    }
    const href = safeHref(s.url);
    const url = s.url
      ? href
        ? ` <a href="${escapeHtml(href)}">${escapeHtml(s.url)}</a>`
        : ` ${escapeHtml(s.url)}`
      : "";
    h.push(
      `<li id="src-${b.n}" value="${b.n}">${escapeHtml(s.publisher)}${s.published ? ` (${escapeHtml(s.published)})` : ""}. <em>${escapeHtml(s.title)}</em>. ${escapeHtml(s.kind)}, ${escapeHtml(s.language)}${s.licence ? `, ${escapeHtml(s.licence)}` : ""}.${url} <span class="muted">[${escapeHtml(s.id)}]</span></li>`,
    );
  }
  if (!bibliography.length) h.push('<li class="muted">No sources cited.</li>');
  h.push("</ol></section>");
  h.push(`<footer class="muted"><p>Generated by Faultlines. ${escapeHtml(`sha256:${m.contentHash}`)}</p></footer>`);
  h.push("</body></html>");
  // The file ends with a newline: an empty last line.
  h.push("");
}

// ---------- Markdown ----------

/** Escapes Markdown syntax (CommonMark backslash escapes) and flattens newlines, so data stays literal text. */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? "")
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_{}[\]<>#!|~&$]/g, (c) => `\\${c}`);
}

const citeMd = (ns: number[]) => (ns.length ? ` ${ns.map((n) => `[${n}]`).join("")}` : "");

const mdRow = (cells: string[]) => `| ${cells.join(" | ")} |`;
const mdHead = (header: string[]) => [mdRow(header), `|${header.map(() => " --- ").join("|")}|`];

function mdTable(header: string[], rows: string[][]): string[] {
  return [...mdHead(header), ...rows.map(mdRow)];
}

/** UTF-8 text as base64 without Node's Buffer (the report is built in the browser's bundle too). */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The Markdown report, line by line (the whole file is the lines joined by "\n"). */
export function renderReportMarkdown(input: ReportInput, line: LineOut): void {
  const { manifest: m, filters } = input;
  const rows = reportTables(input);
  const out = { push: (...lines: string[]) => lines.forEach(line) };
  out.push(`# ${escapeMarkdown(m.title)}`, "");
  out.push(
    `${escapeMarkdown(filters.map(([k, v]) => `${k}: ${v}`).join(" · ") || "Whole history, no filters")} — ${input.actors.length} actors, ${input.graph.edges.length} relationships, ${m.counts.events} events, ${input.bibliographySize} sources.`,
    "",
  );
  out.push("## Manifest", "");
  out.push(`- Query: \`${m.query.replace(/`/g, "'")}\``);
  for (const [k, v] of filters) out.push(`- ${escapeMarkdown(k)}: ${escapeMarkdown(v)}`);
  out.push(`- Exported at: ${escapeMarkdown(m.exportedAt)}`);
  out.push(`- Content hash: \`sha256:${m.contentHash}\``);
  out.push("");
  // The picture travels inside the file, as a data: URI image (VS Code, Obsidian, Typora, pandoc show it; GitHub's
  // renderer drops data: images, so the HTML report is the one to publish there).
  if (input.actors.length)
    out.push("## Network", "", `![Network picture](data:image/svg+xml;base64,${base64Utf8(input.svg)})`, "");
  if (input.map) {
    const caption = escapeMarkdown(input.map.caption);
    out.push(
      "## Map",
      "",
      `![${caption.replace(/[[\]]/g, "")}](data:image/png;base64,${input.map.png})`,
      "",
      caption,
      "",
    );
    const l = input.map.legend;
    if (l) {
      const colours = l.colours.map((c) => `${escapeMarkdown(c.label)} (${c.color})`).join(", ");
      out.push(`${escapeMarkdown(l.heading)}: ${colours}.`, "");
      out.push(`Fatalities: ${l.marks.map((m) => escapeMarkdown(m.label)).join("; ")}.`, "");
    }
  }
  out.push("## Actors", "");
  out.push(
    ...mdTable(
      ["Name", "Kind", "Aliases", "Dates", "Countries"],
      rows.actors.map((a) => [
        escapeMarkdown(a.name) + citeMd(a.cites),
        escapeMarkdown(a.kind),
        escapeMarkdown(a.aliases),
        escapeMarkdown(a.dates),
        escapeMarkdown(a.countries),
      ]),
    ),
    "",
  );
  out.push("## Relationships", "");
  out.push(
    ...mdTable(
      ["Actor", "Relationship", "Actor", "Dates", "Confidence", "Notes and quotes", "Sources"],
      rows.relationships.map((r) => [
        escapeMarkdown(r.from),
        `${r.arrow} ${escapeMarkdown(r.type)}`,
        escapeMarkdown(r.to),
        escapeMarkdown(r.dates),
        escapeMarkdown(r.confidence),
        escapeMarkdown(r.note),
        citeMd(r.cites).trim(),
      ]),
    ),
    "",
  );
  out.push("## Timeline of events", "");
  out.push(...mdHead(["Date", "Event", "Place", "Killed", "Participants (attribution)", "Sources"]));
  for (const row of input.events) {
    const e = rows.eventRow(row);
    out.push(
      mdRow([
        escapeMarkdown(e.date),
        escapeMarkdown([e.type, e.description, ...e.claims].filter(Boolean).join(" — ")),
        escapeMarkdown(e.place),
        escapeMarkdown(e.fatalities),
        escapeMarkdown(e.participants),
        citeMd(e.cites).trim(),
      ]),
    );
  }
  out.push("");
  for (const s of input.sections) {
    out.push(`## ${escapeMarkdown(s.title)}`, "");
    for (const p of s.paragraphs) out.push(escapeMarkdown(p), "");
    if (s.table)
      out.push(
        ...mdTable(
          s.table.header.map(escapeMarkdown),
          s.table.rows.map((r) => r.map(escapeMarkdown)),
        ),
        "",
      );
  }
  out.push("## Sources", "");
  for (const b of rows.bibliography()) {
    const s = b.source;
    if (!s) {
      out.push(`${b.n}. Unknown source ${escapeMarkdown(b.id)} (cited but not in the store).`);
      continue;
    }
    const href = safeHref(s.url);
    out.push(
      `${b.n}. ${escapeMarkdown(s.publisher)}${s.published ? ` (${escapeMarkdown(s.published)})` : ""}. *${escapeMarkdown(s.title)}*. ${escapeMarkdown(s.kind)}, ${escapeMarkdown(s.language)}.${href ? ` <${href}>` : s.url ? ` ${escapeMarkdown(s.url)}` : ""} \\[${escapeMarkdown(s.id)}\\]`,
    );
  }
  out.push("");
}

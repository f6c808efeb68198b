// Plain spreadsheets, the way analysts keep actors and ties in Excel or Kumu: two CSV files, imported one after the
// other (actors first, so that the ties' names resolve).
// - `sheet-actors`: name (Kumu: Label), kind (Kumu: Type; "jihadist group" or jihadist_group), and optionally id,
//   aliases (;-separated), family, founded, dissolved, countries (;-separated ISO3 codes or names), description, and
//   a source (source_title and/or source_url, source_publisher, source_date, quote).
// - `sheet-relationships`: from, to (ids or any name the resolver knows), type ("allied with", "rival", ALLIED_WITH…),
//   confidence, a source with its verbatim quote (required: every tie carries one), and optionally id, since, until,
//   note.
// Columns are matched without regard to case, spaces or underscores. Every row is checked; a bad row names its column.
import {
  ACTOR_KINDS,
  CONFIDENCES,
  RELATIONSHIP_TYPES,
  emptyBundle,
  isValidPartialDate,
  normalizeName,
  type Actor,
  type ActorKind,
  type Confidence,
  type Relationship,
  type RelationshipType,
  type Source,
} from "../../domain/index.js";
import type { ImportContext, ImporterResult } from "../context.js";
import { countryOf } from "../countries.js";
import { readCsv, requireColumns, type CsvHeader } from "../csv-stream.js";
import { safeSlug, shortHash } from "../ids.js";

/** Header cell -> canonical column ("Source URL", "source_url", "SourceUrl" are one column); Kumu's names mapped. */
const COLUMN_ALIASES: Record<string, string> = {
  label: "name",
  type: "type",
  tags: "tags",
  from: "from",
  to: "to",
  start: "since",
  end: "until",
  startdate: "since",
  enddate: "until",
  sourcename: "sourcetitle",
  source: "sourcetitle",
  url: "sourceurl",
  citation: "quote",
};
const canonical = (cell: string, extra: Record<string, string> = {}) => {
  const k = cell.toLowerCase().replace(/[\s_-]+/g, "");
  return extra[k] ?? COLUMN_ALIASES[k] ?? k;
};

export const SHEET_ACTORS_REQUIRED = ["name", "kind"] as const;
export const SHEET_RELATIONSHIPS_REQUIRED = ["from", "to", "type", "confidence", "quote"] as const;

/** "allied with", "Ally", "ALLIED_WITH" -> ALLIED_WITH. */
const TYPE_WORDS: Record<string, RelationshipType> = {
  ally: "ALLIED_WITH",
  allied: "ALLIED_WITH",
  alliance: "ALLIED_WITH",
  rival: "RIVAL_OF",
  rivalry: "RIVAL_OF",
  enemy: "RIVAL_OF",
  affiliate: "AFFILIATED_WITH",
  affiliated: "AFFILIATED_WITH",
  splinter: "SPLINTER_OF",
  split: "SPLINTER_OF",
  merged: "MERGED_INTO",
  merger: "MERGED_INTO",
  pledged: "PLEDGED_TO",
  pledge: "PLEDGED_TO",
  member: "PART_OF",
  part: "PART_OF",
  supports: "SUPPORTS",
  support: "SUPPORTS",
};

function relationshipType(text: string): RelationshipType | null {
  const upper = text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
  if ((RELATIONSHIP_TYPES as readonly string[]).includes(upper)) return upper as RelationshipType;
  const first = normalizeName(text).split(" ")[0];
  return TYPE_WORDS[first] ?? null;
}

function actorKind(text: string): ActorKind | null {
  const k = normalizeName(text).replace(/ /g, "_");
  if ((ACTOR_KINDS as readonly string[]).includes(k)) return k as ActorKind;
  if (/^(state|army|military|government)/.test(k)) return "state_force";
  if (/^(international|un_|peacekeep)/.test(k)) return "international_force";
  if (/^(jihad|islamist)/.test(k)) return "jihadist_group";
  if (/^(separatist|rebel)/.test(k)) return "separatist_movement";
  if (/^(communal|ethnic|self_defen|vigilante)/.test(k)) return "communal_militia";
  if (/^pro_gov/.test(k)) return "pro_government_militia";
  return null;
}

const list = (text: string) =>
  text
    .split(/\s*;\s*/)
    .map((s) => s.trim())
    .filter(Boolean);

interface Row {
  row: number;
  line: number;
  get(column: string): string;
}

/** Reads the sheet into rows keyed by canonical column; refuses a file without the required columns. */
async function readSheet(
  ctx: ImportContext,
  required: readonly string[],
  display: string,
  formatId: string,
  extra: Record<string, string> = {},
): Promise<{ rows: Row[]; rowsRead: number }> {
  const rows: Row[] = [];
  let index = new Map<string, number>();
  const rowsRead = await readCsv(ctx.file, {
    onProgress: ctx.progress,
    onNote: ctx.note,
    onBadRow: (b) => ctx.reject(b),
    onHeader: (h) => {
      index = new Map(h.columns.map((c, i) => [canonical(c, extra), i]));
      const canon: CsvHeader = { columns: h.columns, index };
      requireColumns(ctx.file, canon, required, display, formatId);
    },
    onRecord: ({ row, line, values }) => {
      rows.push({
        row,
        line,
        get: (c) => {
          const i = index.get(c);
          return i === undefined ? "" : (values[i] ?? "").trim();
        },
      });
    },
  });
  return { rows, rowsRead };
}

/** The source a row cites (title and/or URL), one Source per distinct citation; null when the row names none. */
function rowSource(ctx: ImportContext, r: Row): { id: string } | { error: string } | null {
  const title = r.get("sourcetitle");
  const url = r.get("sourceurl");
  if (!title && !url) return null;
  if (url && !/^https?:\/\/\S+$/i.test(url)) return { error: `source_url '${url}' is not an http(s) URL` };
  const published = r.get("sourcedate");
  if (published && !isValidPartialDate(published))
    return { error: `source_date '${published}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD` };
  const publisher = r.get("sourcepublisher") || (url ? new URL(url).hostname.replace(/^www\./, "") : title);
  const source: Source = {
    id: `sheet-${safeSlug(publisher, 30)}-${shortHash(`${url}|${title}`)}`,
    title: title || url,
    publisher,
    ...(url ? { url } : {}),
    ...(published ? { published } : {}),
    language: r.get("sourcelanguage") || "und",
    kind: "news",
  };
  return { id: ctx.sources.ensure(source) };
}

export async function importSheetActors(ctx: ImportContext): Promise<ImporterResult> {
  const bundle = emptyBundle();
  const notes: string[] = [];
  const { rows, rowsRead } = await readSheet(ctx, SHEET_ACTORS_REQUIRED, "actors spreadsheet", "sheet-actors", {
    type: "kind",
  });
  const seen = new Map<string, number>();
  for (const r of rows) {
    const bad = (reason: string) => ctx.reject({ row: r.row, line: r.line, reason });
    const name = r.get("name");
    if (!name) {
      bad("name is empty");
      continue;
    }
    const kind = actorKind(r.get("kind"));
    if (!kind) {
      bad(`kind '${r.get("kind")}' is not one of ${ACTOR_KINDS.join(", ")}`);
      continue;
    }
    const id = r.get("id") || safeSlug(name);
    if (seen.has(id)) {
      bad(`id '${id}' is on row ${seen.get(id)} too`);
      continue;
    }
    seen.set(id, r.row);
    if (!r.get("id")) {
      // A name the store already knows as another actor is that actor: the sheet does not make a double of it.
      const known = ctx.resolver.has(id)
        ? ({ status: "resolved", actorId: id, matched: name } as const)
        : ctx.resolver.resolve(name);
      if (known.status === "resolved") {
        ctx.skip({
          row: r.row,
          line: r.line,
          reason: `'${name}' is already the actor ${known.actorId} (as '${known.matched}'): row left out; put id ${known.actorId} to update it`,
        });
        continue;
      }
    }
    const dates: Record<string, string> = {};
    let dateError = "";
    for (const f of ["founded", "dissolved"]) {
      const d = r.get(f);
      if (d && !isValidPartialDate(d)) dateError = `${f} '${d}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD`;
      else if (d) dates[f] = d;
    }
    if (dateError) {
      bad(dateError);
      continue;
    }
    const countries: string[] = [];
    let countryError = "";
    for (const c of list(r.get("countries"))) {
      const iso3 = /^[A-Z]{3}$/.test(c) ? c : countryOf(c)?.iso3;
      if (!iso3) countryError = `country '${c}' is not an ISO 3166-1 alpha-3 code or a known country name`;
      else if (!countries.includes(iso3)) countries.push(iso3);
    }
    if (countryError) {
      bad(countryError);
      continue;
    }
    const source = rowSource(ctx, r);
    if (source && "error" in source) {
      bad(source.error);
      continue;
    }
    const quote = r.get("quote");
    // An update (the row gives an existing id) keeps what the sheet does not say: aliases and sources add up.
    const existing = ctx.resolver.actor(id);
    const aliases = [
      ...(existing?.aliases ?? []),
      ...list(r.get("aliases"))
        .filter((a) => !existing?.aliases.some((x) => normalizeName(x.name) === normalizeName(a)))
        .map((a) => ({
          name: a,
          kind: /^[A-Z0-9-]{2,10}$/.test(a) ? ("acronym" as const) : ("variant" as const),
        })),
    ];
    const sources = [
      ...(existing?.sources ?? []),
      ...(source ? [{ sourceId: source.id, ...(quote ? { quote } : {}) }] : []),
    ];
    const actor: Actor = {
      ...(existing ?? {}),
      id,
      name,
      kind,
      ...(r.get("family") ? { family: r.get("family") } : {}),
      aliases,
      ...dates,
      countries: countries.length ? countries : (existing?.countries ?? []),
      ...(r.get("description") ? { description: r.get("description") } : {}),
      externalIds: existing?.externalIds ?? {},
      sources,
      provisional: false,
    };
    bundle.actors.push(actor);
    ctx.origin.set(id, r.row);
  }
  if (bundle.actors.some((a) => a.sources.length === 0))
    notes.push(
      `${bundle.actors.filter((a) => a.sources.length === 0).length} actor(s) without a source: add source_title/source_url and quote columns`,
    );
  return { bundle, rowsRead, notes, layout: "actors spreadsheet" };
}

export async function importSheetRelationships(ctx: ImportContext): Promise<ImporterResult> {
  const bundle = emptyBundle();
  const { rows, rowsRead } = await readSheet(
    ctx,
    SHEET_RELATIONSHIPS_REQUIRED,
    "relationships spreadsheet",
    "sheet-relationships",
  );
  const rels = new Map<string, Relationship>();
  for (const r of rows) {
    const bad = (reason: string) => ctx.reject({ row: r.row, line: r.line, reason });
    const end = (column: "from" | "to"): string | null => {
      const text = r.get(column);
      if (!text) {
        bad(`${column} is empty`);
        return null;
      }
      if (ctx.resolver.has(text)) return text;
      const res = ctx.resolver.resolve(text);
      if (res.status === "resolved") return res.actorId;
      bad(
        res.status === "ambiguous"
          ? `${column} '${text}' names several actors (${res.candidates.join(", ")}): use the id`
          : `${column} '${text}' is no known actor: import it in the actors sheet first, or use an id`,
      );
      return null;
    };
    const from = end("from");
    if (!from) continue;
    const to = end("to");
    if (!to) continue;
    const type = relationshipType(r.get("type"));
    if (!type) {
      bad(`type '${r.get("type")}' is not one of ${RELATIONSHIP_TYPES.join(", ")} (or a word such as "allied with")`);
      continue;
    }
    const confidence = r.get("confidence").toLowerCase() as Confidence;
    if (!(CONFIDENCES as readonly string[]).includes(confidence)) {
      bad(`confidence '${r.get("confidence")}' is not one of ${CONFIDENCES.join(", ")}`);
      continue;
    }
    const dates: Record<string, string> = {};
    const badDate = ["since", "until"].find((f) => r.get(f) && !isValidPartialDate(r.get(f)));
    if (badDate) {
      bad(`${badDate} '${r.get(badDate)}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD`);
      continue;
    }
    for (const f of ["since", "until"]) if (r.get(f)) dates[f] = r.get(f);
    const source = rowSource(ctx, r);
    if (!source) {
      bad("no source: every tie needs source_title or source_url, with its quote");
      continue;
    }
    if ("error" in source) {
      bad(source.error);
      continue;
    }
    const quote = r.get("quote");
    if (!quote) {
      bad("quote is empty: cite the source's own words");
      continue;
    }
    const symmetric = type === "ALLIED_WITH" || type === "RIVAL_OF";
    const [a, b] = symmetric ? [from, to].sort() : [from, to];
    const id = r.get("id") || `sheet:${a}-${type.toLowerCase()}-${b}${dates.since ? `-${dates.since}` : ""}`;
    const prev = rels.get(id);
    if (prev) {
      // The same tie on several rows: one relationship citing each row's source.
      prev.sources.push({ sourceId: source.id, quote });
      continue;
    }
    rels.set(id, {
      id,
      type,
      from: a,
      to: b,
      ...dates,
      confidence,
      sources: [{ sourceId: source.id, quote }],
      ...(r.get("note") ? { note: r.get("note") } : {}),
    });
    ctx.origin.set(id, r.row);
  }
  bundle.relationships = [...rels.values()];
  return { bundle, rowsRead, notes: [], layout: "relationships spreadsheet" };
}

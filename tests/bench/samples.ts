// The import benchmarks' input: real rows of ../shared/data scaled to any number of rows (fresh ids, jittered dates,
// seeded), one generator per layout the importers read. Every real row is used as it is (those an import skips too:
// a real file has them). Shared by the embedded and the Neo4j import benches; nothing generated is ever committed.
import { createReadStream, createWriteStream } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { parse } from "csv-parse";
import { MONTH_NAMES, createRng } from "../../server/domain/index.js";
import { REPO_ROOT } from "../../server/store/query-book.js";

export const DATA_DIR = path.resolve(REPO_ROOT, "../shared/data");
export const ACLED_SAMPLE = path.join(DATA_DIR, "acled/mali-2017-2020-monadic.csv");
export const GED_SAMPLE = path.join(DATA_DIR, "ucdp/ged231-sample1000.csv");

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return csvCell(`[${v.join(",")}]`);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A real file's header and its records. */
async function readSample(file: string): Promise<{ header: string[]; records: string[][] }> {
  const records: string[][] = [];
  for await (const rec of createReadStream(file).pipe(parse({ bom: true })) as AsyncIterable<string[]>)
    records.push(rec);
  const header = records.shift() ?? [];
  return { header, records };
}

/** Writes CSV lines to a file, minding back-pressure. */
async function writeLines(file: string, lines: Iterable<string[]>): Promise<number> {
  const out = createWriteStream(file);
  let rows = -1;
  for (const cells of lines) {
    rows++;
    if (!out.write(cells.map(csvCell).join(",") + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return rows;
}

/** A seeded day in 2017-2020 (the sample's years), as a Date at UTC midnight. */
function dayFrom(rng: () => number): Date {
  return new Date(Date.UTC(2017, 0, 1) + Math.floor(rng() * 4 * 365) * 86_400_000);
}

/** ACLED's own date spellings: `31 December 2020` (current exports) and `31-December-2020` (older ones). */
const acledDate = (d: Date, sep: " " | "-") =>
  [d.getUTCDate(), MONTH_NAMES[d.getUTCMonth()], d.getUTCFullYear()].join(sep);

/** The sample's events: its rows grouped by event_id_cnty (a monadic event's rows come one after the other). */
async function acledEvents(): Promise<{ header: string[]; events: string[][][] }> {
  const { header, records } = await readSample(ACLED_SAMPLE);
  const cId = header.indexOf("event_id_cnty");
  const events: string[][][] = [];
  for (const rec of records) {
    const prev = events.at(-1);
    if (prev && prev[0][cId] === rec[cId]) prev.push(rec);
    else events.push([rec]);
  }
  return { header, events };
}

export interface Generated {
  /** Data rows written. */
  rows: number;
  /** Real rows (events, for ACLED) the file was built from. */
  templates: number;
}

/**
 * ACLED monadic (the sample's own layout): whole events, each with its rows, until `rows` rows are written (the last
 * event may add one more).
 */
export async function generateAcledMonadic(file: string, rows: number): Promise<Generated> {
  const { header, events } = await acledEvents();
  const col = (name: string) => header.indexOf(name);
  const [cId, cNo, cDate, cYear, cData] = ["event_id_cnty", "event_id_no_cnty", "event_date", "year", "data_id"].map(
    col,
  );
  const rng = createRng(20_240_601);
  function* lines() {
    yield header;
    for (let n = 0, written = 0; written < rows; n++) {
      const day = dayFrom(rng);
      for (const r of events[n % events.length]) {
        const row = [...r];
        row[cId] = `MLB${n + 1}`;
        row[cNo] = String(n + 1);
        row[cData] = String(9_000_000 + n);
        row[cDate] = acledDate(day, " ");
        row[cYear] = String(day.getUTCFullYear());
        written++;
        yield row;
      }
    }
  }
  return { rows: await writeLines(file, lines()), templates: events.length };
}

/** The older dyadic layout: one row per event, both actors on it, associated actors, no sub-event type. */
export const ACLED_DYADIC_HEADER = [
  "data_id",
  "iso",
  "event_id_cnty",
  "event_id_no_cnty",
  "event_date",
  "year",
  "time_precision",
  "event_type",
  "actor1",
  "assoc_actor_1",
  "inter1",
  "actor2",
  "assoc_actor_2",
  "inter2",
  "interaction",
  "region",
  "country",
  "admin1",
  "admin2",
  "admin3",
  "location",
  "latitude",
  "longitude",
  "geo_precision",
  "source",
  "source_scale",
  "notes",
  "fatalities",
  "timestamp",
  "iso3",
] as const;

/** The current event type and sub-event type of a row, in the pre-2019 taxonomy (server/ingest/acled/taxonomy.ts). */
export function oldAcledEventType(type: string, subType: string): string {
  switch (type) {
    case "Battles":
      if (subType === "Non-state actor overtakes territory") return "Battle-Non-state actor overtakes territory";
      if (subType === "Government regains territory") return "Battle-Government regains territory";
      return "Battle-No change of territory";
    case "Violence against civilians":
      return "Violence against civilians";
    case "Explosions/Remote violence":
      return "Remote violence";
    case "Strategic developments":
      if (subType === "Non-violent transfer of territory" || subType === "Headquarters or base established")
        return subType;
      return "Strategic development";
    default:
      // Protests, Riots.
      return "Riots/Protests";
  }
}

/**
 * ACLED dyadic, the pre-2019 layout: each real event of the sample as one dyadic row (its first actor row is actor 1
 * with its associated actors, its second actor 2), its event type in the old taxonomy, dates as `31-December-2020`,
 * the real notes; fresh ids and jittered dates.
 */
export async function generateAcledDyadic(file: string, rows: number): Promise<Generated> {
  const { header, events } = await acledEvents();
  const col = (name: string) => header.indexOf(name);
  const rng = createRng(20_170_101);
  function* lines(): Generator<string[]> {
    yield [...ACLED_DYADIC_HEADER];
    for (let n = 0; n < rows; n++) {
      const [first, second] = events[n % events.length];
      const get = (name: string) => first[col(name)];
      const day = dayFrom(rng);
      const cells: Record<(typeof ACLED_DYADIC_HEADER)[number], string> = {
        data_id: String(9_000_000 + n),
        iso: get("iso"),
        event_id_cnty: `MLD${n + 1}`,
        event_id_no_cnty: String(n + 1),
        event_date: acledDate(day, "-"),
        year: String(day.getUTCFullYear()),
        time_precision: get("time_precision"),
        event_type: oldAcledEventType(get("event_type"), get("sub_event_type")),
        actor1: get("actor1"),
        assoc_actor_1: get("assoc_actor_1"),
        inter1: get("inter1"),
        actor2: second ? second[col("actor1")] : "",
        assoc_actor_2: second ? second[col("assoc_actor_1")] : "",
        inter2: second ? second[col("inter1")] : "0",
        interaction: get("interaction"),
        region: get("region"),
        country: get("country"),
        admin1: get("admin1"),
        admin2: get("admin2"),
        admin3: get("admin3"),
        location: get("location"),
        latitude: get("latitude"),
        longitude: get("longitude"),
        geo_precision: get("geo_precision"),
        source: get("source"),
        source_scale: get("source_scale"),
        notes: get("notes"),
        fatalities: get("fatalities"),
        timestamp: get("timestamp"),
        iso3: get("iso3"),
      };
      yield ACLED_DYADIC_HEADER.map((c) => cells[c]);
    }
  }
  return { rows: await writeLines(file, lines()), templates: events.length };
}

/**
 * UCDP GED (the sample's own 49-column layout): each real row again with a fresh id and relid and its dates moved to
 * a seeded day in 2017-2020 (its span kept).
 */
export async function generateUcdpGed(file: string, rows: number): Promise<Generated> {
  const { header, records } = await readSample(GED_SAMPLE);
  const col = (name: string) => header.indexOf(name);
  const [cId, cRel, cYear, cStart, cEnd] = ["id", "relid", "year", "date_start", "date_end"].map(col);
  const rng = createRng(20_230_101);
  const day = (d: Date) => `${d.toISOString().slice(0, 10)} 00:00:00`;
  function* lines() {
    yield header;
    for (let n = 0; n < rows; n++) {
      const r = records[n % records.length];
      const row = [...r];
      const span = Date.parse(r[cEnd].slice(0, 10)) - Date.parse(r[cStart].slice(0, 10));
      const start = dayFrom(rng);
      row[cId] = String(90_000_000 + n);
      row[cRel] = `${r[cRel]}-b${n + 1}`;
      row[cYear] = String(start.getUTCFullYear());
      row[cStart] = day(start);
      row[cEnd] = day(new Date(start.getTime() + (Number.isFinite(span) && span > 0 ? span : 0)));
      yield row;
    }
  }
  return { rows: await writeLines(file, lines()), templates: records.length };
}

// UCDP Georeferenced Event Dataset (GED) CSV -> events with places, participants and sources. Sides may be coalitions
// written "GATIA, MSA" (each member a participant on that side); `source_article` lists the articles UCDP cites.
import { emptyBundle, type Event, type Participant } from "../../domain/index.js";
import type { ResolvedActor } from "../actors.js";
import type { ImportContext, ImporterResult } from "../context.js";
import { countryOf } from "../countries.js";
import { cell as at, columnIndexes, readCsv, requireColumns } from "../csv-stream.js";
import { parseDay } from "../dates.js";
import { guessKind } from "../resolver.js";
import { parseGedArticles, ucdpGedSource } from "../sources.js";

/** The columns this importer reads; the full GED header has 49. */
export const GED_REQUIRED_COLUMNS = [
  "id",
  "relid",
  "type_of_violence",
  "dyad_name",
  "side_a_new_id",
  "side_a",
  "side_b_new_id",
  "side_b",
  "source_article",
  "where_prec",
  "where_coordinates",
  "adm_1",
  "adm_2",
  "latitude",
  "longitude",
  "country",
  "country_id",
  "date_start",
  "date_end",
  "best",
  "high",
  "low",
] as const;

const CIVILIANS_IDS = new Set(["1", "9999"]);
/** GED events carry no claims; one frozen empty list for all of them. */
const NO_CLAIMS = Object.freeze([]) as unknown as Event["claims"];

function int(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  return Number(text);
}

function num(text: string): number | undefined | null {
  if (!text) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** The columns the handler reads, by index (-1 when the file lacks the column: read as ""). */
const COLUMNS = {
  id: "id",
  relid: "relid",
  violence: "type_of_violence",
  dyad: "dyad_name",
  sideAId: "side_a_new_id",
  sideA: "side_a",
  sideBId: "side_b_new_id",
  sideB: "side_b",
  articles: "source_article",
  original: "source_original",
  prec: "where_prec",
  where: "where_coordinates",
  whereText: "where_description",
  adm1: "adm_1",
  adm2: "adm_2",
  lat: "latitude",
  lon: "longitude",
  country: "country",
  countryId: "country_id",
  start: "date_start",
  end: "date_end",
  deathsA: "deaths_a",
  deathsB: "deaths_b",
  deathsCivilians: "deaths_civilians",
  deathsUnknown: "deaths_unknown",
  best: "best",
  high: "high",
  low: "low",
} as const;
type Column = keyof typeof COLUMNS;

export async function importUcdpGed(ctx: ImportContext): Promise<ImporterResult> {
  const bundle = emptyBundle();
  const notes: string[] = [];
  const datasetSource = ctx.sources.ensure(ucdpGedSource(ctx.release));
  let columnCount = 0;
  let ix = {} as Record<Column, number>;
  // A 100k-row file names a few thousand places, dates and citation lists, and repeats each many times: each is worked
  // out once. Events citing the same articles share one sources list (never mutated downstream), which the checks and
  // the store's writers then handle once, not per event (measured: 100k GED events cost 2.7x an ACLED event without).
  const countries = new Map<string, ReturnType<typeof countryOf>>();
  const placeOf = new Map<string, string | undefined>();
  const citationsOf = new Map<string, { sources: Event["sources"]; unparsed: string }>();
  const dayOf = new Map<string, string | null>();
  const day = (text: string): string | null => {
    let d = dayOf.get(text);
    if (d === undefined) dayOf.set(text, (d = parseDay(text, ctx.dayOrder)));
    return d;
  };

  const rowsRead = await readCsv(ctx.file, {
    // onRecord keeps strings, never the values array, and reads only these columns.
    reuseValues: true,
    columns: Object.values(COLUMNS),
    onProgress: ctx.progress,
    onNote: ctx.note,
    onBadRow: (b) => ctx.reject(b),
    onHeader: (h) => {
      requireColumns(ctx.file, h, GED_REQUIRED_COLUMNS, "UCDP GED", "ucdp-ged");
      columnCount = h.columns.length;
      ix = columnIndexes(h, COLUMNS);
    },
    onRecord: ({ row, line, values }) => {
      const get = (c: Column) => at(values, ix[c]);
      const bad = (reason: string) => ctx.reject({ row, line, reason });

      const rawId = get("id");
      if (!/^\d+$/.test(rawId)) return bad(`id '${rawId}' is not a GED event id`);
      const date = day(get("start"));
      if (!date) return bad(`date_start '${get("start")}' is not a date`);
      const end = get("end") ? day(get("end")) : date;
      if (!end) return bad(`date_end '${get("end")}' is not a date`);
      const violence = get("violence");
      if (violence !== "1" && violence !== "2" && violence !== "3")
        return bad(`type_of_violence '${violence}' is not 1, 2 or 3`);
      const best = int(get("best"));
      if (best === null) return bad(`best '${get("best")}' is not a whole number`);
      const low = get("low") ? int(get("low")) : undefined;
      const high = get("high") ? int(get("high")) : undefined;
      if (low === null || high === null) return bad(`low/high '${get("low")}'/'${get("high")}' are not whole numbers`);
      const latText = get("lat");
      const lonText = get("lon");
      const lat = num(latText);
      const lon = num(lonText);
      if (lat === null || lon === null) return bad(`latitude/longitude '${latText}'/'${lonText}' are not numbers`);

      const countryName = get("country");
      const countryKey = `${countryName}|${get("countryId")}`;
      let country = countries.get(countryKey);
      if (country === undefined && !countries.has(countryKey)) {
        country = countryOf(countryName, get("countryId"));
        countries.set(countryKey, country);
      }
      const rctx = { dataset: "ucdp" as const, event: true, country: country?.iso3, admin1: get("adm1"), date };
      const side = (name: string, ucdpId: string, s: "A" | "B"): Participant[] => {
        if (!name || CIVILIANS_IDS.has(ucdpId) || /^civilians$/i.test(name)) return [];
        const role = violence === "3" && s === "A" ? ("attacker" as const) : undefined;
        const whole = ctx.resolver.resolve(name, { ...rctx, ucdpId });
        let found: ResolvedActor[];
        if (whole.status === "unresolved" && name.includes(", ")) {
          // A coalition side: each member is a participant of its own.
          found = name
            .split(/\s*,\s*/)
            .filter(Boolean)
            .flatMap((part) => ctx.actors.participants(part, rctx, { row, kind: guessKind(part) }));
        } else {
          found = ctx.actors.participants(name, { ...rctx, ucdpId }, { row, ucdpId, kind: guessKind(name) });
        }
        return found.map((p) =>
          role
            ? { actorId: p.actorId, side: s, role, attribution: p.attribution }
            : { actorId: p.actorId, side: s, attribution: p.attribution },
        );
      };
      const participants = [...side(get("sideA"), get("sideAId"), "A"), ...side(get("sideB"), get("sideBId"), "B")];
      if (participants.length === 0) {
        return ctx.skip({ row, line, reason: `no resolvable actor (${get("dyad")})` });
      }

      const prec = get("prec");
      const adm1 = get("adm1");
      const adm2 = get("adm2");
      const where = get("where");
      const placeKey = `${prec}|${countryKey}|${adm1}|${adm2}|${where}|${latText}|${lonText}`;
      let placeId = placeOf.get(placeKey);
      if (placeId === undefined && !placeOf.has(placeKey)) {
        const admin = prec === "6" || prec === "7" ? [] : prec === "4" ? [adm1] : [adm1, adm2];
        const leaf = prec === "3" || prec === "4" || prec === "6" ? undefined : { name: where, lat, lon };
        placeId = ctx.places.place({ country, countryName, admin, leaf });
        placeOf.set(placeKey, placeId);
      }

      const articleText = get("articles");
      let citations = citationsOf.get(articleText);
      if (!citations) {
        const { articles, unparsed } = parseGedArticles(articleText);
        const sourceIds = [datasetSource, ...articles.map((a) => ctx.sources.article(a))];
        citations = {
          sources: [...new Set(sourceIds)].map((sourceId) => ({ sourceId })),
          unparsed: unparsed.length ? `Cited: ${unparsed.join("; ")}` : "",
        };
        citationsOf.set(articleText, citations);
      }
      const description = [
        `${get("dyad")} (UCDP GED ${get("relid") || rawId}).`,
        get("whereText") ? `Where: ${get("whereText")}.` : "",
        `Deaths: side A ${get("deathsA") || "?"}, side B ${get("deathsB") || "?"}, civilians ${get("deathsCivilians") || "?"}, unknown ${get("deathsUnknown") || "?"}.`,
        get("original") ? `Original sources: ${get("original")}.` : "",
        citations.unparsed,
      ]
        .filter(Boolean)
        .join(" ");

      const id = `ucdp-ged-${rawId}`;
      const fatalities: Event["fatalities"] = { best };
      if (low !== undefined) fatalities.low = low;
      if (high !== undefined) fatalities.high = high;
      // Set, not spread in: a spread of a conditional object costs 10x more per event (measured on ACLED).
      const event: Event = {
        id,
        date,
        type: violence === "3" ? "attack_on_civilians" : "battle",
        fatalities,
        claims: NO_CLAIMS,
        participants,
        description,
        sources: citations.sources,
      };
      if (end !== date && end > date) event.endDate = end;
      if (placeId) event.placeId = placeId;
      if (ctx.origin.has(id)) return bad(`event id ${rawId} appears twice (first on row ${ctx.origin.get(id)})`);
      ctx.origin.set(id, row);
      bundle.events.push(event);
      ctx.eventReady(event);
    },
  });
  ctx.fileRead();
  ctx.eventsResolved(bundle.events);
  if (columnCount !== 49) notes.push(`header has ${columnCount} columns (the GED 23.1 header has 49)`);
  return { bundle, rowsRead, notes };
}

// UCDP Georeferenced Event Dataset (GED) CSV -> events with places, participants and sources. Sides may be coalitions
// written "GATIA, MSA" (each member a participant on that side); `source_article` lists the articles UCDP cites.
import { emptyBundle, type Event, type Participant } from "../../domain/index.js";
import type { ResolvedActor } from "../actors.js";
import type { ImportContext, ImporterResult } from "../context.js";
import { countryOf } from "../countries.js";
import { columnReader, readCsv, requireColumns } from "../csv-stream.js";
import { parseDay } from "../dates.js";
import { guessKind } from "../resolver.js";
import { parseGedArticles, UCDP_GED_SOURCE } from "../sources.js";

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

function int(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  return Number(text);
}

function num(text: string): number | undefined | null {
  if (!text) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export async function importUcdpGed(ctx: ImportContext): Promise<ImporterResult> {
  const bundle = emptyBundle();
  const notes: string[] = [];
  const datasetSource = ctx.sources.ensure(UCDP_GED_SOURCE);
  let columnCount = 0;

  const rowsRead = await readCsv(ctx.file, {
    onProgress: ctx.progress,
    onNote: ctx.note,
    onBadRow: (b) => ctx.reject(b),
    onHeader: (h) => {
      requireColumns(ctx.file, h, GED_REQUIRED_COLUMNS, "UCDP GED", "ucdp-ged");
      columnCount = h.columns.length;
    },
    onRecord: ({ row, line, values }, header) => {
      const col = columnReader(header);
      const get = (c: string) => col(values, c);
      const bad = (reason: string) => ctx.reject({ row, line, reason });

      const rawId = get("id");
      if (!/^\d+$/.test(rawId)) return bad(`id '${rawId}' is not a GED event id`);
      const date = parseDay(get("date_start"), ctx.dayOrder);
      if (!date) return bad(`date_start '${get("date_start")}' is not a date`);
      const end = get("date_end") ? parseDay(get("date_end"), ctx.dayOrder) : date;
      if (!end) return bad(`date_end '${get("date_end")}' is not a date`);
      const violence = get("type_of_violence");
      if (!["1", "2", "3"].includes(violence)) return bad(`type_of_violence '${violence}' is not 1, 2 or 3`);
      const best = int(get("best"));
      if (best === null) return bad(`best '${get("best")}' is not a whole number`);
      const low = get("low") ? int(get("low")) : undefined;
      const high = get("high") ? int(get("high")) : undefined;
      if (low === null || high === null) return bad(`low/high '${get("low")}'/'${get("high")}' are not whole numbers`);
      const lat = num(get("latitude"));
      const lon = num(get("longitude"));
      if (lat === null || lon === null)
        return bad(`latitude/longitude '${get("latitude")}'/'${get("longitude")}' are not numbers`);

      const country = countryOf(get("country"), get("country_id"));
      const rctx = { dataset: "ucdp" as const, event: true, country: country?.iso3, admin1: get("adm_1"), date };
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
        return found.map((p) => ({
          actorId: p.actorId,
          side: s,
          ...(role ? { role } : {}),
          attribution: p.attribution,
        }));
      };
      const participants = [
        ...side(get("side_a"), get("side_a_new_id"), "A"),
        ...side(get("side_b"), get("side_b_new_id"), "B"),
      ];
      if (participants.length === 0) {
        return ctx.skip({ row, line, reason: `no resolvable actor (${get("dyad_name")})` });
      }

      const prec = get("where_prec");
      const admin = prec === "6" || prec === "7" ? [] : prec === "4" ? [get("adm_1")] : [get("adm_1"), get("adm_2")];
      const leaf =
        prec === "3" || prec === "4" || prec === "6" ? undefined : { name: get("where_coordinates"), lat, lon };
      const placeId = ctx.places.place({ country, countryName: get("country"), admin, leaf });

      const { articles, unparsed } = parseGedArticles(get("source_article"));
      const sourceIds = [datasetSource, ...articles.map((a) => ctx.sources.article(a))];
      const description = [
        `${get("dyad_name")} (UCDP GED ${get("relid") || rawId}).`,
        get("where_description") ? `Where: ${get("where_description")}.` : "",
        `Deaths: side A ${get("deaths_a") || "?"}, side B ${get("deaths_b") || "?"}, civilians ${get("deaths_civilians") || "?"}, unknown ${get("deaths_unknown") || "?"}.`,
        get("source_original") ? `Original sources: ${get("source_original")}.` : "",
        unparsed.length ? `Cited: ${unparsed.join("; ")}` : "",
      ]
        .filter(Boolean)
        .join(" ");

      const id = `ucdp-ged-${rawId}`;
      const event: Event = {
        id,
        date,
        ...(end !== date && end > date ? { endDate: end } : {}),
        type: violence === "3" ? "attack_on_civilians" : "battle",
        ...(placeId ? { placeId } : {}),
        fatalities: { best, ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) },
        claims: [],
        participants,
        description,
        sources: [...new Set(sourceIds)].map((sourceId) => ({ sourceId })),
      };
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

// ACLED CSV -> events with places, participants and sources, in both layouts: dyadic (actor1/actor2 per row, with
// assoc_actor_* or the older ally_actor_*) and monadic (one row per actor, grouped by event_id_cnty: the first row of
// an event is actor 1, side A; the others side B). Associated actors join their actor's side: co-belligerence evidence.
import { emptyBundle, type Event, type Participant } from "../../domain/index.js";
import type { ImportContext, ImporterResult } from "../context.js";
import { countryOf } from "../countries.js";
import { columnReader, readCsv, requireColumns } from "../csv-stream.js";
import { parseDay } from "../dates.js";
import { ACLED_SOURCE } from "../sources.js";
import { acledEventType, interCode, isAnonymousName, isArmedInter, isNonArmedName, kindHintOf } from "./taxonomy.js";

export const ACLED_REQUIRED_COLUMNS = [
  "event_id_cnty",
  "event_date",
  "event_type",
  "actor1",
  "country",
  "fatalities",
] as const;

interface ActorSlot {
  name: string;
  inter: number;
  assoc: string[];
  side: "A" | "B";
  row: number;
}

interface Draft {
  event: Omit<Event, "participants">;
  slots: ActorSlot[];
  ctx: { country?: string; admin1: string; date: string };
  row: number;
  line: number;
}

function splitList(text: string): string[] {
  return text
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function importAcled(ctx: ImportContext): Promise<ImporterResult> {
  const bundle = emptyBundle();
  const datasetSource = ctx.sources.ensure(ACLED_SOURCE);
  const drafts = new Map<string, Draft>();
  let layout: "dyadic" | "monadic" = "dyadic";
  let assoc1 = "assoc_actor_1";
  let assoc2 = "assoc_actor_2";

  const rowsRead = await readCsv(ctx.file, {
    onProgress: ctx.progress,
    onBadRow: (b) => ctx.reject(b),
    onHeader: (h) => {
      requireColumns(ctx.file, h, ACLED_REQUIRED_COLUMNS, "ACLED");
      layout = h.index.has("actor2") ? "dyadic" : "monadic";
      if (!h.index.has(assoc1) && h.index.has("ally_actor_1")) assoc1 = "ally_actor_1";
      if (!h.index.has(assoc2) && h.index.has("ally_actor_2")) assoc2 = "ally_actor_2";
    },
    onRecord: ({ row, line, values }, header) => {
      const col = columnReader(header);
      const get = (c: string) => col(values, c);
      const bad = (reason: string) => ctx.reject({ row, line, reason });

      const rawId = get("event_id_cnty");
      if (!/^[A-Za-z0-9._-]+$/.test(rawId)) return bad(`event_id_cnty '${rawId}' is not an ACLED event id`);
      const id = `acled-${rawId.toLowerCase()}`;
      const actor1 = get("actor1");
      if (!actor1) return bad("actor1 is empty");

      const existing = drafts.get(id);
      if (existing && layout === "monadic") {
        // Another actor of the same event: the other side.
        existing.slots.push({
          name: actor1,
          inter: interCode(get("inter1")),
          assoc: splitList(get(assoc1)),
          side: "B",
          row,
        });
        return;
      }
      if (existing) return bad(`event ${rawId} appears twice (first on row ${existing.row})`);

      const date = parseDay(get("event_date"));
      if (!date) return bad(`event_date '${get("event_date")}' is not a date`);
      const type = acledEventType(get("event_type"), get("sub_event_type"));
      if (!type) return bad(`event_type '${get("event_type")}' is not an ACLED event type`);
      const fatalitiesText = get("fatalities") || "0";
      if (!/^\d+$/.test(fatalitiesText)) return bad(`fatalities '${fatalitiesText}' is not a whole number`);
      const lat = get("latitude") ? Number(get("latitude")) : undefined;
      const lon = get("longitude") ? Number(get("longitude")) : undefined;
      if ((lat !== undefined && !Number.isFinite(lat)) || (lon !== undefined && !Number.isFinite(lon))) {
        return bad(`latitude/longitude '${get("latitude")}'/'${get("longitude")}' are not numbers`);
      }
      // time_precision 3 = "within the month": keep only the month.
      const eventDate = get("time_precision") === "3" ? date.slice(0, 7) : date;

      const country = countryOf(get("iso3") || get("country"), undefined) ?? countryOf(get("country"));
      const placeId = ctx.places.place({
        country,
        countryName: get("country"),
        admin: [get("admin1"), get("admin2"), get("admin3")],
        leaf: get("location") ? { name: get("location"), lat, lon } : undefined,
      });
      const sourceIds = [datasetSource, ...splitList(get("source")).map((s) => ctx.sources.outlet(s))];
      const slots: ActorSlot[] = [
        { name: actor1, inter: interCode(get("inter1")), assoc: splitList(get(assoc1)), side: "A", row },
      ];
      if (layout === "dyadic" && get("actor2")) {
        slots.push({
          name: get("actor2"),
          inter: interCode(get("inter2")),
          assoc: splitList(get(assoc2)),
          side: "B",
          row,
        });
      }
      drafts.set(id, {
        event: {
          id,
          date: eventDate,
          type,
          ...(placeId ? { placeId } : {}),
          fatalities: { best: Number(fatalitiesText) },
          claims: [],
          ...(get("notes") ? { description: get("notes") } : {}),
          sources: [...new Set(sourceIds)].map((sourceId) => ({ sourceId })),
        },
        slots,
        ctx: { country: country?.iso3, admin1: get("admin1"), date },
        row,
        line,
      });
    },
  });

  // Resolve once every row of every event is in (monadic events span rows).
  for (const d of drafts.values()) {
    const rctx = { dataset: "acled" as const, event: true, ...d.ctx };
    const participants: Participant[] = [];
    const seen = new Map<string, Participant>();
    const dropped: string[] = [];
    const add = (p: Participant) => {
      const key = `${p.actorId}|${p.side}`;
      const prev = seen.get(key);
      if (!prev) {
        seen.set(key, p);
        participants.push(p);
      } else if (prev.attribution !== "confirmed" && p.attribution === "confirmed") {
        prev.attribution = "confirmed";
      }
    };
    const role = d.event.type === "attack_on_civilians" ? "attacker" : undefined;
    for (const slot of d.slots) {
      if (!isArmedInter(slot.inter) || isNonArmedName(slot.name)) {
        dropped.push(slot.name);
        continue;
      }
      const hint = kindHintOf(slot.inter);
      const names = isAnonymousName(slot.name) ? [] : [slot.name];
      if (!names.length) dropped.push(slot.name);
      // Associated actors of an armed actor fight on its side (co-belligerents); those of civilians are not actors.
      for (const a of slot.assoc) {
        if (isNonArmedName(a) || isAnonymousName(a)) dropped.push(a);
        else names.push(a);
      }
      for (const name of names) {
        for (const r of ctx.actors.participants(name, rctx, { row: slot.row, kind: hint, acledName: name })) {
          add({
            actorId: r.actorId,
            side: slot.side,
            ...(role && slot.side === "A" ? { role } : {}),
            attribution: r.attribution,
          });
        }
      }
    }
    if (participants.length === 0) {
      ctx.skip({ row: d.row, line: d.line, reason: `no identified armed actor (${dropped.join("; ") || "none"})` });
      continue;
    }
    ctx.origin.set(d.event.id, d.row);
    bundle.events.push({ ...d.event, participants });
  }
  return { bundle, rowsRead, layout, notes: [] };
}

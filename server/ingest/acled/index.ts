// ACLED CSV -> events with places, participants and sources, in both layouts: dyadic (actor1/actor2 per row, with
// assoc_actor_* or the older ally_actor_*) and monadic (one row per actor, grouped by event_id_cnty: the first row of
// an event is actor 1, side A; the others side B). Associated actors join their actor's side: co-belligerence evidence.
import { emptyBundle, type Event, type EventType, type Participant } from "../../domain/index.js";
import { debugStep, yieldToEngine, YIELD_EVERY, type ImportContext, type ImporterResult } from "../context.js";
import { countryOf } from "../countries.js";
import { cell as at, columnIndexes, readCsv, requireColumns } from "../csv-stream.js";
import { parseDay } from "../dates.js";
import { acledSource } from "../sources.js";
import type { ResolveContext } from "../resolver.js";
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
  assoc: readonly string[];
  side: "A" | "B";
  row: number;
}

/**
 * An event being read, which is also where and when it happened for the resolver's place and date rules (one object
 * per event, not two: 100k events keep every one of them until the end).
 */
interface Draft extends ResolveContext {
  /** Participants are filled in once every row of the event is in. */
  draft: Event;
  slots: ActorSlot[];
  row: number;
  line: number;
}

/** Shared by every empty list (most rows name no associated actor): never mutated, so frozen. */
const NONE: readonly string[] = Object.freeze([]);
/** ACLED events carry no claims; one frozen empty list for all of them (100k fewer arrays to keep). */
const NO_CLAIMS = Object.freeze([]) as unknown as Event["claims"];

/**
 * The fatalities of an event, one shared frozen object per count below 1,000 (nearly every event): 100k objects fewer
 * to keep. Events are never mutated downstream (written ahead, they are frozen).
 */
const FEW_FATALITIES: Event["fatalities"][] = [];
function fatalitiesOf(best: number): Event["fatalities"] {
  if (best >= 1_000) return { best };
  return (FEW_FATALITIES[best] ??= Object.freeze({ best }));
}

function splitList(text: string, keep: (s: string) => string = (s) => s): readonly string[] {
  if (text === "") return NONE;
  return text
    .split(";")
    .map((s) => keep(s.trim()))
    .filter(Boolean);
}

/**
 * A string of its own. Field values are slices of the decoded 64 KiB read chunk, and one slice kept until the end
 * keeps the whole chunk alive: every chunk survived, and each garbage collection of the young generation copied them
 * (89 MB for 100k events). A copy lets the chunk die young.
 */
const own = (s: string): string => (s.length < 13 ? s : (" " + s).slice(1));

/** The columns the handler reads, by index (-1 when the file lacks the column: read as ""). */
const COLUMNS = {
  id: "event_id_cnty",
  date: "event_date",
  type: "event_type",
  subType: "sub_event_type",
  actor1: "actor1",
  inter1: "inter1",
  assoc1: "assoc_actor_1",
  actor2: "actor2",
  inter2: "inter2",
  assoc2: "assoc_actor_2",
  fatalities: "fatalities",
  latitude: "latitude",
  longitude: "longitude",
  timePrecision: "time_precision",
  iso3: "iso3",
  country: "country",
  admin1: "admin1",
  admin2: "admin2",
  admin3: "admin3",
  location: "location",
  source: "source",
  notes: "notes",
} as const;
type Column = keyof typeof COLUMNS;

const EVENT_ID_RE = /^[A-Za-z0-9._-]+$/;
const WHOLE_RE = /^\d+$/;

export async function importAcled(ctx: ImportContext): Promise<ImporterResult> {
  const bundle = emptyBundle();
  const datasetSource = ctx.sources.ensure(acledSource(ctx.release));
  const drafts = new Map<string, Draft>();
  // Rows name their events' ids: each draft's row answers for its event.
  ctx.originFrom((id) => drafts.get(id)?.row);
  /** The previous row's event: a monadic event's rows come one after the other (no lookup for them). */
  let last: Draft | undefined;
  let layout: "dyadic" | "monadic" = "dyadic";
  let ix = {} as Record<Column, number>;
  // A 100k-row file names a few thousand places and a few hundred outlets: each is worked out once.
  const placeOf = new Map<string, { placeId: string | undefined; iso3: string | undefined }>();
  const sourcesOf = new Map<string, { sourceId: string }[]>();
  // A few thousand dates and a few dozen event types: each parsed once.
  const dayOf = new Map<string, string | null>();
  /** Actor names and admin names kept per row, each one string of its own (see own) however many rows repeat it. */
  const names = new Map<string, string>();
  const intern = (s: string): string => {
    let v = names.get(s);
    if (v === undefined) names.set((v = own(s)), v);
    return v;
  };
  const typeOf = new Map<string, Map<string, EventType | null>>();

  // Names repeat across 100k rows: each is classified once.
  const kindOfName = new Map<string, "armed" | "non-armed" | "anonymous">();
  const classify = (name: string) => {
    let k = kindOfName.get(name);
    if (!k) {
      k = isNonArmedName(name) ? "non-armed" : isAnonymousName(name) ? "anonymous" : "armed";
      kindOfName.set(name, k);
    }
    return k;
  };
  /**
   * The names of a slot that can become participants: an armed, identified actor and its armed associates (they
   * fight on its side: co-belligerents); associates of civilians are not actors. The others go to `dropped`.
   */
  const namesOf = (slot: ActorSlot, dropped?: string[]): string[] => {
    const kind = classify(slot.name);
    if (!isArmedInter(slot.inter) || kind === "non-armed") {
      dropped?.push(slot.name);
      return [];
    }
    const names = kind === "anonymous" ? [] : [slot.name];
    if (!names.length) dropped?.push(slot.name);
    for (const a of slot.assoc) {
      if (classify(a) !== "armed") dropped?.push(a);
      else names.push(a);
    }
    return names;
  };
  /**
   * An event whose rows are all read goes ahead to the store, its participants still to come, unless no name of it
   * can become a participant: that event will be skipped, and one written ahead must be deleted again. Measured on a
   * dyadic file (a quarter of its events have civilians, protesters or an unidentified group alone): 100k skipped
   * events written ahead took the engine minutes to delete (DETACH DELETE by id, 0.35-1 ms each and growing).
   */
  const announce = (d: Draft) => {
    if (d.slots.some((slot) => namesOf(slot).length > 0)) ctx.eventReady(d.draft);
  };

  const tr0 = performance.now();
  const rowsRead = await readCsv(ctx.file, {
    // onRecord keeps strings, never the values array, and reads only these columns.
    reuseValues: true,
    columns: [...Object.values(COLUMNS), "ally_actor_1", "ally_actor_2"],
    onProgress: ctx.progress,
    onNote: ctx.note,
    onBadRow: (b) => ctx.reject(b),
    onHeader: (h) => {
      requireColumns(ctx.file, h, ACLED_REQUIRED_COLUMNS, "ACLED", "acled");
      layout = h.index.has("actor2") ? "dyadic" : "monadic";
      ix = columnIndexes(h, COLUMNS);
      if (ix.assoc1 < 0) ix.assoc1 = h.index.get("ally_actor_1") ?? -1;
      if (ix.assoc2 < 0) ix.assoc2 = h.index.get("ally_actor_2") ?? -1;
    },
    onRecord: ({ row, line, values }) => {
      const rawId = at(values, ix.id);
      if (!EVENT_ID_RE.test(rawId)) {
        return ctx.reject({ row, line, reason: `event_id_cnty '${rawId}' is not an ACLED event id` });
      }
      // Lower-cased whole: a flat string (a concatenation would keep two strings per event).
      const id = `acled-${rawId}`.toLowerCase();
      const actor1 = at(values, ix.actor1);
      if (!actor1) return ctx.reject({ row, line, reason: "actor1 is empty" });

      const existing = last?.draft.id === id ? last : drafts.get(id);
      if (existing && layout === "monadic") {
        // Another actor of the same event: the other side. A new array of the exact size (a push would give the kept
        // array room for 17).
        existing.slots = [
          ...existing.slots,
          {
            name: intern(actor1),
            inter: interCode(at(values, ix.inter1)),
            assoc: splitList(at(values, ix.assoc1), intern),
            side: "B",
            row,
          },
        ];
        return;
      }
      if (existing) {
        return ctx.reject({ row, line, reason: `event ${rawId} appears twice (first on row ${existing.row})` });
      }

      const dateText = at(values, ix.date);
      let date = dayOf.get(dateText);
      if (date === undefined) dayOf.set(own(dateText), (date = parseDay(dateText, ctx.dayOrder)));
      if (!date) return ctx.reject({ row, line, reason: `event_date '${dateText}' is not a date` });
      const typeText = at(values, ix.type);
      const subTypeText = at(values, ix.subType);
      let subTypes = typeOf.get(typeText);
      if (!subTypes) typeOf.set(own(typeText), (subTypes = new Map()));
      let type = subTypes.get(subTypeText);
      if (type === undefined) subTypes.set(own(subTypeText), (type = acledEventType(typeText, subTypeText)));
      if (!type) {
        return ctx.reject({ row, line, reason: `event_type '${typeText}' is not an ACLED event type` });
      }
      const fatalitiesText = at(values, ix.fatalities) || "0";
      if (!WHOLE_RE.test(fatalitiesText)) {
        return ctx.reject({ row, line, reason: `fatalities '${fatalitiesText}' is not a whole number` });
      }
      const latText = at(values, ix.latitude);
      const lonText = at(values, ix.longitude);
      const lat = latText ? Number(latText) : undefined;
      const lon = lonText ? Number(lonText) : undefined;
      if ((lat !== undefined && !Number.isFinite(lat)) || (lon !== undefined && !Number.isFinite(lon))) {
        return ctx.reject({ row, line, reason: `latitude/longitude '${latText}'/'${lonText}' are not numbers` });
      }
      // time_precision 3 = "within the month": keep only the month.
      const eventDate = at(values, ix.timePrecision) === "3" ? date.slice(0, 7) : date;

      const countryName = at(values, ix.country);
      const admin1 = intern(at(values, ix.admin1));
      const admin2 = at(values, ix.admin2);
      const admin3 = at(values, ix.admin3);
      const location = at(values, ix.location);
      const iso3Text = at(values, ix.iso3);
      const placeKey = `${iso3Text}|${countryName}|${admin1}|${admin2}|${admin3}|${location}|${latText}|${lonText}`;
      let place = placeOf.get(placeKey);
      if (!place) {
        const country = countryOf(iso3Text || countryName, undefined) ?? countryOf(countryName);
        place = {
          iso3: country?.iso3,
          placeId: ctx.places.place({
            country,
            countryName: own(countryName),
            admin: [admin1, own(admin2), own(admin3)],
            leaf: location ? { name: own(location), lat, lon } : undefined,
          }),
        };
        placeOf.set(placeKey, place);
      }
      const sourceText = at(values, ix.source);
      let sources = sourcesOf.get(sourceText);
      if (!sources) {
        const ids = [datasetSource, ...splitList(sourceText, own).map((s) => ctx.sources.outlet(s))];
        sources = [...new Set(ids)].map((sourceId) => ({ sourceId }));
        sourcesOf.set(own(sourceText), sources);
      }
      const first: ActorSlot = {
        name: intern(actor1),
        inter: interCode(at(values, ix.inter1)),
        assoc: splitList(at(values, ix.assoc1), intern),
        side: "A",
        row,
      };
      const actor2 = layout === "dyadic" ? at(values, ix.actor2) : "";
      // Array literals: arrays of the exact size (see the monadic case above).
      const slots: ActorSlot[] = actor2
        ? [
            first,
            {
              name: intern(actor2),
              inter: interCode(at(values, ix.inter2)),
              assoc: splitList(at(values, ix.assoc2), intern),
              side: "B",
              row,
            },
          ]
        : [first];
      const notes = at(values, ix.notes);
      const event: Event = {
        id,
        date: eventDate,
        type,
        fatalities: fatalitiesOf(Number(fatalitiesText)),
        claims: NO_CLAIMS,
        participants: [],
        // Shared between events citing the same outlets: never mutated downstream.
        sources,
      };
      // Set, not spread in: a spread of a conditional object costs 10x more per event (measured).
      if (place.placeId) event.placeId = place.placeId;
      if (notes) event.description = own(notes);
      // The previous event's rows are all in (a monadic event's rows come one after the other).
      if (last) announce(last);
      last = { draft: event, slots, row, line, dataset: "acled", event: true, country: place.iso3, admin1, date };
      drafts.set(id, last);
    },
  });

  // Resolve once every row of every event is in (monadic events span rows).
  if (last) announce(last);
  ctx.fileRead();
  debugStep("read rows", tr0);
  const tr = performance.now();
  let resolved = 0;
  for (const d of drafts.values()) {
    // Let the engine's callbacks in now and then: it writes ahead while this loop runs (see ImportContext.eventReady).
    if (++resolved % YIELD_EVERY === 0) await yieldToEngine();
    const rctx = d;
    // Filled in place: the event itself may already be frozen (written ahead; see ImportContext.eventReady).
    const participants = d.draft.participants;
    const dropped: string[] = [];
    const role = d.draft.type === "attack_on_civilians" ? "attacker" : undefined;
    // One participant per actor and side (an event has a handful): a confirmed attribution wins over an alleged one.
    const add = (actorId: string, side: Participant["side"], attribution: Participant["attribution"]) => {
      for (const p of participants) {
        if (p.actorId !== actorId || p.side !== side) continue;
        if (attribution === "confirmed") p.attribution = "confirmed";
        return;
      }
      participants.push(role && side === "A" ? { actorId, side, role, attribution } : { actorId, side, attribution });
    };
    for (const slot of d.slots) {
      const names = namesOf(slot, dropped);
      for (const name of names) {
        const hint = kindHintOf(slot.inter, name);
        for (const r of ctx.actors.participants(name, rctx, { row: slot.row, kind: hint, acledName: name })) {
          add(r.actorId, slot.side, r.attribution);
        }
      }
    }
    if (participants.length === 0) {
      ctx.skip({ row: d.row, line: d.line, reason: `no identified armed actor (${dropped.join("; ") || "none"})` });
      continue;
    }
    bundle.events.push(d.draft);
  }
  ctx.eventsResolved(bundle.events);
  debugStep("resolve", tr);
  return { bundle, rowsRead, layout, notes: [] };
}

// Event points for the map, engine-neutral: the events of a window as compact columns (ids, dates, type codes,
// fatalities or null, place and actor indexes), each place located by its own coordinates or its nearest located
// ancestor, read with two queries (places, then events) so that no event is held as a full object.
import {
  EVENT_TYPES,
  daysInMonth,
  fromStoredDate,
  toStoredDate,
  type EventType,
  type PlaceKind,
} from "../domain/index.js";
import type { EventPoints, EventPointsFilter } from "./port.js";
import type { ReadFn } from "./plan.js";
import type { QueryBook } from "./query-book.js";

/** Place ancestry is walked at most this deep (the hierarchy is village ⊂ commune ⊂ cercle ⊂ region ⊂ country). */
const MAX_DEPTH = 12;

interface PlaceRow {
  id: string;
  name: string;
  kind: PlaceKind;
  lat: number | null;
  lon: number | null;
  parentId: string | null;
  country: string | null;
}

/** Where a place is drawn: its own coordinates, else those of its nearest located ancestor (then `approx`). */
export interface LocatedPlace {
  id: string;
  name: string;
  lat: number | null;
  lon: number | null;
  /** The coordinates are an ancestor's (e.g. a village without coordinates drawn at its region's). */
  approx: boolean;
  /** The nearest region in its hierarchy (itself included), for admin boundaries; and its country (ISO 3166 alpha-3). */
  region: string | null;
  country: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined || v === "" ? null : String(v));

export function locatePlaces(rows: PlaceRow[]): Map<string, LocatedPlace> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, LocatedPlace>();
  for (const p of rows) {
    let at: PlaceRow | undefined = p;
    let located: PlaceRow | null = null;
    let region: PlaceRow | null = null;
    let country = p.country;
    for (let depth = 0; at && depth < MAX_DEPTH; depth++) {
      if (!located && at.lat !== null && at.lon !== null) located = at;
      if (!region && at.kind === "region") region = at;
      country ??= at.country;
      at = at.parentId ? byId.get(at.parentId) : undefined;
    }
    out.set(p.id, {
      id: p.id,
      name: p.name,
      lat: located?.lat ?? null,
      lon: located?.lon ?? null,
      approx: !!located && located !== p,
      region: region?.name ?? null,
      country,
    });
  }
  return out;
}

/** The last ISO day a partial date covers ("2022" -> "2022-12-31"). */
export function lastDay(value: string): string {
  const { start, precision } = toStoredDate(value);
  if (precision === "day") return start;
  const y = Number(start.slice(0, 4));
  if (precision === "year") return `${y}-12-31`;
  const m = Number(start.slice(5, 7));
  return `${start.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, "0")}`;
}

const inBox = (p: LocatedPlace, [minLon, minLat, maxLon, maxLat]: [number, number, number, number]) =>
  p.lat !== null &&
  p.lon !== null &&
  p.lat >= minLat &&
  p.lat <= maxLat &&
  // A box crossing the antimeridian has minLon > maxLon.
  (minLon <= maxLon ? p.lon >= minLon && p.lon <= maxLon : p.lon >= minLon || p.lon <= maxLon);

export async function readEventPoints(book: QueryBook, read: ReadFn, filter: EventPointsFilter): Promise<EventPoints> {
  if (!Number.isSafeInteger(filter.limit) || filter.limit < 1)
    throw new RangeError(`event-points: limit must be a positive integer, got ${filter.limit}`);
  const placeRows: PlaceRow[] = (await read(book.text("places-all"))).map((r) => ({
    id: String(r.id),
    name: String(r.name),
    kind: r.kind as PlaceKind,
    lat: num(r.lat),
    lon: num(r.lon),
    parentId: str(r.parentId),
    country: str(r.country),
  }));
  const located = locatePlaces(placeRows);
  const placeIds = filter.bbox ? [...located.values()].filter((p) => inBox(p, filter.bbox!)).map((p) => p.id) : [];
  const params = {
    from: filter.from ? toStoredDate(filter.from).start : "",
    // Every stored day is shorter than or equal to this when there is no upper bound.
    to: filter.to ? lastDay(filter.to) : "9999-12-31",
    types: filter.types?.length ? [...filter.types] : [...EVENT_TYPES],
    anyPlace: !filter.bbox,
    placeIds,
    limit: filter.limit + 1,
  };
  const rows = filter.actor
    ? await read(book.text("events-points-by-actor"), { ...params, actor: filter.actor })
    : await read(book.text("events-points"), params);
  const truncated = rows.length > filter.limit;
  if (truncated) rows.length = filter.limit;

  const placeIndex = new Map<string, number>();
  const actorIndex = new Map<string, number>();
  const places: LocatedPlace[] = [];
  const actors: string[] = [];
  const typeCode = new Map(EVENT_TYPES.map((t, i) => [t, i]));
  const out: EventPoints = {
    types: [...EVENT_TYPES],
    events: { id: [], date: [], type: [], fatalities: [], place: [], actors: [] },
    places: { id: [], name: [], lat: [], lon: [], approx: [], region: [], country: [] },
    actors,
    truncated,
    limit: filter.limit,
  };
  const ev = out.events;
  for (const r of rows) {
    const placeId = str(r.placeId);
    let pi = -1;
    if (placeId && located.has(placeId)) {
      pi = placeIndex.get(placeId) ?? -1;
      if (pi < 0) {
        pi = places.length;
        placeIndex.set(placeId, pi);
        places.push(located.get(placeId)!);
      }
    }
    const ids = [...new Set((r.actorIds as unknown[] | null) ?? [])].map(String).sort();
    ev.id.push(String(r.id));
    ev.date.push(fromStoredDate(str(r.date), str(r.datePrecision)) ?? "");
    ev.type.push(typeCode.get(r.type as EventType) ?? EVENT_TYPES.indexOf("other"));
    ev.fatalities.push(num(r.fatalities));
    ev.place.push(pi);
    ev.actors.push(
      ids.map((id) => {
        let ai = actorIndex.get(id);
        if (ai === undefined) {
          ai = actors.length;
          actorIndex.set(id, ai);
          actors.push(id);
        }
        return ai;
      }),
    );
  }
  for (const p of places) {
    out.places.id.push(p.id);
    out.places.name.push(p.name);
    out.places.lat.push(p.lat);
    out.places.lon.push(p.lon);
    out.places.approx.push(p.approx);
    out.places.region.push(p.region);
    out.places.country.push(p.country);
  }
  return out;
}

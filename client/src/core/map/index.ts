// The map's data and rules (no DOM, no MapLibre): event points decoded into typed columns, the time window of the
// slider, which events the current view shows, point sizes and colours, and the map's part of the URL.
import { EVENT_TYPES, type EventType } from "../../../../server/domain/constants.js";
import { dateStart } from "../../../../server/domain/dates.js";
import type { EventPoints } from "../../../../server/store/port.js";
import type { Feature, FeatureCollection, Point } from "geojson";

export type { EventPoints };

export const MAP_WINDOWS = ["month", "year", "5y", "upto"] as const;
export type MapWindow = (typeof MAP_WINDOWS)[number];
export const MAP_WINDOW_LABELS: Record<MapWindow, string> = {
  month: "the month before",
  year: "the year before",
  "5y": "the five years before",
  upto: "everything before",
};

export const MAP_COLOR_BY = ["type", "actor"] as const;
export type MapColorBy = (typeof MAP_COLOR_BY)[number];

export interface MapCamera {
  lon: number;
  lat: number;
  zoom: number;
}

/** What the map adds to the view state (and to the URL). */
export interface MapViewState {
  window: MapWindow;
  colorBy: MapColorBy;
  camera: MapCamera | null;
}

export const DEFAULT_MAP_VIEW: MapViewState = { window: "year", colorBy: "type", camera: null };

/** Colour of each event type (colour-blind-safe Okabe–Ito hues). */
export const EVENT_TYPE_COLORS: Record<EventType, string> = {
  battle: "#d55e00",
  attack_on_civilians: "#cc79a7",
  explosion_remote_violence: "#0072b2",
  occupation: "#e69f00",
  other: "#6b7280",
};
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  battle: "Battle",
  attack_on_civilians: "Attack on civilians",
  explosion_remote_violence: "Explosion / remote violence",
  occupation: "Occupation / territory change",
  other: "Other",
};

/** The points as typed columns: what the map filters on every slider step without building objects. */
export interface PointIndex {
  size: number;
  ids: string[];
  dates: string[];
  /** First day of each event's date as yyyymmdd, for window tests. */
  day: Int32Array;
  type: Uint8Array;
  /** -1: not reported. */
  fatalities: Int32Array;
  lon: Float64Array;
  lat: Float64Array;
  /** 1 where the place is an ancestor's (approximate), 0 where it is the event's own, 0 when unlocated. */
  approx: Uint8Array;
  /** 1 where the event can be drawn. */
  located: Uint8Array;
  /** Place index into `places` (-1: none). */
  place: Int32Array;
  places: EventPoints["places"];
  /** Actor indexes of event i: actorList[actorStart[i] .. actorStart[i+1]). */
  actorStart: Uint32Array;
  actorList: Uint32Array;
  actors: string[];
  truncated: boolean;
}

const dayNumber = (partial: string): number => (partial ? Number(dateStart(partial).replaceAll("-", "")) : 0);

export function indexPoints(p: EventPoints): PointIndex {
  const n = p.events.id.length;
  const ix: PointIndex = {
    size: n,
    ids: p.events.id,
    dates: p.events.date,
    day: new Int32Array(n),
    type: new Uint8Array(n),
    fatalities: new Int32Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    approx: new Uint8Array(n),
    located: new Uint8Array(n),
    place: new Int32Array(n),
    places: p.places,
    actorStart: new Uint32Array(n + 1),
    actorList: new Uint32Array(p.events.actors.reduce((s, a) => s + a.length, 0)),
    actors: p.actors,
    truncated: p.truncated,
  };
  // Type codes index the answer's own list; re-coded to this client's closed set.
  const typeCode = p.types.map((t) => Math.max(0, EVENT_TYPES.indexOf(t)));
  let k = 0;
  for (let i = 0; i < n; i++) {
    ix.day[i] = dayNumber(p.events.date[i]);
    ix.type[i] = typeCode[p.events.type[i]] ?? EVENT_TYPES.indexOf("other");
    const f = p.events.fatalities[i];
    ix.fatalities[i] = f === null || f === undefined ? -1 : f;
    const pi = p.events.place[i];
    ix.place[i] = pi;
    const lat = pi >= 0 ? p.places.lat[pi] : null;
    const lon = pi >= 0 ? p.places.lon[pi] : null;
    if (lat !== null && lon !== null) {
      ix.located[i] = 1;
      ix.lat[i] = lat;
      ix.lon[i] = lon;
      ix.approx[i] = p.places.approx[pi] ? 1 : 0;
    }
    ix.actorStart[i] = k;
    for (const a of p.events.actors[i]) ix.actorList[k++] = a;
  }
  ix.actorStart[n] = k;
  return ix;
}

export function actorsOf(ix: PointIndex, i: number): string[] {
  const out: string[] = [];
  for (let k = ix.actorStart[i]; k < ix.actorStart[i + 1]; k++) out.push(ix.actors[ix.actorList[k]]);
  return out;
}

const dayOf = (d: Date) => d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();

/** The days [from, to] (yyyymmdd numbers, both included) the map shows for an as-of date; null: every day. */
export function mapWindow(at: string | null, window: MapWindow): { from: number; to: number } | null {
  if (at === null) return null;
  // The as-of date's last day: "2022" covers the whole of 2022, "2022-10" the whole of October.
  const [y, m, d] = dateStart(at).split("-").map(Number);
  const last =
    at.length === 4
      ? new Date(Date.UTC(y, 11, 31))
      : at.length === 7
        ? new Date(Date.UTC(y, m, 0))
        : new Date(Date.UTC(y, m - 1, d));
  if (window === "upto") return { from: 0, to: dayOf(last) };
  // The same day a month or some years earlier (clamped to that month's length), and the day after it.
  const back = window === "month" ? 1 : window === "year" ? 12 : 60;
  const months = last.getUTCFullYear() * 12 + last.getUTCMonth() - back;
  const fy = Math.floor(months / 12);
  const fm = months % 12;
  const first = new Date(Date.UTC(fy, fm, Math.min(last.getUTCDate(), new Date(Date.UTC(fy, fm + 1, 0)).getUTCDate())));
  first.setUTCDate(first.getUTCDate() + 1);
  return { from: dayOf(first), to: dayOf(last) };
}

export interface PointFilter {
  window: { from: number; to: number } | null;
  /** Actors the network shows now (filters, focus): an event is shown when one of its actors is. null: all. */
  actors: Set<string> | null;
  /** The selected actor: only its events. */
  actor: string | null;
  /** The selected clash: only these events. */
  eventIds: Set<string> | null;
}

/** Indexes of the events the view shows (located or not). */
export function filterPoints(ix: PointIndex, f: PointFilter): Uint32Array {
  const actorCode = (id: string) => ix.actors.indexOf(id);
  const allowed = f.actors ? new Uint8Array(ix.actors.length) : null;
  if (allowed && f.actors) ix.actors.forEach((a, i) => (allowed[i] = f.actors!.has(a) ? 1 : 0));
  const only = f.actor !== null ? actorCode(f.actor) : -2;
  const out = new Uint32Array(ix.size);
  let n = 0;
  for (let i = 0; i < ix.size; i++) {
    if (f.window && (ix.day[i] < f.window.from || ix.day[i] > f.window.to)) continue;
    if (f.eventIds && !f.eventIds.has(ix.ids[i])) continue;
    const s = ix.actorStart[i];
    const e = ix.actorStart[i + 1];
    if (only !== -2) {
      let has = false;
      for (let k = s; k < e; k++) if (ix.actorList[k] === only) has = true;
      if (!has) continue;
    }
    if (allowed) {
      let any = false;
      for (let k = s; k < e && !any; k++) any = allowed[ix.actorList[k]] === 1;
      if (!any) continue;
    }
    out[n++] = i;
  }
  return out.subarray(0, n);
}

/** Point radius in pixels: area grows with fatalities; unknown fatalities get a fixed hollow ring (see the layers). */
export const RADIUS_STOPS: [number, number][] = [
  [0, 4],
  [1, 5],
  [10, 8],
  [100, 14],
  [1000, 24],
];

/** GeoJSON of the shown, located events; `c` is the colour when colouring by actor. */
export function toFeatureCollection(
  ix: PointIndex,
  shown: Uint32Array,
  colorOfEvent?: (i: number) => string,
): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const i of shown) {
    if (!ix.located[i]) continue;
    const f = ix.fatalities[i];
    const properties: Record<string, number | string> = { i, t: ix.type[i] };
    if (f >= 0) properties.f = f;
    else properties.u = 1;
    if (ix.approx[i]) properties.a = 1;
    if (colorOfEvent) properties.c = colorOfEvent(i);
    features.push({
      type: "Feature",
      id: i,
      geometry: { type: "Point", coordinates: [ix.lon[i], ix.lat[i]] },
      properties,
    });
  }
  return { type: "FeatureCollection", features };
}

/** Actors of a set of events, with how many of those events each took part in (most first, then by id). */
export function actorCounts(ix: PointIndex, events: Iterable<number>): [string, number][] {
  const counts = new Map<string, number>();
  for (const i of events) for (const a of actorsOf(ix, i)) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** Events inside a lon/lat box, among those shown. */
export function eventsInBox(
  ix: PointIndex,
  shown: Uint32Array,
  [[w, s], [e, n]]: [[number, number], [number, number]],
): number[] {
  const out: number[] = [];
  for (const i of shown) {
    if (!ix.located[i]) continue;
    if (ix.lat[i] >= s && ix.lat[i] <= n && ix.lon[i] >= w && ix.lon[i] <= e) out.push(i);
  }
  return out;
}

/** Summary of shown events: how many, located, fatalities known and their sum. */
export function summarize(ix: PointIndex, shown: Uint32Array) {
  let located = 0;
  let known = 0;
  let killed = 0;
  for (const i of shown) {
    if (ix.located[i]) located++;
    if (ix.fatalities[i] >= 0) {
      known++;
      killed += ix.fatalities[i];
    }
  }
  return { shown: shown.length, located, unlocated: shown.length - located, known, killed };
}

const r = (n: number, d: number) => Number(n.toFixed(d));

/** The map's URL parameters (the rest of the view is url-state's). Defaults are left out. */
export function encodeMapView(s: MapViewState, p: URLSearchParams): void {
  if (s.window !== DEFAULT_MAP_VIEW.window) p.set("mwin", s.window);
  if (s.colorBy !== DEFAULT_MAP_VIEW.colorBy) p.set("mcolor", s.colorBy);
  if (s.camera) p.set("mcam", [r(s.camera.lon, 4), r(s.camera.lat, 4), r(s.camera.zoom, 2)].join(","));
}

export function decodeMapView(p: URLSearchParams): MapViewState {
  const s: MapViewState = { ...DEFAULT_MAP_VIEW };
  const win = p.get("mwin");
  if (win && (MAP_WINDOWS as readonly string[]).includes(win)) s.window = win as MapWindow;
  const color = p.get("mcolor");
  if (color && (MAP_COLOR_BY as readonly string[]).includes(color)) s.colorBy = color as MapColorBy;
  const cam = p.get("mcam")?.split(",").map(Number);
  if (
    cam &&
    cam.length === 3 &&
    cam.every(Number.isFinite) &&
    Math.abs(cam[0]) <= 180 &&
    Math.abs(cam[1]) <= 85 &&
    cam[2] >= 0 &&
    cam[2] <= 22
  )
    s.camera = { lon: cam[0], lat: cam[1], zoom: cam[2] };
  return s;
}

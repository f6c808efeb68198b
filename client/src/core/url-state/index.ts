// The view as URL query parameters: date, filters, selection, focus, path, mode, encodings and camera, so that a link
// reproduces the view. Decoding is forgiving (a bad value falls back to the default) and never throws.
import { ACTOR_KINDS, CONFIDENCES, GRAPH_EDGE_TYPES } from "../../../../server/domain/constants.js";
import { isValidPartialDate } from "../../../../server/domain/dates.js";
import { COLOR_BY, SIZE_BY, type ColorBy, type SizeBy } from "../encodings/index.js";
import { CURATIONS, DEFAULT_FILTERS, type FilterState } from "../filters/index.js";
import { DEFAULT_MAP_VIEW, decodeMapView, encodeMapView, type MapViewState } from "../map/index.js";
import { POSITIONS_RE } from "../positions/index.js";

export const VIEW_MODES = ["network", "lineage", "map"] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

export interface CameraView {
  x: number;
  y: number;
  ratio: number;
}

export type Selection = { kind: "node"; key: string } | { kind: "edge"; key: string } | null;

export interface ViewState extends FilterState {
  selected: Selection;
  /** Focus (ego) view: the actors shown; null = everything the filters allow. */
  focus: string[] | null;
  path: [string, string] | null;
  mode: ViewMode;
  /** Lineage mode: whose own family is shown; null = the whole genealogy. */
  family: string | null;
  colorBy: ColorBy;
  sizeBy: SizeBy;
  camera: CameraView | null;
  /** The network's positions once a layout run, a spread or a drag changed them (core/positions); null = computed. */
  positions: string | null;
  /** Actors dragged into place: the layout and spread leave them where they are until released. */
  pinned: string[] | null;
  /** The map view's own settings and camera. */
  map: MapViewState;
}

export const DEFAULT_VIEW: ViewState = {
  ...DEFAULT_FILTERS,
  selected: null,
  focus: null,
  path: null,
  mode: "network",
  family: null,
  colorBy: "family",
  sizeBy: "activity",
  camera: null,
  positions: null,
  pinned: null,
  map: DEFAULT_MAP_VIEW,
};

// Ids are slugs; edge keys may also hold ':' (clash keys). Anything else in a URL is ignored.
const KEY_RE = /^[a-z0-9][a-z0-9._:-]{0,199}$/;
const COUNTRY_RE = /^[A-Z]{3}$/;

function list<T extends string>(raw: string | null, allowed: readonly T[] | ((v: string) => boolean)): T[] | null {
  if (raw === null) return null;
  const ok = typeof allowed === "function" ? allowed : (v: string) => (allowed as readonly string[]).includes(v);
  const values = raw === "" ? [] : raw.split(",").filter(ok);
  return [...new Set(values)] as T[];
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** ViewState -> query string (without '?'). Defaults are left out to keep links short; the date is always written. */
export function encodeViewState(s: ViewState): string {
  const p = new URLSearchParams();
  p.set("at", s.at ?? "all");
  if (s.types) p.set("types", s.types.join(","));
  if (s.kinds) p.set("kinds", s.kinds.join(","));
  if (s.countries) p.set("countries", s.countries.join(","));
  if (s.confidence) p.set("confidence", s.confidence.join(","));
  if (s.curation) p.set("curation", s.curation.join(","));
  if (s.hideIsolated) p.set("isolated", "hide");
  if (s.selected) p.set("sel", `${s.selected.kind === "node" ? "n" : "e"}:${s.selected.key}`);
  if (s.focus) p.set("focus", s.focus.join(","));
  if (s.path) p.set("path", s.path.join(","));
  if (s.mode !== "network") p.set("mode", s.mode);
  if (s.mode === "lineage" && s.family) p.set("family", s.family);
  if (s.colorBy !== DEFAULT_VIEW.colorBy) p.set("color", s.colorBy);
  if (s.sizeBy !== DEFAULT_VIEW.sizeBy) p.set("size", s.sizeBy);
  if (s.camera) p.set("cam", [round(s.camera.x, 4), round(s.camera.y, 4), round(s.camera.ratio, 4)].join(","));
  if (s.pinned?.length) p.set("pin", s.pinned.join(","));
  if (s.positions) p.set("pos", s.positions);
  encodeMapView(s.map, p);
  // Commas are safe in query strings and keep links readable.
  return p.toString().replace(/%2C/g, ",").replace(/%3A/g, ":");
}

/** Query string -> ViewState; `at` missing means `defaultAt` (the latest date), "all" means the whole history. */
export function decodeViewState(search: string, defaultAt: string | null = null): ViewState {
  const p = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  const s: ViewState = { ...DEFAULT_VIEW, at: defaultAt };
  const at = p.get("at");
  if (at === "all") s.at = null;
  else if (at && isValidPartialDate(at)) s.at = at;
  s.types = list(p.get("types"), GRAPH_EDGE_TYPES);
  s.kinds = list(p.get("kinds"), ACTOR_KINDS);
  s.countries = list(p.get("countries"), (v) => COUNTRY_RE.test(v));
  s.confidence = list(p.get("confidence"), CONFIDENCES);
  s.curation = list(p.get("curation"), CURATIONS);
  s.hideIsolated = p.get("isolated") === "hide";
  const sel = p.get("sel");
  const m = sel ? /^([ne]):(.+)$/.exec(sel) : null;
  if (m && KEY_RE.test(m[2])) s.selected = { kind: m[1] === "n" ? "node" : "edge", key: m[2] };
  const focus = list(p.get("focus"), (v) => KEY_RE.test(v));
  s.focus = focus && focus.length ? focus : null;
  const path = list(p.get("path"), (v) => KEY_RE.test(v));
  if (path && path.length === 2 && path[0] !== path[1]) s.path = [path[0], path[1]];
  const mode = p.get("mode");
  if (mode && (VIEW_MODES as readonly string[]).includes(mode)) s.mode = mode as ViewMode;
  const family = p.get("family");
  if (s.mode === "lineage" && family && KEY_RE.test(family)) s.family = family;
  const color = p.get("color");
  if (color && (COLOR_BY as readonly string[]).includes(color)) s.colorBy = color as ColorBy;
  const size = p.get("size");
  if (size && (SIZE_BY as readonly string[]).includes(size)) s.sizeBy = size as SizeBy;
  const cam = p.get("cam")?.split(",").map(Number);
  if (cam && cam.length === 3 && cam.every(Number.isFinite) && cam[2] > 0)
    s.camera = { x: cam[0], y: cam[1], ratio: cam[2] };
  const pos = p.get("pos");
  if (pos && POSITIONS_RE.test(pos)) s.positions = pos;
  const pinned = list(p.get("pin"), (v) => KEY_RE.test(v));
  s.pinned = pinned && pinned.length ? pinned : null;
  s.map = decodeMapView(p);
  return s;
}

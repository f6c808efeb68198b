// The map view's controller: fetches the event points once (or per time window when the store holds more than one
// answer's cap), filters them with the explorer's date, filters and selection, draws them with map-view.ts, shows a
// clicked event's details and sources, and hands events selected on the map back as actors to highlight.
import { EVENT_POINTS_MAX, EVENT_TYPES } from "../../../../server/domain/constants.js";
import { describeToll, plural } from "../../../../server/domain/tolls.js";
import { api, ApiError, type EventView, type Source } from "../../api/client.js";
import {
  EVENT_TYPE_COLORS,
  EVENT_TYPE_LABELS,
  MAP_COLOR_BY,
  MAP_WINDOWS,
  MAP_WINDOW_LABELS,
  actorCounts,
  eventsInBox,
  filterPoints,
  indexPoints,
  mapWindow,
  summarize,
  toFeatureCollection,
  type EventPoints,
  type MapViewState,
  type PointIndex,
} from "../../core/map/index.js";
import { formatDate } from "../../core/time/index.js";
import type { ViewState } from "../../core/url-state/index.js";
import { h, replace, swatch } from "../dom.js";
import { actorButton } from "../evidence.js";
import { renderEventsTimeline } from "../events-timeline.js";
import { admin1Lookup, createMapView, loadBasemap, type MapView } from "./map-view.js";
import "./map.css";

export interface MapDeps {
  /** Where the map goes (inside the stage, over the network's container). */
  stage: HTMLElement;
  detail: HTMLElement;
  /** Actors the explorer's filters and focus leave shown; null when nothing restricts them. */
  shownActors(): Set<string> | null;
  /** The selected clash's event ids, when a clash is selected. */
  /** The two actors of a selected clash tie (its events are those with both), or null for any other selection. */
  clashPair(key: string): [string, string] | null;
  nameOf(id: string): string;
  /** An actor's colour in the network (family or kind, as the explorer colours it). */
  colorOf(id: string): string;
  selectActor(id: string): void;
  /** Actors of the events selected on the map, to highlight in the network; null clears. */
  highlightActors(ids: string[] | null, title?: string): void;
  setMapState(patch: Partial<MapViewState>): void;
}

export interface MapController {
  update(state: ViewState): void;
  show(visible: boolean): void;
  png(): Promise<Blob>;
  /** What the map's colours and marks stand for, as its legend shows them (the exports draw the same). */
  legend(): MapLegend;
  /** For tests and benchmarks: the shown events, the MapLibre view, and a promise of the pending draw. */
  debug(): {
    shown: number;
    located: number;
    ids: string[];
    drawn: Promise<void>;
    view: MapView | null;
    /** The base layer has arrived and the points were placed with it. */
    basemap: boolean;
  };
}

/** Points as asked of the server: `window` names the request; `whole` is the window's answer an actor's was asked after. */
type Loaded = { ix: PointIndex; window: string | null; whole?: Loaded };

/** The map legend: a heading for the colours, one entry per colour, and the marks for the toll. */
export interface MapLegend {
  heading: string;
  colours: { label: string; color: string }[];
  marks: { mark: "size" | "ring" | "cluster"; label: string }[];
}

export const MAP_MARKS: MapLegend["marks"] = [
  { mark: "size", label: "Area grows with the reported toll" },
  { mark: "ring", label: "Not reported (unknown, not zero)" },
  { mark: "cluster", label: "Several events: click to zoom in" },
];

export function createMapController(deps: MapDeps): MapController {
  const root = h("div", { class: "map-stage", id: "map-stage", hidden: true });
  const canvasBox = h("div", { class: "map-canvas", id: "map-canvas", role: "region", "aria-label": "Map of events" });
  const bar = h("div", { class: "map-bar", id: "map-bar", role: "status", "aria-live": "polite" });
  const legend = h("div", { class: "legend map-legend", id: "map-legend", "aria-label": "Map legend" });
  root.append(canvasBox, bar, legend);
  deps.stage.append(root);

  let view: MapView | null = null;
  let viewPromise: Promise<MapView> | null = null;
  let full: Loaded | null = null;
  let current: Loaded | null = null;
  let state: ViewState | null = null;
  let shown: Uint32Array = new Uint32Array(0);
  let selected: number[] = [];
  let drawn: Promise<void> = Promise.resolve();
  let loadToken = 0;
  let firstFit = true;

  const place = (ix: PointIndex, i: number) => (ix.place[i] >= 0 ? ix.place[i] : null);

  /**
   * Places known only by their region (e.g. a village without coordinates) are drawn at the region's label point. The
   * points do not wait for the base layer: when it arrives later, they are placed again.
   */
  let regionsPending = false;
  let basemapReady: Awaited<ReturnType<typeof loadBasemap>> | null = null;
  void loadBasemap().then(
    (base) => {
      basemapReady = base;
      if (!regionsPending) return;
      regionsPending = false;
      full = null;
      current = null;
      if (state && !root.hidden) void refresh(state);
    },
    () => undefined,
  );
  function locateByRegion(p: EventPoints): EventPoints {
    const unlocated = p.places.id.some((_, k) => p.places.lat[k] === null && p.places.region[k]);
    if (!unlocated) return p;
    if (!basemapReady) {
      regionsPending = true;
      return p;
    }
    const lookup = admin1Lookup(basemapReady);
    const lat = [...p.places.lat];
    const lon = [...p.places.lon];
    const approx = [...p.places.approx];
    p.places.id.forEach((_, k) => {
      if (lat[k] !== null || !p.places.region[k]) return;
      const f = lookup(p.places.region[k]!, p.places.country[k]);
      if (!f) return;
      lat[k] = f.properties.lat;
      lon[k] = f.properties.lon;
      approx[k] = true;
    });
    return { ...p, places: { ...p.places, lat, lon, approx } };
  }

  const fetchPoints = async (query: Record<string, string>): Promise<PointIndex> => {
    const points = await api.eventPoints(query);
    performance.mark("faultlines:map-points");
    return indexPoints(locateByRegion(points));
  };

  /**
   * Whether the store's whole history fits one answer, from its event count (asked once): when it does not, the map
   * asks for the current window first and never for a whole history it would throw away (100,000 points, 1-5 s at
   * 300k events).
   */
  let wholeFits: Promise<boolean> | null = null;

  /**
   * The whole history when it fits one answer; otherwise the current window, asked of the server; and when that does not
   * fit one answer either and an actor (or a clash) is selected, that actor's events in the window: the map shows only
   * those, and they must not be the ones that happened to be among the window's first answer.
   */
  async function load(s: ViewState): Promise<Loaded> {
    const w = mapWindow(s.at, s.map.window);
    wholeFits ??= api.counts().then(
      (c) => c.events <= EVENT_POINTS_MAX,
      () => true,
    );
    if (!w || full || (await wholeFits)) {
      full ??= { ix: await fetchPoints({}), window: null };
      if (!full.ix.truncated) return full;
    }
    const day = (n: number) =>
      `${Math.floor(n / 10000)}-${String(Math.floor(n / 100) % 100).padStart(2, "0")}-${String(n % 100).padStart(2, "0")}`;
    const span: Record<string, string> = w
      ? { ...(w.from > 0 ? { from: day(Math.min(w.from, w.to)) } : {}), to: day(w.to) }
      : {};
    // The window's answer (the whole history's when the window is everything before the date).
    let win: Loaded;
    if (!w) win = full!;
    else {
      const key = `${span.from ?? ""}/${span.to}`;
      if (current?.window === key) win = current;
      else if (current?.whole?.window === key) win = current.whole;
      else win = { ix: await fetchPoints(span), window: key };
    }
    const sel = s.selected;
    const actor = sel?.kind === "node" ? sel.key : sel?.kind === "edge" ? (deps.clashPair(sel.key)?.[0] ?? null) : null;
    if (!win.ix.truncated || !actor) return win;
    const key = `${win.window ?? ""}|${actor}`;
    if (current?.window === key) return current;
    return { ix: await fetchPoints({ ...span, actor }), window: key, whole: win };
  }

  function colorOfEvent(ix: PointIndex, selectedActor: string | null) {
    return (i: number) => {
      // Coloured by the first of its actors (by id) other than the selected one: whom the selected actor fought.
      for (let k = ix.actorStart[i]; k < ix.actorStart[i + 1]; k++) {
        const a = ix.actors[ix.actorList[k]];
        if (a !== selectedActor || ix.actorStart[i + 1] - ix.actorStart[i] === 1) return deps.colorOf(a);
      }
      return "#6b7280";
    };
  }

  function eventsWithBoth(ix: PointIndex, [a, b]: [string, string]): string[] {
    const out: string[] = [];
    for (let i = 0; i < ix.size; i++) {
      let hasA = false;
      let hasB = false;
      for (let k = ix.actorStart[i]; k < ix.actorStart[i + 1]; k++) {
        const x = ix.actors[ix.actorList[k]];
        if (x === a) hasA = true;
        else if (x === b) hasB = true;
      }
      if (hasA && hasB) out.push(ix.ids[i]);
    }
    return out;
  }

  function draw() {
    if (!view || !current || !state) return;
    const s = state;
    const ix = current.ix;
    const selectedActor = s.selected?.kind === "node" ? s.selected.key : null;
    const pair = s.selected?.kind === "edge" ? deps.clashPair(s.selected.key) : null;
    // A clash aggregate carries no event list: its events on the map are those where both actors took part.
    const clash = pair ? eventsWithBoth(ix, pair) : null;
    shown = filterPoints(ix, {
      window: mapWindow(s.at, s.map.window),
      actors: deps.shownActors(),
      actor: selectedActor,
      eventIds: clash ? new Set(clash) : null,
    });
    const fc = toFeatureCollection(ix, shown, s.map.colorBy === "actor" ? colorOfEvent(ix, selectedActor) : undefined);
    view.setEvents(fc, s.map.colorBy === "actor");
    view.setSelected(selected);
    if (firstFit && !s.map.camera) view.fitTo(fc);
    drawn = view.idle();
    if (firstFit) {
      // The first draw of the map (the benchmark reads this mark): points fetched, base layer and events drawn.
      void drawn.then(() => {
        performance.mark("faultlines:map-first-draw");
        (window as unknown as { __faultlinesMapFirstDraw: number }).__faultlinesMapFirstDraw = performance.now();
      });
    }
    firstFit = false;
    drawBar(ix);
    drawLegend(ix);
  }

  function drawBar(ix: PointIndex) {
    if (!state) return;
    const sum = summarize(ix, shown);
    const w = state.at === null ? "all dates" : `${MAP_WINDOW_LABELS[state.map.window]} ${formatDate(state.at)}`;
    const winSelect = h(
      "select",
      { id: "map-window", "aria-label": "Events of" },
      MAP_WINDOWS.map((v) => h("option", { value: v, selected: v === state!.map.window }, MAP_WINDOW_LABELS[v])),
    );
    winSelect.disabled = state.at === null;
    winSelect.addEventListener("change", () => deps.setMapState({ window: winSelect.value as MapViewState["window"] }));
    const colorSelect = h(
      "select",
      { id: "map-color", "aria-label": "Colour events by" },
      MAP_COLOR_BY.map((v) =>
        h("option", { value: v, selected: v === state!.map.colorBy }, v === "type" ? "event type" : "actor"),
      ),
    );
    colorSelect.addEventListener("change", () =>
      deps.setMapState({ colorBy: colorSelect.value as MapViewState["colorBy"] }),
    );
    const toll = describeToll({
      count: sum.shown,
      fatalities: sum.known ? sum.killed : null,
      unknown: sum.shown - sum.known,
    });
    replace(
      bar,
      h(
        "span",
        { id: "map-summary" },
        `${plural(sum.shown, "event")} (${w})`,
        sum.unlocated ? `, ${sum.unlocated.toLocaleString("en")} without a known place (not on the map)` : "",
        sum.shown ? ` · ${toll}` : "",
      ),
      ix.truncated
        ? h(
            "span",
            { class: "warn", id: "map-truncated" },
            ` · only the first ${ix.size.toLocaleString("en")} events of this period were sent: narrow the dates`,
          )
        : null,
      h("label", { class: "inline" }, " Events of ", winSelect),
      h("label", { class: "inline" }, " Colour by ", colorSelect),
      h("span", { class: "muted" }, " · Shift-drag to select events"),
    );
  }

  function legendOf(ix: PointIndex | null): MapLegend {
    const byType = !state || state.map.colorBy === "type";
    const colours = byType
      ? EVENT_TYPES.map((t) => ({ label: EVENT_TYPE_LABELS[t], color: EVENT_TYPE_COLORS[t] }))
      : ix
        ? actorCounts(ix, shown)
            .slice(0, 8)
            .map(([a]) => ({ label: deps.nameOf(a), color: deps.colorOf(a) }))
        : [];
    return { heading: byType ? "Event type" : "Actor (network colours)", colours, marks: MAP_MARKS };
  }

  function drawLegend(ix: PointIndex) {
    if (!state) return;
    const l = legendOf(ix);
    const markClass = { size: "swatch-size", ring: "swatch-ring", cluster: "swatch-cluster" } as const;
    replace(
      legend,
      h(
        "details",
        { open: true },
        h("summary", {}, "Legend"),
        h("h3", {}, l.heading),
        h(
          "ul",
          {},
          l.colours.map((c) => h("li", {}, swatch("swatch-dot", c.color), c.label)),
        ),
        h("h3", {}, "Fatalities"),
        h(
          "ul",
          {},
          l.marks.map((m) => h("li", {}, h("span", { class: markClass[m.mark] }), m.label)),
        ),
      ),
    );
  }

  let sourcesPromise: Promise<Map<string, Source>> | null = null;
  const sources = () =>
    (sourcesPromise ??= api.sources().then(
      (r) => new Map(r.items.map((s) => [s.id, s])),
      () => new Map<string, Source>(),
    ));

  async function showEvent(i: number) {
    if (!current || !view) return;
    const ix = current.ix;
    selected = [i];
    view.setSelected(selected);
    deps.highlightActors(null);
    const pi = place(ix, i);
    const region = pi !== null ? ix.places.region[pi] : null;
    const lookup = region ? admin1Lookup(await loadBasemap())(region, ix.places.country[pi!]) : null;
    view.setRegion(lookup);
    replace(deps.detail, h("p", { class: "muted" }, "Loading…"));
    deps.detail.dispatchEvent(new CustomEvent("faultlines:detail"));
    try {
      const [ev, srcs] = await Promise.all([api.event(ix.ids[i]), sources()]);
      if (selected[0] !== i) return;
      const lookupSource = (id: string) => ev.cited.find((s) => s.id === id) ?? srcs.get(id);
      replace(
        deps.detail,
        h(
          "div",
          { class: "event-detail", id: "map-event-detail" },
          h(
            "h2",
            {},
            EVENT_TYPE_LABELS[ev.type as keyof typeof EVENT_TYPE_LABELS] ?? ev.type,
            " · ",
            formatDate(ev.date),
          ),
          pi !== null && ix.approx[i]
            ? h(
                "p",
                { class: "muted" },
                `Drawn at ${lookup && ix.places.lat[pi] === null ? `the ${region} region` : "its nearest located parent place"}: ${ix.places.name[pi]} has no coordinates of its own.`,
              )
            : null,
          h("h3", {}, "Actors"),
          h(
            "ul",
            { class: "event-actors" },
            ev.participants.map((p) =>
              h("li", {}, actorButton(p.actorId, p.actorName, deps.selectActor), ` (side ${p.side})`),
            ),
          ),
          renderEventsTimeline([ev], { lookup: lookupSource, selectActor: deps.selectActor }),
          h("button", { type: "button", onclick: () => clearSelection() }, "Close"),
        ),
      );
    } catch (err) {
      replace(
        deps.detail,
        h(
          "p",
          { class: "error", role: "alert" },
          err instanceof ApiError ? err.message : "The event could not be loaded.",
        ),
      );
    }
  }

  function selectEvents(indices: number[], how: string) {
    if (!current || !view) return;
    const ix = current.ix;
    selected = indices;
    view.setSelected(selected);
    view.setRegion(null);
    const counts = actorCounts(ix, indices);
    deps.highlightActors(
      counts.map(([a]) => a),
      `Actors in ${plural(indices.length, "event")} selected on the map`,
    );
    const evs = indices.slice(0, 200).map((i) => ix.ids[i]);
    replace(
      deps.detail,
      h(
        "div",
        { id: "map-selection" },
        h("h2", {}, `${plural(indices.length, "event")} selected`),
        h("p", { class: "muted" }, how),
        h("h3", {}, "Their actors (highlighted in the network)"),
        h(
          "ul",
          { class: "event-actors" },
          counts.map(([a, n]) =>
            h("li", {}, actorButton(a, deps.nameOf(a), deps.selectActor), ` · ${plural(n, "event")}`),
          ),
        ),
        h("h3", {}, "Events"),
        h(
          "ol",
          { class: "map-event-list" },
          evs.map((id, k) =>
            h(
              "li",
              {},
              h(
                "button",
                { type: "button", class: "link", onclick: () => void showEvent(indices[k]) },
                `${formatDate(ix.dates[indices[k]])} · ${EVENT_TYPE_LABELS[EVENT_TYPES[ix.type[indices[k]]]]}`,
              ),
              ` ${id}`,
            ),
          ),
        ),
        indices.length > evs.length ? h("p", { class: "muted" }, `…and ${indices.length - evs.length} more.`) : null,
        h("button", { type: "button", onclick: () => clearSelection() }, "Clear the selection"),
      ),
    );
    deps.detail.dispatchEvent(new CustomEvent("faultlines:detail"));
  }

  function clearSelection() {
    selected = [];
    view?.setSelected(selected);
    view?.setRegion(null);
    deps.highlightActors(null);
    replace(deps.detail, h("p", { class: "muted" }, "Click an event on the map for its details and sources."));
  }

  async function ensureView(): Promise<MapView> {
    viewPromise ??= createMapView(canvasBox, {
      onEvent: (i) => void showEvent(i),
      onSelect: (sel) => {
        if (!current) return;
        if (Array.isArray(sel)) return selectEvents(sel, "Chosen by a shift-click on a cluster.");
        selectEvents(eventsInBox(current.ix, shown, sel.box), "Chosen with a box (shift-drag).");
      },
      onCamera: (c) => deps.setMapState({ camera: c }),
      onBackground: () => {
        if (selected.length) clearSelection();
      },
    }).then((v) => {
      view = v;
      new ResizeObserver(() => v.resize()).observe(canvasBox);
      return v;
    });
    return viewPromise;
  }

  async function refresh(s: ViewState) {
    const token = ++loadToken;
    try {
      const [loaded, v] = await Promise.all([load(s), ensureView()]);
      if (token !== loadToken) return;
      if (current !== loaded) {
        current = loaded;
        selected = [];
      }
      if (firstFit && s.map.camera) v.jumpTo(s.map.camera);
      draw();
    } catch (err) {
      if (token !== loadToken) return;
      replace(
        bar,
        h(
          "span",
          { class: "error", role: "alert" },
          `The map could not be drawn: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    }
  }

  let pending: Promise<void> = Promise.resolve();
  return {
    update(s) {
      state = s;
      if (root.hidden) return;
      pending = refresh(s);
      drawn = pending.then(() => drawn);
    },
    show(visible) {
      root.hidden = !visible;
      if (visible && state) {
        pending = refresh(state);
        drawn = pending.then(() => drawn);
      }
    },
    async png() {
      const v = await ensureView();
      await drawn;
      return v.png();
    },
    legend() {
      return legendOf(current?.ix ?? null);
    },
    debug() {
      const sum = current ? summarize(current.ix, shown) : { shown: 0, located: 0 };
      const ids = current ? [...shown].map((i) => current!.ix.ids[i]) : [];
      return {
        shown: sum.shown,
        located: sum.located,
        ids,
        drawn: pending.then(() => drawn),
        view,
        basemap: basemapReady !== null && !regionsPending,
      };
    },
  };
}

export type { EventView };

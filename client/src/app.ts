// The Explorer controller: loads the whole history once, owns the view state (mirrored in the URL), and wires the
// renderer, the layouts and the panels. Filtering by date and facets happens in reducers: positions never move.
import type Graph from "graphology";
import type Sigma from "sigma";
import { ACTOR_KINDS, CONFIDENCES, GRAPH_EDGE_TYPES } from "../../server/domain/constants.js";
import { plural } from "../../server/domain/tolls.js";
import {
  ApiError,
  api,
  type ActorDetail,
  type PathsResponse,
  type SearchMatch,
  type SerializedGraph,
  type Source,
} from "./api/client.js";
import {
  DIM_COLOR,
  KIND_LABELS,
  assignCurvatures,
  NO_FAMILY_COLOR,
  familyColors,
  nodeColor,
  type ColorBy,
  type SizeBy,
} from "./core/encodings/index.js";
import {
  CURATIONS,
  DEFAULT_FILTERS,
  computeVisibility,
  isFiltered,
  countBy,
  gainsOf,
  toggleValue,
  type ListDimension,
  type FilterEdge,
  type FilterNode,
  type FilterState,
  type Visibility,
} from "./core/filters/index.js";
import { egoNetwork, expandNeighbors } from "./core/graph/index.js";
import type { LineageDrawing } from "./core/lineage/layout.js";
import { decodePositions, encodePositions } from "./core/positions/index.js";
import { monthTicks, nextYearTick } from "./core/time/index.js";
import { decodeViewState, encodeViewState, type ViewMode, type ViewState } from "./core/url-state/index.js";
import { bboxWithLabelRoom } from "./render/frame.js";
import { buildGraphModel, type GraphModel } from "./render/graph-model.js";
import { enableNodeDrag, mountZoomControls, reframeInPlace } from "./render/hands.js";
import { createLayoutWorker, moveNodes, runInitialLayout, snapshotPositions, spreadNodes } from "./render/layout.js";
import { LINEAGE_NODE_SIZE, createRenderState, createRenderer, type RenderState } from "./render/renderer.js";
import {
  renderActorDetail,
  renderDetailError,
  renderEdgeDetail,
  renderEmptyDetail,
  renderPaths,
  type DetailHandlers,
} from "./views/detail-panel.js";
import { h, keepFocus, replace } from "./views/dom.js";
import { renderFilters } from "./views/filters-panel.js";
import { renderLegend } from "./views/legend.js";
import { mountSearch } from "./views/search.js";
import { mountTimeline, type Timeline } from "./views/timeline.js";
import { renderToolbar } from "./views/toolbar.js";
import { mountYearAxis } from "./views/year-axis.js";
import type { MapController } from "./views/map/index.js";

/** Room kept on the left for the year axis and above for the caption when the camera is put on a family (px). */
const LINEAGE_AXIS_ROOM = 110;
const LINEAGE_CAPTION_ROOM = 40;

/** What other modules (export menu, analytics panel, tests) may use. */
export interface ExplorerHandle {
  sigma: Sigma;
  graph: Graph;
  getViewState(): ViewState & { visibleNodes: string[]; visibleEdges: string[] };
  /** Colour actors from outside (e.g. communities); null restores the built-in encoding. */
  setNodeColors(
    colors: Map<string, string> | Record<string, string> | null,
    legend?: { title: string; entries: { label: string; color: string }[] },
  ): void;
  /** An actor's colour under the current encoding (no hover or path dimming) and what the colour stands for. */
  nodeLook(key: string): { color: string; label: string };
  /** Called after every view change (date, filters, selection, camera excluded). */
  onViewChange(listener: (state: ViewState) => void): () => void;
  selectActor(id: string): void;
  /** Show these actors (one: select it; several: focus on them). */
  focusActors(ids: string[]): void;
  /** The data's date range, or null when it has no dates. */
  range: { min: string; max: string } | null;
  /** The map view, once it has been opened (loaded on first use: MapLibre stays off the network's first draw). */
  map(): MapController | null;
}

export interface Elements {
  stage: HTMLElement;
  container: HTMLElement;
  status: HTMLElement;
  legend: HTMLElement;
  filters: HTMLElement;
  detail: HTMLElement;
  timeline: HTMLElement;
  toolbar: HTMLElement;
  search: HTMLElement;
}

/** Key under which another page (e.g. the Cypher workbench) leaves a serialized graph for `?graph=session`. */
export const SESSION_GRAPH_KEY = "faultlines:graph";

/**
 * Where the graph comes from: `/api/graph` (the whole history) by default; `?graph=/some/path.json` loads another
 * serialized graph from this origin (benchmarks, fixtures); `?graph=session` takes the one another page stored in
 * sessionStorage under SESSION_GRAPH_KEY ("send to explorer").
 */
async function loadGraph(search: string): Promise<SerializedGraph> {
  const g = new URLSearchParams(search).get("graph");
  if (g === "session") {
    const raw = sessionStorage.getItem(SESSION_GRAPH_KEY);
    if (!raw) throw new ApiError(0, "no_session_graph", "No graph was sent to the explorer in this tab.");
    return JSON.parse(raw) as SerializedGraph;
  }
  return api.graph(g && g.startsWith("/") && !g.startsWith("//") ? g : "/api/graph");
}

export function showFatal(els: Elements, err: unknown, retry: () => void): void {
  const e = err instanceof ApiError ? err : null;
  const title = e?.unavailable ? "The store is unavailable" : "The network could not be loaded";
  replace(
    els.status,
    h(
      "div",
      { class: "overlay error", role: "alert" },
      h("h2", {}, title),
      h(
        "p",
        {},
        e ? `${e.message}${e.status ? ` (HTTP ${e.status}, ${e.code})` : ""}` : String((err as Error)?.message ?? err),
      ),
      h("button", { type: "button", id: "retry", onclick: retry }, "Retry"),
    ),
  );
  els.status.hidden = false;
}

export async function startExplorer(els: Elements): Promise<ExplorerHandle | null> {
  els.status.hidden = false;
  replace(els.status, h("div", { class: "overlay" }, h("p", {}, "Loading the network…")));
  let model: GraphModel;
  try {
    model = buildGraphModel(await loadGraph(location.search));
  } catch (err) {
    showFatal(els, err, () => void startExplorer(els).then(publish));
    return null;
  }
  return createExplorer(els, model);
}

function publish(handle: ExplorerHandle | null): void {
  if (handle) (window as unknown as { faultlines: ExplorerHandle }).faultlines = handle;
}

export function createExplorer(els: Elements, model: GraphModel): ExplorerHandle {
  const { graph } = model;
  const ticks = model.range ? monthTicks(model.range) : [];
  let state: ViewState = decodeViewState(location.search, ticks.length ? ticks[ticks.length - 1] : null);
  const initialCamera = state.camera;
  runInitialLayout(graph);
  // A link's positions (a layout run, a spread or drags) replace the computed ones when made on the same actors.
  const linkPositions = state.positions ? decodePositions(state.positions, graph.nodes()) : null;
  const stalePositions = !!state.positions && !linkPositions;
  if (linkPositions) moveNodes(graph, linkPositions, false);
  else state = { ...state, positions: null };
  const pins = (keys: readonly string[] | null) =>
    graph.updateEachNodeAttributes((k, a) => ({ ...a, fixed: !!keys?.includes(k) }), { attributes: ["fixed"] });
  pins(state.pinned);
  // Actors the user moved by hand: what a link carries for a graph too large for every actor's position.
  const dragged = new Set<string>(linkPositions && state.positions?.startsWith("-,") ? linkPositions.keys() : []);
  let networkPositions = snapshotPositions(graph);
  const famColors = familyColors(model.families);

  // Lineage mode keeps founders visible after they dissolve (a genealogy shows ancestors), so dissolution is dropped.
  const lineageNodes: FilterNode[] = model.nodes.map((n) => ({ ...n, untilDay: undefined }));
  const lineageEdges: FilterEdge[] = model.edges.map((e) => ({ ...e, untilDay: undefined }));
  // Laid out (ELK, loaded on first use: not on the path to the first draw) the first time each is shown.
  const lineageDrawings = new Map<string, Promise<LineageDrawing>>();

  const rs: RenderState = createRenderState({
    visible: { nodes: new Set(), edges: new Set() },
    colorBy: state.colorBy,
    sizeBy: state.sizeBy,
    familyColors: famColors,
  });
  let override: { title: string; entries: { label: string; color: string }[] } | null = null;
  const listeners = new Set<(s: ViewState) => void>();
  const layout = createLayoutWorker(graph);
  let playTimer: ReturnType<typeof setInterval> | null = null;
  let pathFrom: string | null = null;
  let pathResult: PathsResponse | null = null;
  const detailCache = new Map<string, Promise<ActorDetail>>();
  let sourcesPromise: Promise<Map<string, Source>> | null = null;
  const sources = () =>
    (sourcesPromise ??= api.sources().then(
      (r) => new Map(r.items.map((s) => [s.id, s])),
      () => new Map<string, Source>(),
    ));

  const nameOf = (id: string) => model.nodeByKey.get(id)?.label ?? id;
  const neighbors = (key: string) => (graph.hasNode(key) ? graph.neighbors(key) : []);

  const computeVis = (): Visibility => {
    const f: FilterState = state;
    if (state.mode === "lineage") return computeVisibility(lineageNodes, lineageEdges, f);
    return computeVisibility(model.nodes, model.edges, f);
  };

  rs.visible = computeVis();
  // Sigma draws synchronously in its constructor: that is the first draw (the benchmark reads this mark).
  const sigma = createRenderer(els.container, model, rs);
  const zoom = mountZoomControls(els.stage, sigma, {
    fit: () => void sigma.getCamera().animatedReset({ duration: 300 }),
    releasePins: () => {
      pins(null);
      update({ pinned: null });
    },
  });
  performance.mark("faultlines:first-draw");
  const yearAxis = mountYearAxis(els.stage, els.container, sigma);
  (window as unknown as { __faultlinesFirstDraw: number }).__faultlinesFirstDraw = performance.now();

  // ---- URL ------------------------------------------------------------------------------------------------
  // A discrete change (selection, filters, date, mode, focus, path) makes a history entry, so Back returns to the
  // previous view; camera moves and playback only rewrite the current entry. Writes are debounced: dragging the
  // time slider makes one entry when it settles, not one per month.
  let urlTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingPush = false;
  const writeUrl = (push = false) => {
    pendingPush ||= push;
    clearTimeout(urlTimer);
    urlTimer = setTimeout(
      () => {
        const q = encodeViewState(state);
        if (location.search.slice(1) !== q) {
          if (pendingPush) history.pushState(null, "", `${location.pathname}?${q}`);
          else history.replaceState(null, "", `${location.pathname}?${q}`);
        }
        pendingPush = false;
      },
      pendingPush ? 350 : 120,
    );
  };

  // ---- views ----------------------------------------------------------------------------------------------
  const timeline: Timeline = mountTimeline(els.timeline, ticks, {
    onDate: (at) => {
      stopPlay();
      update({ at });
    },
    onPlay: () => (playTimer ? stopPlay() : startPlay()),
  });

  const detailHandlers: DetailHandlers & { clearPath(): void } = {
    moreEvents: (actor, o) => api.events(actor, { order: "desc", limit: 50, ...o }),
    selectActor: (id) => selectNode(id, true),
    selectEdge: (key) => selectEdge(key),
    focus: (id) => focusOn(id),
    expand: (id) => expand(id),
    pathFrom: (id) => {
      pathFrom = id;
      flash(`Path from ${nameOf(id)}: now open another actor and choose “Path to here”.`);
    },
    pathTo: (id) => {
      if (!pathFrom || pathFrom === id) return flash("First choose “Path from here” on another actor.");
      // The answer replaces the target's details (it was hidden behind them until they were closed).
      update({ path: [pathFrom, id], selected: null });
      pathFrom = null;
    },
    lineage: (id) => {
      update({ mode: "lineage", family: id, selected: { kind: "node", key: id } });
    },
    close: () => update({ selected: null }),
    clearPath: () => update({ path: null }),
    isShown: (id) => rs.visible.nodes.has(id) && (!rs.focus || rs.focus.has(id)),
  };

  // A pick from search moves the keyboard to the actor's details (their title), so the next Tab is in the panel.
  let focusDetailOf: string | null = null;
  const search = mountSearch(els.search, (m: SearchMatch) => {
    focusDetailOf = m.actor.id;
    selectNode(m.actor.id, true);
  });

  let flashTimer: ReturnType<typeof setTimeout> | undefined;
  const flash = (message: string) => {
    const el = document.getElementById("flash");
    if (!el) return;
    el.textContent = message;
    el.hidden = false;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => (el.hidden = true), 5000);
  };

  const drawToolbar = () =>
    keepFocus(els.toolbar, () =>
      renderToolbar(
        els.toolbar,
        {
          mode: state.mode,
          layoutRunning: layout.isRunning(),
          focused: !!state.focus,
          colorBy: state.colorBy,
          sizeBy: state.sizeBy,
        },
        {
          setMode: (mode: ViewMode) => update({ mode, family: null }),
          toggleLayout: () => {
            if (layout.isRunning()) {
              layout.stop();
              keepNetworkPositions(true);
              frameNetwork();
            } else {
              // A running layout moves nodes anywhere: sigma frames them itself until it stops.
              sigma.setCustomBBox(null);
              layout.start();
            }
            drawToolbar();
          },
          spread: () => {
            // noverlap knows no pinned actors: they are put back where the user left them.
            const before = snapshotPositions(graph);
            spreadNodes(graph);
            moveNodes(
              graph,
              new Map((state.pinned ?? []).flatMap((k) => (before.has(k) ? [[k, before.get(k)!]] : []))),
              false,
            );
            keepNetworkPositions(true);
            frameNetwork();
          },
          showAll: () => update({ focus: null }),
          setColorBy: (colorBy: ColorBy) => update({ colorBy }),
          setSizeBy: (sizeBy: SizeBy) => update({ sizeBy }),
          copyLink: async () => {
            try {
              await navigator.clipboard.writeText(`${location.origin}${location.pathname}?${encodeViewState(state)}`);
              return true;
            } catch {
              return false;
            }
          },
        },
      ),
    );

  /** What is on screen: filters and date, then focus, then lineage. */
  const narrow = (vis: Visibility): Visibility => {
    const nodes = new Set(
      [...vis.nodes].filter((k) => (!rs.focus || rs.focus.has(k)) && (!rs.lineage || rs.lineage.nodes.has(k))),
    );
    const edges = new Set(
      [...vis.edges].filter((k) => {
        const e = model.edgeByKey.get(k)!;
        return nodes.has(e.source) && nodes.has(e.target) && (!rs.lineage || rs.lineage.edges.has(k));
      }),
    );
    return { nodes, edges };
  };
  const shownNow = () => {
    const { nodes, edges } = narrow(rs.visible);
    return { nodes: [...nodes].sort(), edges: [...edges].sort() };
  };
  /** For each value a filter leaves out, what checking it would add to the screen. */
  const gains = (dim: ListDimension) =>
    state.mode === "lineage"
      ? gainsOf(lineageNodes, lineageEdges, state, dim, narrow)
      : gainsOf(model.nodes, model.edges, state, dim, narrow);

  /** Every filter back to its default (and no focus); the date stays. */
  const resetFilters = () => {
    const { at: _date, ...filters } = DEFAULT_FILTERS;
    update({ ...filters, focus: null });
  };

  const drawFilters = () => {
    const { nodes: shownNodes, edges: shownEdges } = shownNow();
    els.container.setAttribute(
      "aria-label",
      `Network: ${plural(shownNodes.length, "actor")} and ${plural(shownEdges.length, "tie")} shown`,
    );
    keepFocus(els.filters, () =>
      renderFilters(
        els.filters,
        state,
        {
          types: countBy(shownEdges, (k) => model.edgeByKey.get(k)!.type),
          confidence: countBy(shownEdges, (k) => model.edgeByKey.get(k)!.confidence),
          kinds: countBy(shownNodes, (k) => model.nodeByKey.get(k)!.kind),
          countries: countBy(shownNodes, (k) => model.nodeByKey.get(k)!.countries),
          curation: countBy(shownNodes, (k) => (model.nodeByKey.get(k)!.provisional ? "provisional" : "curated")),
          gains: {
            types: gains("types"),
            confidence: gains("confidence"),
            kinds: gains("kinds"),
            countries: gains("countries"),
            curation: gains("curation"),
          },
          shownNodes: shownNodes.length,
          totalNodes: model.nodes.length,
          shownEdges: shownEdges.length,
          totalEdges: model.edges.length,
        },
        model.countries,
        {
          toggle: (dim, value) => {
            const all =
              dim === "types"
                ? GRAPH_EDGE_TYPES
                : dim === "kinds"
                  ? ACTOR_KINDS
                  : dim === "confidence"
                    ? CONFIDENCES
                    : dim === "curation"
                      ? CURATIONS
                      : model.countries;
            update({
              [dim]: toggleValue(state[dim] as string[] | null, value, all as readonly string[]),
            } as Partial<ViewState>);
          },
          only: (dim, value) => update({ [dim]: value === null ? null : [value] } as Partial<ViewState>),
          setHideIsolated: (hideIsolated) => update({ hideIsolated }),
          reset: resetFilters,
        },
      ),
    );
    const nothing = graph.order === 0 ? "empty" : shownNodes.length === 0 ? "nothing" : null;
    if (nothing) {
      els.status.hidden = false;
      replace(
        els.status,
        h(
          "div",
          { class: "overlay", role: "status" },
          nothing === "empty"
            ? [h("h2", {}, "No actors yet"), h("p", {}, "The store holds no actors. Load data with `npm run load`.")]
            : [
                h("h2", {}, "Nothing matches"),
                h("p", {}, "No actor is shown at this date with these filters."),
                h(
                  "button",
                  {
                    type: "button",
                    onclick: resetFilters,
                  },
                  "Reset filters",
                ),
              ],
        ),
      );
    } else if (!els.status.querySelector(".error")) {
      els.status.hidden = true;
      replace(els.status);
    }
  };

  const drawLegend = () =>
    renderLegend(els.legend, {
      colorBy: state.colorBy,
      familyColors: famColors,
      override,
      lineage: state.mode === "lineage",
    });

  // ---- detail -----------------------------------------------------------------------------------------------
  let detailToken = 0;
  const drawDetail = async () => {
    const token = ++detailToken;
    const sel = state.selected;
    if (state.path && pathResult && !sel) return renderPaths(els.detail, pathResult, nameOf, detailHandlers);
    if (!sel) return renderEmptyDetail(els.detail);
    if (sel.kind === "node") {
      replace(els.detail, h("p", { class: "muted" }, "Loading…"));
      let p = detailCache.get(sel.key);
      if (!p) detailCache.set(sel.key, (p = api.actor(sel.key)));
      try {
        const d = await p;
        if (token === detailToken) {
          renderActorDetail(els.detail, d, detailHandlers);
          if (focusDetailOf === sel.key) document.getElementById("detail-title")?.focus();
          focusDetailOf = null;
        }
      } catch (err) {
        detailCache.delete(sel.key);
        if (token === detailToken)
          renderDetailError(
            els.detail,
            err instanceof ApiError ? err.message : "The details could not be loaded.",
            () => void drawDetail(),
          );
      }
      return;
    }
    const e = model.edgeByKey.get(sel.key);
    if (!e) return renderDetailError(els.detail, `No tie ${sel.key} in this graph.`, () => update({ selected: null }));
    const lookupMap = await sources();
    const lookup = (id: string) => lookupMap.get(id);
    if (token !== detailToken) return;
    if (e.type !== "CLASHED_WITH") return renderEdgeDetail(els.detail, e, nameOf, lookup, null, detailHandlers);
    renderEdgeDetail(els.detail, e, nameOf, lookup, null, detailHandlers);
    try {
      const page = await api.events(e.source, { opponent: e.target, order: "desc", limit: 50 });
      if (token === detailToken) renderEdgeDetail(els.detail, e, nameOf, lookup, page, detailHandlers);
    } catch (err) {
      if (token === detailToken) renderDetailError(els.detail, (err as Error).message, () => void drawDetail());
    }
  };

  // ---- actions ------------------------------------------------------------------------------------------------
  const moveCameraTo = (key: string) => {
    const d = sigma.getNodeDisplayData(key);
    if (!d || d.hidden) return;
    sigma.getCamera().animate({ x: d.x, y: d.y, ratio: Math.min(sigma.getCamera().ratio, 0.6) }, { duration: 500 });
  };

  function selectNode(key: string, moveCamera = false) {
    if (!graph.hasNode(key)) {
      // Known to the API (search) but not in this graph (e.g. a benchmark graph): still show its details.
      update({ selected: { kind: "node", key } });
      return;
    }
    if (state.focus && !state.focus.includes(key))
      update({ selected: { kind: "node", key }, focus: [...state.focus, key] });
    else update({ selected: { kind: "node", key } });
    if (moveCamera) requestAnimationFrame(() => moveCameraTo(key));
  }

  function selectEdge(key: string) {
    update({ selected: { kind: "edge", key } });
  }

  function focusOn(key: string) {
    const ego = egoNetwork(key, 1, (k) => neighbors(k).filter((n) => rs.visible.nodes.has(n)));
    update({ focus: [...ego].sort(), selected: { kind: "node", key } });
    requestAnimationFrame(() => sigma.getCamera().animatedReset({ duration: 400 }));
  }

  function expand(key: string) {
    const focus = new Set(state.focus ?? [key]);
    focus.add(key);
    let res = expandNeighbors(focus, key, neighbors);
    if (res.guarded) {
      const ok = window.confirm(`${nameOf(key)} has ${res.pending} more neighbours. Show them all?`);
      if (!ok) return;
      res = expandNeighbors(focus, key, neighbors, true);
    }
    if (!state.focus && !res.added.length) return flash(`${nameOf(key)} has no other neighbour.`);
    for (const k of res.added) focus.add(k);
    update({ focus: [...focus].sort(), selected: { kind: "node", key } });
  }

  function startPlay() {
    if (!ticks.length) return;
    let at = state.at;
    if (at === null || nextYearTick(ticks, at) === null) at = ticks[0];
    update({ at });
    playTimer = setInterval(() => {
      const next = state.at ? nextYearTick(ticks, state.at) : null;
      if (next === null) return stopPlay();
      update({ at: next });
    }, 900);
    timeline.update(state.at, true);
  }

  function stopPlay() {
    if (!playTimer) return;
    clearInterval(playTimer);
    playTimer = null;
    timeline.update(state.at, false);
  }

  let pathToken = 0;
  async function loadPath() {
    const token = ++pathToken;
    if (!state.path) {
      pathResult = null;
      rs.path = null;
      return;
    }
    const [from, to] = state.path;
    try {
      const res = await api.paths(from, to, state.mode === "network" ? state.at : null);
      if (token !== pathToken) return;
      pathResult = res;
      rs.path = {
        nodes: new Set(res.paths.flatMap((p) => p.nodes.map((n) => n.key))),
        edges: new Set(res.paths.flatMap((p) => p.edges.map((e) => e.key))),
      };
      if (!res.paths.length) {
        rs.path = { nodes: new Set([from, to]), edges: new Set() };
        flash(`No path between ${nameOf(from)} and ${nameOf(to)} within 6 ties${state.at ? " at this date" : ""}.`);
      }
    } catch (err) {
      if (token !== pathToken) return;
      pathResult = { from, to, hops: null, paths: [] };
      rs.path = null;
      flash(`No path: ${(err as Error).message}`);
    }
    if (!state.selected) void drawDetail();
    sigma.refresh();
  }

  // ---- framing -------------------------------------------------------------------------------------------------
  // Room on the right for the labels of the actors at the right edge (sigma frames node centres only).
  const labelCanvas = document.createElement("canvas").getContext("2d");
  function frameNetwork() {
    if (state.mode !== "network" || layout.isRunning() || !labelCanvas) return;
    sigma.setCustomBBox(networkBBox());
    sigma.refresh();
  }
  function networkBBox() {
    const settings = sigma.getSettings();
    if (!labelCanvas) return null;
    labelCanvas.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    const points = graph.mapNodes((key, a) => {
      const p = networkPositions.get(key) ?? { x: a.x as number, y: a.y as number };
      const label = typeof a.label === "string" ? a.label : "";
      // Node radius (at most MAX_NODE_SIZE), the 3 px gap and the label's halo.
      return { x: p.x, y: p.y, reach: 22 + 3 + labelCanvas.measureText(label).width + 4 };
    });
    const { width, height } = sigma.getDimensions();
    return bboxWithLabelRoom(points, { width, height, padding: settings.stagePadding });
  }

  /** The network's positions now are the ones to come back to (from the genealogy) and to write in the link. */
  function keepNetworkPositions(changed: boolean) {
    networkPositions = snapshotPositions(graph);
    if (!changed && !state.positions) return;
    state = { ...state, positions: encodePositions(networkPositions, [...dragged]) };
    writeUrl();
  }

  // ---- the one state transition -----------------------------------------------------------------------------
  // ---- map ------------------------------------------------------------------------------------------------------
  let mapCtl: MapController | null = null;
  let mapLoad: Promise<MapController> | null = null;
  const ensureMap = () =>
    (mapLoad ??= import("./views/map/index.js").then(({ createMapController }) => {
      mapCtl = createMapController({
        stage: els.stage,
        detail: els.detail,
        shownActors: () => {
          if (!isFiltered({ ...state, hideIsolated: false }) && !state.focus) return null;
          const nodes = computeVisibility(model.nodes, model.edges, { ...state, at: null, hideIsolated: false }).nodes;
          return state.focus ? new Set(state.focus.filter((k) => nodes.has(k))) : nodes;
        },
        clashPair: (key) => {
          const e = model.edgeByKey.get(key);
          return e?.type === "CLASHED_WITH" ? [e.source, e.target] : null;
        },
        nameOf,
        colorOf: (id) => {
          const d = model.nodeByKey.get(id);
          return d ? nodeColor(d.kind, d.family, state.colorBy, famColors) : "#6b7280";
        },
        selectActor: (id) => selectNode(id),
        highlightActors: (ids, title) =>
          handle.setNodeColors(
            ids &&
              new Map(
                ids.flatMap((id) => {
                  const d = model.nodeByKey.get(id);
                  return d ? [[id, nodeColor(d.kind, d.family, state.colorBy, famColors)] as [string, string]] : [];
                }),
              ),
            ids ? { title: title ?? "Actors selected on the map", entries: [] } : undefined,
          ),
        setMapState: (patch) => {
          // A camera move only rewrites the link; the window and the colouring redraw.
          if (Object.keys(patch).every((k) => k === "camera")) {
            state = { ...state, map: { ...state.map, ...patch } };
            writeUrl();
          } else update({ map: { ...state.map, ...patch } });
        },
      });
      return mapCtl;
    }));

  function applyMode(prev: ViewMode | null) {
    if (state.mode === prev) return;
    const onMap = state.mode === "map";
    els.container.hidden = onMap;
    els.legend.hidden = onMap;
    zoom.el.hidden = onMap;
    const wasRunning = layout.isRunning();
    if (onMap) {
      layout.stop();
      if (prev === "network") keepNetworkPositions(wasRunning);
      // From the genealogy: its axis and positions go, and the network's camera comes back for later.
      if (prev === "lineage") {
        leaveLineage();
        moveNodes(graph, networkPositions, false);
        frameNetwork();
        sigma.getCamera().setState(networkCamera ?? { x: 0.5, y: 0.5, ratio: 1, angle: 0 });
      }
      void ensureMap().then((c) => {
        c.show(state.mode === "map");
        c.update(state);
      });
      return;
    }
    mapCtl?.show(false);
    if (state.mode === "lineage") {
      layout.stop();
      if (prev === "network") {
        keepNetworkPositions(wasRunning);
        networkCamera = sigma.getCamera().getState();
      }
      showLineage(prev !== null, prev !== null || !initialCamera);
    } else if (prev !== null) {
      const fromLineage = !!rs.lineage || els.container.dataset.lineage !== undefined;
      leaveLineage();
      moveNodes(graph, networkPositions, true);
      frameNetwork();
      // The genealogy moved the camera (scale 1 on a family): the network gets back the camera it had.
      if (fromLineage && state.mode === "network")
        void sigma.getCamera().animate(networkCamera ?? { x: 0.5, y: 0.5, ratio: 1, angle: 0 }, { duration: 300 });
    }
  }

  // ---- lineage ---------------------------------------------------------------------------------------------------
  const lineageDrawing = (family: string | null) => {
    const key = family ?? "";
    let p = lineageDrawings.get(key);
    if (!p) {
      const settings = sigma.getSettings();
      if (labelCanvas) labelCanvas.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
      p = import("./core/lineage/layout.js").then(({ layoutLineage }) =>
        layoutLineage(model.nodes, model.edges, {
          family,
          label: (k) => String(graph.getNodeAttribute(k, "label") ?? k),
          // The label's halo (3.5 px) included; without a canvas, a generous guess per character.
          measure: (_k, text) => ({
            radius: LINEAGE_NODE_SIZE,
            labelWidth: (labelCanvas ? labelCanvas.measureText(text).width : text.length * 8) + 4,
            labelHeight: settings.labelSize + 4,
          }),
        }),
      );
      lineageDrawings.set(key, p);
    }
    return p;
  };

  let lineageToken = 0;
  /** The network's camera when the genealogy was opened, given back when it is left. */
  let networkCamera: { x: number; y: number; ratio: number; angle: number } | null = null;
  /** Lays out and shows the genealogy, or the selected family; `frame` puts the camera on it. */
  function showLineage(animate: boolean, frame: boolean) {
    const token = ++lineageToken;
    const family = state.family && graph.hasNode(state.family) ? state.family : null;
    els.container.dataset.lineage = "loading";
    const title = family ? `Lineage of ${nameOf(family)}` : "Genealogy";
    yearAxis.loading(title);
    lineageDrawing(family).then(
      (d) => {
        if (token !== lineageToken || state.mode !== "lineage") return;
        const edges = [...d.plan.links.map((l) => model.edgeByKey.get(l.edge)!)].filter(Boolean);
        rs.lineage = {
          nodes: new Set(d.positions.keys()),
          edges: new Set(edges.map((e) => e.key)),
          labels: d.labels,
          curvature: assignCurvatures(edges),
        };
        // Sizes follow the positions (as the layout measured them at scale 1), so discs never overlap when zoomed out.
        sigma.setSetting("itemSizesReference", "positions");
        sigma.setSetting("zoomToSizeRatioFunction", (r: number) => r);
        sigma.setCustomBBox(d.extent);
        moveNodes(graph, d.positions, animate);
        sigma.refresh();
        if (frame) frameLineage(d, d.families[0]);
        const n = d.positions.size;
        const undated = [...d.plan.dates.values()].filter((x) => x.founded === null).length;
        yearAxis.show(d.axis, {
          title,
          note:
            n === 1
              ? "no splinter, merger, pledge or founding membership recorded"
              : `${plural(n, "actor")} by founding year${undated ? `; ${undated} undated, drawn at their earliest tie` : ""}`,
          showAll: family ? () => update({ family: null }) : null,
          // Families side by side: each a click away (the camera moves to it).
          families:
            d.families.length > 1
              ? d.families.map((f, _i, all) => {
                  const name = familyName(f.members);
                  const twin = all.some((g) => g !== f && familyName(g.members) === name);
                  return {
                    label: `${twin ? `${name}: ${nameOf(f.oldest)}` : name} (${f.members.length})`,
                    go: () => frameLineage(d, f, true),
                  };
                })
              : [],
        });
        els.container.dataset.lineage = family ?? "all";
        drawFilters();
      },
      (err: unknown) => {
        if (token !== lineageToken) return;
        els.container.dataset.lineage = "error";
        flash(`The genealogy could not be laid out: ${(err as Error).message}`);
      },
    );
  }

  function leaveLineage() {
    lineageToken++;
    rs.lineage = null;
    delete els.container.dataset.lineage;
    yearAxis.hide();
    sigma.setSetting("itemSizesReference", "screen");
    sigma.setSetting("zoomToSizeRatioFunction", Math.sqrt);
  }

  /** The family's most common `family` attribute ("al-Qaeda network"), else its oldest member's name. */
  const familyName = (members: readonly string[]) => {
    const counts = countBy(members, (k) => model.nodeByKey.get(k)?.family ?? []);
    const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    return top ? top[0] : nameOf(members[0]);
  };

  /**
   * The whole drawing when it fits at scale 1 or more (labels are laid out for scale 1); otherwise scale 1 on
   * `family`: its top row at the top, its oldest member a third of the way across (with the axis on the left).
   */
  function frameLineage(d: LineageDrawing, family: LineageDrawing["families"][number] | undefined, animate = false) {
    // Measured against the framing at ratio 1 (sigma's cached matrix is the last frame's: pass the state).
    const fit = { cameraState: { x: 0.5, y: 0.5, ratio: 1, angle: 0 } };
    const a = sigma.graphToViewport({ x: 0, y: 0 }, fit);
    const b = sigma.graphToViewport({ x: 100, y: 0 }, fit);
    const scale = (b.x - a.x) / 100;
    let target = fit.cameraState;
    if (scale < 1 && family) {
      const { width, height } = sigma.getDimensions();
      const oldest = d.positions.get(family.oldest)!;
      // From the family's left edge (the axis keeps its own room) when its oldest member is then on screen;
      // otherwise with its oldest member a third of the way across, so that the beginning of the line is.
      const start = family.box.x0 - LINEAGE_AXIS_ROOM;
      const left = oldest.x - start <= (width * 2) / 3 ? start : oldest.x - width / 3;
      const top = Math.min(d.extent.y[1], family.box.y1 + LINEAGE_CAPTION_ROOM);
      const centre = sigma.graphToViewport({ x: left + width / 2, y: top - height / 2 }, fit);
      const framed = sigma.viewportToFramedGraph(centre, fit);
      target = { x: framed.x, y: framed.y, ratio: scale, angle: 0 };
    }
    if (animate) void sigma.getCamera().animate(target, { duration: 500 });
    else sigma.getCamera().setState(target);
  }

  function update(patch: Partial<ViewState>, opts: { initial?: boolean; fromHistory?: boolean } = {}) {
    const prev = state;
    state = { ...state, ...patch };
    if (state.mode !== "lineage") state.family = null;
    const filtersChanged =
      opts.initial ||
      (["at", "types", "kinds", "countries", "confidence", "curation", "hideIsolated", "mode"] as const).some(
        (k) => prev[k] !== state[k],
      );
    if (filtersChanged) rs.visible = computeVis();
    rs.colorBy = state.colorBy;
    rs.sizeBy = state.sizeBy;
    rs.focus = state.focus ? new Set(state.focus) : null;
    rs.selectedNode = state.selected?.kind === "node" ? state.selected.key : null;
    rs.selectedEdge = state.selected?.kind === "edge" ? state.selected.key : null;
    if (opts.initial || prev.mode !== state.mode) applyMode(opts.initial ? null : prev.mode);
    else if (state.mode === "lineage" && prev.family !== state.family) showLineage(true, true);
    if (opts.initial || prev.path !== state.path || (state.path && prev.at !== state.at)) void loadPath();
    if (opts.initial || prev.selected !== state.selected || prev.path !== state.path) {
      void drawDetail();
      if (!opts.initial && (state.selected || state.path))
        els.detail.dispatchEvent(new CustomEvent("faultlines:detail"));
    }
    if (opts.initial) sigma.scheduleRefresh();
    else sigma.refresh();
    timeline.update(state.at, !!playTimer);
    drawFilters();
    drawLegend();
    drawToolbar();
    zoom.setPinned(state.mode === "network" ? (state.pinned?.length ?? 0) : 0);
    if (!opts.fromHistory) {
      const discrete =
        !opts.initial &&
        !playTimer &&
        (filtersChanged || prev.selected !== state.selected || prev.focus !== state.focus || prev.path !== state.path);
      writeUrl(discrete);
    }
    if (state.mode === "map" && !opts.initial) mapCtl?.update(state);
    for (const l of listeners) l(state);
  }

  // Back and forward: the view the entry describes, camera included.
  window.addEventListener("popstate", () => {
    clearTimeout(urlTimer);
    pendingPush = false;
    stopPlay();
    const next = decodeViewState(location.search, ticks.length ? ticks[ticks.length - 1] : null);
    // Positions and pins are edits of the picture, not views: Back and Forward leave them as they are.
    const edited = next.positions !== state.positions || String(next.pinned) !== String(state.pinned);
    update({ ...next, positions: state.positions, pinned: state.pinned }, { fromHistory: true });
    if (edited) writeUrl();
    if (next.camera) sigma.getCamera().animate({ ...next.camera, angle: 0 }, { duration: 300 });
  });

  // ---- sigma events -----------------------------------------------------------------------------------------
  sigma.on("enterNode", ({ node }) => {
    rs.hovered = node;
    els.container.style.cursor = "pointer";
    sigma.refresh({ skipIndexation: true });
  });
  sigma.on("leaveNode", () => {
    rs.hovered = null;
    els.container.style.cursor = "";
    sigma.refresh({ skipIndexation: true });
  });
  sigma.on("enterEdge", () => (els.container.style.cursor = "pointer"));
  sigma.on("leaveEdge", () => (els.container.style.cursor = ""));
  // Dragging an actor moves it and pins it; the click that ends a drag selects nothing.
  let resumeLayout = false;
  const drag = enableNodeDrag(sigma, graph, {
    enabled: () => state.mode === "network",
    onStart: () => {
      resumeLayout = layout.isRunning();
      if (resumeLayout) layout.stop();
    },
    onDrop: (key) => {
      const pinned = state.pinned ?? [];
      dragged.add(key);
      if (!pinned.includes(key)) update({ pinned: [...pinned, key] });
      keepNetworkPositions(true);
      if (resumeLayout) {
        // The layout goes on around the pinned actor (start reads the `fixed` flags afresh).
        sigma.setCustomBBox(null);
        layout.start();
      } else reframeInPlace(sigma, networkBBox());
    },
  });
  sigma.on("clickNode", ({ node }) => {
    if (!drag.justDragged()) selectNode(node);
  });
  // Right-click on a pinned actor lets go of that one alone (elsewhere the browser's menu is left alone).
  sigma.on("rightClickNode", ({ node, event }) => {
    if (!state.pinned?.includes(node)) return;
    event.original.preventDefault();
    graph.setNodeAttribute(node, "fixed", false);
    const rest = state.pinned.filter((k) => k !== node);
    update({ pinned: rest.length ? rest : null });
  });
  sigma.on("doubleClickNode", ({ node, event }) => {
    event.preventSigmaDefault();
    expand(node);
  });
  sigma.on("clickEdge", ({ edge }) => {
    if (!drag.justDragged()) selectEdge(edge);
  });
  sigma.on("clickStage", () => {
    if (state.selected && !drag.justDragged()) update({ selected: null });
  });
  sigma.getCamera().on("updated", (c) => {
    state = { ...state, camera: { x: c.x, y: c.y, ratio: c.ratio } };
    writeUrl();
  });

  document.addEventListener("keydown", (ev) => {
    const typing =
      ev.target instanceof HTMLInputElement ||
      ev.target instanceof HTMLSelectElement ||
      ev.target instanceof HTMLTextAreaElement;
    if (ev.key === "/" && !typing) {
      ev.preventDefault();
      search.focus();
    } else if (ev.key === "Escape" && !typing && state.selected) update({ selected: null });
    else if (!typing && state.mode !== "map" && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      const camera = sigma.getCamera();
      if (ev.key === "+" || ev.key === "=") void camera.animatedZoom({ duration: 250 });
      else if (ev.key === "-") void camera.animatedUnzoom({ duration: 250 });
      else if (ev.key === "0") void camera.animatedReset({ duration: 300 });
    }
  });

  // The stage changes size when panels appear or the window resizes; sigma only watches the window.
  new ResizeObserver(() => {
    sigma.resize();
    frameNetwork();
  }).observe(els.container);

  if (stalePositions) flash("This link's positions were made on other data: the layout is computed afresh.");
  if (model.skippedEdges)
    flash(`${plural(model.skippedEdges, "tie")} of unknown type or with a missing end not shown.`);

  update({}, { initial: true });
  frameNetwork();
  if (initialCamera)
    sigma.getCamera().setState({ x: initialCamera.x, y: initialCamera.y, ratio: initialCamera.ratio, angle: 0 });

  const handle: ExplorerHandle = {
    sigma,
    graph,
    getViewState: () => {
      const { nodes: visibleNodes, edges: visibleEdges } = shownNow();
      return { ...state, visibleNodes, visibleEdges };
    },
    setNodeColors: (colors, legend) => {
      rs.colorOverride =
        colors === null ? null : colors instanceof Map ? new Map(colors) : new Map(Object.entries(colors));
      override = colors === null ? null : (legend ?? { title: "External colouring", entries: [] });
      drawLegend();
      sigma.refresh({ skipIndexation: true });
    },
    nodeLook: (key) => {
      const d = model.nodeByKey.get(key);
      const own = rs.colorOverride?.get(key);
      if (own) return { color: own, label: override?.entries.find((e) => e.color === own)?.label ?? override!.title };
      if (!d) return { color: NO_FAMILY_COLOR, label: "unknown" };
      const color = rs.colorOverride ? DIM_COLOR : nodeColor(d.kind, d.family, state.colorBy, famColors);
      const label = rs.colorOverride
        ? "not coloured"
        : state.colorBy === "kind"
          ? (KIND_LABELS[d.kind] ?? d.kind)
          : (d.family ?? "no family");
      return { color, label };
    },
    onViewChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    selectActor: (id) => selectNode(id, true),
    focusActors: (ids) => {
      const known = ids.filter((id) => graph.hasNode(id));
      if (known.length === 1) selectNode(known[0], true);
      else if (known.length > 1) update({ focus: [...new Set(known)].sort() });
    },
    range: model.range,
    map: () => mapCtl,
  };
  window.addEventListener("pagehide", () => {
    layout.kill();
    stopPlay();
  });
  return handle;
}

export { publish };

// The explorer's analytics panel: colour by bloc / tensions / community, balance summary, unbalanced triads, brokers,
// a balance-over-time chart (plain SVG) and a "what changed" list. All data goes in as text (textContent), never HTML.
import {
  ANALYTICS_VIEWS,
  VIEW_LABELS,
  blocColor,
  blocColorMap,
  changeLines,
  communityColorMap,
  defaultDiffWindow,
  describeTriad,
  formatShare,
  seriesChart,
  tensionColorMap,
  yearOf,
  analyticsLegend,
  type AnalyticsView,
  type ColorLegend,
  type BalanceResult,
  type BlocsResult,
  type CentralityResult,
  type DiffResult,
  type SeriesResult,
} from "../core/analytics/index.js";
import { plural } from "../../../server/domain/tolls.js";
import { h, replace, swatch } from "./dom.js";

export interface AnalyticsPanelDeps {
  /** The explorer's as-of date; null = whole history (the server then uses the latest date in the data). */
  getAt(): string | null;
  /** The data's date range, for the default comparison window. */
  getRange?(): { min: string | null; max: string | null };
  /** Graph filters to analyse the same view as the explorer (types, kinds, countries, confidence as comma lists). */
  getFilters?(): Record<string, string | undefined>;
  /** Paint actors from a colour map (null = the explorer's own colours), with a legend for it. */
  setColorOverride(colors: Map<string, string> | null, legend?: ColorLegend): void;
  labelOf(id: string): string;
  /** Called when a line about some actors is clicked (e.g. to select or focus them). */
  onSelectActors?(ids: string[]): void;
  fetchJson?: <T>(url: string, signal?: AbortSignal) => Promise<T>;
}

export interface AnalyticsPanel {
  /** Re-fetch for the current date and filters (debounced). */
  refresh(): void;
  setView(view: AnalyticsView): void;
  readonly view: AnalyticsView;
  destroy(): void;
}

const SVG_NS = "http://www.w3.org/2000/svg";

async function defaultFetch<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, signal });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      detail = ((await res.json()) as { detail?: string }).detail ?? detail;
    } catch {
      /* not problem+json */
    }
    throw new Error(detail);
  }
  return (await res.json()) as T;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(
    (e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== "",
  );
  return new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
}

export function createAnalyticsPanel(root: HTMLElement, deps: AnalyticsPanelDeps): AnalyticsPanel {
  const get = deps.fetchJson ?? defaultFetch;
  let view: AnalyticsView = "none";
  let balance: BalanceResult | null = null;
  let blocs: BlocsResult | null = null;
  let cent: CentralityResult | null = null;
  let series: SeriesResult | null = null;
  let seriesKey = "";
  let diff: DiffResult | null = null;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let error: string | null = null;
  /** Date + filters of the data on screen: view changes that touch neither (selection, focus) do not re-fetch. */
  let loadedKey: string | null = null;

  root.classList.add("analytics-panel");
  const viewSelect = h(
    "select",
    { "aria-label": "Colour the graph by", "data-testid": "analytics-view" },
    ...ANALYTICS_VIEWS.map((v) => h("option", { value: v, text: VIEW_LABELS[v] })),
  );
  viewSelect.addEventListener("change", () => setView(viewSelect.value as AnalyticsView));
  const status = h("p", { class: "analytics-status", "aria-live": "polite" });
  const summary = h("div", { class: "analytics-summary", "data-testid": "analytics-summary" });
  const blocList = h("div", { class: "analytics-blocs", "data-testid": "analytics-blocs" });
  const tensionList = h("ol", { class: "analytics-tensions", "data-testid": "analytics-tensions" });
  const brokerList = h("ol", { class: "analytics-brokers", "data-testid": "analytics-brokers" });
  const chart = h("div", { class: "analytics-chart", "data-testid": "analytics-chart" });
  const fromInput = h("input", { type: "text", size: 10, placeholder: "YYYY[-MM[-DD]]", "aria-label": "Compare from" });
  const toInput = h("input", { type: "text", size: 10, placeholder: "YYYY[-MM[-DD]]", "aria-label": "Compare to" });
  const changes = h("ul", { class: "analytics-changes", "data-testid": "analytics-changes" });
  const compare = h("button", { type: "button", text: "Compare" });
  // Alleged and disputed alliances are not alignment unless the analyst asks for them (server: uncertainAlliances).
  const uncertain = h("input", { type: "checkbox", "data-testid": "analytics-uncertain" });
  uncertain.addEventListener("change", () => {
    loadedKey = null;
    void load();
  });
  compare.addEventListener("click", () => void loadDiff());

  replace(
    root,
    h("h2", { text: "Analysis" }),
    h("label", {}, "Colour by ", viewSelect),
    h(
      "label",
      {
        class: "analytics-option",
        title: "By default only confirmed and probable alliances, support and pledges count as alignment",
      },
      uncertain,
      " count alleged and disputed alliances",
    ),
    status,
    summary,
    h("h3", { text: "Blocs" }),
    blocList,
    h("h3", { text: "Unbalanced triads" }),
    tensionList,
    h("h3", { text: "Brokers" }),
    brokerList,
    h("h3", { text: "Balance over time" }),
    chart,
    h("h3", { text: "What changed" }),
    h("div", { class: "analytics-diff-form" }, fromInput, " → ", toInput, " ", compare),
    changes,
  );

  const clickable = (text: string, actors: string[]) => {
    const li = h("li", { text });
    if (deps.onSelectActors && actors.length) {
      li.classList.add("clickable");
      li.tabIndex = 0;
      li.addEventListener("click", () => deps.onSelectActors!(actors));
      li.addEventListener("keydown", (e) => (e as KeyboardEvent).key === "Enter" && deps.onSelectActors!(actors));
    }
    return li;
  };

  function paint(): void {
    const legend = analyticsLegend(view, { blocs, centrality: cent }, deps.labelOf) ?? undefined;
    if (view === "blocs" && blocs) deps.setColorOverride(blocColorMap(blocs), legend);
    else if (view === "tensions" && balance) deps.setColorOverride(tensionColorMap(balance), legend);
    else if (view === "communities" && cent) deps.setColorOverride(communityColorMap(cent), legend);
    else deps.setColorOverride(null);
  }

  function render(): void {
    status.textContent = error ?? (balance ? `As of ${balance.at}` : "Loading…");
    status.classList.toggle("error", Boolean(error));
    if (balance && blocs) {
      replace(
        summary,
        h("p", {
          text: `Balanced triads: ${formatShare(balance.balancedShare)} of ${plural(balance.triads, "triad")} (weak balance ${formatShare(balance.weaklyBalancedShare)})`,
        }),
        h("p", {
          text: `${balance.positiveEdges} positive and ${plural(balance.negativeEdges, "negative tie")}; best split into ${plural(blocs.blocs.length, "bloc")} leaves ${plural(blocs.frustratedTies, "tie")} frustrated (${blocs.method})`,
        }),
      );
      replace(
        blocList,
        blocs.blocs.map((b) => {
          const names = b.members.map(deps.labelOf);
          const shown = names.slice(0, 8).join(", ") + (names.length > 8 ? ` and ${names.length - 8} more` : "");
          const row = h("p", { class: "analytics-bloc" }, swatch("swatch-dot", blocColor(b.id)), ` ${shown}`);
          if (deps.onSelectActors) {
            row.classList.add("clickable");
            row.addEventListener("click", () => deps.onSelectActors!(b.members));
          }
          return row;
        }),
      );
      replace(
        tensionList,
        balance.unbalanced.length
          ? balance.unbalanced.slice(0, 10).map((t) => clickable(describeTriad(t, deps.labelOf), t.nodes))
          : h("li", { text: "None: every closed triad is balanced." }),
      );
    }
    if (cent)
      replace(
        brokerList,
        cent.brokers.slice(0, 5).map((b) => clickable(`${deps.labelOf(b.id)} (${b.betweenness.toFixed(2)})`, [b.id])),
      );
    renderChart();
    if (diff) {
      const lines = changeLines(diff, deps.labelOf);
      replace(
        changes,
        lines.length ? lines.map((l) => clickable(l.text, l.actors)) : h("li", { text: "Nothing changed." }),
      );
    }
  }

  function renderChart(): void {
    if (!series) return;
    const g = seriesChart(series.points, { currentYear: yearOf(balance?.at ?? deps.getAt()) });
    const s = svg("svg", { viewBox: `0 0 ${g.width} ${g.height}`, width: g.width, height: g.height, role: "img" });
    s.append(svg("title", {}, "Share of balanced triads per year"));
    for (const t of g.yTicks) {
      s.append(svg("line", { x1: g.plot.left, x2: g.plot.right, y1: t.y, y2: t.y, stroke: "#ddd" }));
      s.append(
        svg("text", { x: g.plot.left - 4, y: t.y + 3, "text-anchor": "end", "font-size": 9, fill: "#555" }, t.label),
      );
    }
    for (const t of g.xTicks)
      s.append(
        svg("text", { x: t.x, y: g.height - 6, "text-anchor": "middle", "font-size": 9, fill: "#555" }, t.label),
      );
    if (g.cursorX !== null)
      s.append(
        svg("line", {
          x1: g.cursorX,
          x2: g.cursorX,
          y1: g.plot.top,
          y2: g.plot.bottom,
          stroke: "#e4572e",
          "stroke-dasharray": "3,2",
        }),
      );
    for (const seg of g.segments)
      s.append(svg("polyline", { points: seg, fill: "none", stroke: "#1f77b4", "stroke-width": 1.5 }));
    for (const p of g.points) {
      const c = svg("circle", { cx: p.x, cy: p.y, r: 2.5, fill: "#1f77b4" });
      c.append(svg("title", {}, `${p.year}: ${formatShare(p.value)} balanced`));
      s.append(c);
    }
    replace(chart, g.points.length ? s : h("p", { text: "No closed triads in any year." }));
  }

  const filters = () => ({
    ...(deps.getFilters?.() ?? {}),
    ...(uncertain.checked ? { uncertainAlliances: "true" } : {}),
  });

  async function load(): Promise<void> {
    controller?.abort();
    const ctrl = (controller = new AbortController());
    const at = deps.getAt();
    const f = filters();
    const viewKey = query({ ...f, at });
    if (viewKey === loadedKey && !error) return;
    try {
      const base = { ...f, at };
      const key = query(f);
      const [b, bl, c, s] = await Promise.all([
        get<BalanceResult>(`/api/analytics/balance?${query({ ...base, limit: 50 })}`, ctrl.signal),
        get<BlocsResult>(`/api/analytics/blocs?${query(base)}`, ctrl.signal),
        get<CentralityResult>(`/api/analytics/centrality?${query({ ...base, top: 5 })}`, ctrl.signal),
        series && seriesKey === key
          ? Promise.resolve(series)
          : get<SeriesResult>(`/api/analytics/series?${key}`, ctrl.signal),
      ]);
      if (ctrl.signal.aborted) return;
      [balance, blocs, cent, series, seriesKey, error, loadedKey] = [b, bl, c, s, key, null, viewKey];
      if (!fromInput.value && !toInput.value) {
        const w = defaultDiffWindow(at ?? b.at, deps.getRange?.().min);
        if (w) [fromInput.value, toInput.value] = [w.from, w.to];
      }
    } catch (err) {
      if ((err as Error).name === "AbortError") return;
      error = `Analysis unavailable: ${(err as Error).message}`;
    }
    render();
    paint();
  }

  async function loadDiff(): Promise<void> {
    const from = fromInput.value.trim();
    const to = toInput.value.trim();
    if (!from || !to) return;
    try {
      diff = await get<DiffResult>(`/api/analytics/diff?${query({ ...filters(), from, to, top: 5 })}`);
      error = null;
    } catch (err) {
      error = `Comparison failed: ${(err as Error).message}`;
      diff = null;
      replace(changes);
    }
    render();
  }

  function setView(v: AnalyticsView): void {
    view = v;
    viewSelect.value = v;
    paint();
  }

  const refresh = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void load(), 150);
  };
  render();
  refresh();
  return {
    refresh,
    setView,
    get view() {
      return view;
    },
    destroy() {
      if (timer) clearTimeout(timer);
      controller?.abort();
      deps.setColorOverride(null);
      root.replaceChildren();
    },
  };
}

// Explorer page entry: finds the page's containers, starts the explorer, publishes `window.faultlines`, and mounts the
// optional export menu and analytics panel when their modules exist (they are built by other parts of the project).
import { publish, startExplorer, type ExplorerHandle } from "./app.js";
import "./styles.css";

const byId = (id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`main: the page has no #${id}`);
  return el;
};

// Optional modules: import.meta.glob yields nothing when the file is absent, so the page builds either way.
// Contract: export function mountExportMenu(container: HTMLElement, explorer: ExplorerHandle): void
//           export function mountAnalyticsPanel(container: HTMLElement, explorer: ExplorerHandle): void
const exportMenu = import.meta.glob<{ mountExportMenu?: (el: HTMLElement, x: ExplorerHandle) => void }>(
  "./views/export-menu.ts",
);
type AnalyticsModule = typeof import("./views/analytics-panel.js");
const analytics = import.meta.glob<AnalyticsModule>("./views/analytics-panel.ts");

async function mountOptional(handle: ExplorerHandle) {
  for (const load of Object.values(exportMenu)) (await load()).mountExportMenu?.(byId("export-menu"), handle);
  for (const load of Object.values(analytics)) {
    const mod = await load();
    const panel = mod.createAnalyticsPanel(byId("analytics-panel"), {
      getAt: () => handle.getViewState().at,
      getRange: () => handle.range ?? { min: null, max: null },
      getFilters: () => {
        const s = handle.getViewState();
        return {
          types: s.types?.join(","),
          kinds: s.kinds?.join(","),
          countries: s.countries?.join(","),
          confidence: s.confidence?.join(","),
        };
      },
      setColorOverride: (colors, legend) =>
        handle.setNodeColors(colors, colors ? (legend ?? { title: "Analytics colouring", entries: [] }) : undefined),
      labelOf: (id) => (handle.graph.hasNode(id) ? (handle.graph.getNodeAttribute(id, "fullLabel") as string) : id),
      onSelectActors: (ids) => handle.focusActors(ids),
    });
    handle.onViewChange(() => panel.refresh());
  }
}

// Side panel tabs (Details / Analysis): arrow keys move between tabs, as the ARIA tabs pattern expects.
const tabs = [byId("tab-detail"), byId("tab-analytics")];
const showTab = (i: number, focus = false) => {
  tabs.forEach((t, j) => {
    t.setAttribute("aria-selected", String(i === j));
    t.tabIndex = i === j ? 0 : -1;
    byId(t.getAttribute("aria-controls")!).hidden = i !== j;
  });
  if (focus) tabs[i].focus();
};
tabs.forEach((t, i) => {
  t.addEventListener("click", () => showTab(i));
  t.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") showTab((i + 1) % tabs.length, true);
  });
});
showTab(0);
// Narrow screens (360-800 px): the filters and the side panel are drawers over the graph, opened by their buttons in
// the top bar (one at a time, Escape or the button closes); selecting something opens the details drawer.
const drawers = [byId("toggle-filters"), byId("toggle-side")];
const narrow = window.matchMedia("(max-width: 800px)");
const openDrawer = (id: string | null) => {
  for (const b of drawers) {
    const open = b.getAttribute("aria-controls") === id;
    b.setAttribute("aria-expanded", String(open));
    byId(b.getAttribute("aria-controls")!).classList.toggle("drawer-open", open);
  }
};
for (const b of drawers)
  b.addEventListener("click", () =>
    openDrawer(b.getAttribute("aria-expanded") === "true" ? null : b.getAttribute("aria-controls")),
  );
document.addEventListener("keydown", (ev) => {
  if (ev.key === "Escape" && drawers.some((b) => b.getAttribute("aria-expanded") === "true")) openDrawer(null);
});
// Selecting something shows its details.
byId("detail-panel").addEventListener("faultlines:detail", () => {
  showTab(0);
  if (narrow.matches) openDrawer("side-panel");
});

const handle = await startExplorer({
  stage: byId("stage"),
  container: byId("sigma-container"),
  status: byId("status"),
  legend: byId("legend"),
  filters: byId("filters-panel"),
  detail: byId("detail-panel"),
  timeline: byId("timeline"),
  toolbar: byId("toolbar"),
  search: byId("search"),
});
publish(handle);
if (handle) void mountOptional(handle);
document.documentElement.dataset.ready = handle ? "true" : "error";

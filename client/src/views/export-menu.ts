// Export menu of the explorer: the current view (visible actors and ties, their on-screen positions and colours) as a
// report, JSON, GEXF, GraphML or CSV (built by POST /api/export), or as an SVG / PNG picture built here.
// mountExportMenu(container, explorer) is the contract main.ts calls when this module exists.
import { drawOnCanvas } from "@sigma/export-image";
import type { ExplorerHandle } from "../app.js";
import {
  FORMAT_LABELS,
  PICTURE_FORMATS,
  SERVER_FORMATS,
  filenameFromDisposition,
  legendRows,
  pictureFilename,
  toSerializedGraph,
  viewCaption,
  viewLegend,
  viewSvg,
  type ExportFormat,
  type PictureSettings,
  type ViewEdge,
  type ViewNode,
} from "../core/export/index.js";
import { isDarkColor } from "../../../server/export/palette.js";
import { h, replace } from "./dom.js";

const FONT = "'Liberation Sans', Arial, sans-serif";

/** Reads what the explorer shows right now: visible nodes with screen positions and display colours, visible edges. */
export function collectView(x: ExplorerHandle): {
  nodes: ViewNode[];
  edges: ViewEdge[];
  at: string | null;
  filters: Record<string, unknown>;
} {
  const state = x.getViewState();
  const nodes: ViewNode[] = [];
  for (const key of state.visibleNodes) {
    if (!x.graph.hasNode(key)) continue;
    const d = x.sigma.getNodeDisplayData(key);
    const p = d ? x.sigma.framedGraphToViewport({ x: d.x, y: d.y }) : { x: NaN, y: NaN };
    const look = x.nodeLook(key);
    nodes.push({
      key,
      attributes: x.graph.getNodeAttributes(key),
      x: p.x,
      y: p.y,
      size: d?.size ?? 6,
      color: look.color,
      legendLabel: look.label,
    });
  }
  const edges: ViewEdge[] = [];
  for (const key of state.visibleEdges) {
    if (!x.graph.hasEdge(key)) continue;
    const d = x.sigma.getEdgeDisplayData(key);
    edges.push({
      key,
      source: x.graph.source(key),
      target: x.graph.target(key),
      undirected: x.graph.isUndirected(key),
      attributes: x.graph.getEdgeAttributes(key),
      color: d?.color,
      width: d?.size,
    });
  }
  const filters: Record<string, unknown> = {};
  for (const k of ["at", "types", "kinds", "countries", "confidence"] as const) {
    const v = state[k];
    if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) filters[k] = v;
  }
  return { nodes, edges, at: state.at, filters };
}

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function exportFromServer(
  x: ExplorerHandle,
  format: (typeof SERVER_FORMATS)[number],
  title: string,
): Promise<string> {
  const { nodes, edges, at, filters } = collectView(x);
  const graph = toSerializedGraph(nodes, edges, at ? { at } : {});
  // The report's picture and tables take the explorer's colours and their meanings.
  const colorLegend = [...new Map(nodes.map((n) => [n.color, n.legendLabel ?? ""])).entries()].map(
    ([color, label]) => ({
      color,
      label,
    }),
  );
  const positions = Object.fromEntries(
    nodes.filter((n) => Number.isFinite(n.x) && Number.isFinite(n.y)).map((n) => [n.key, { x: n.x, y: n.y }]),
  );
  // On the map view, the reports carry the map (as drawn) beside the network.
  const map = x.getViewState().mode === "map" && (format === "html" || format === "md") ? x.map() : null;
  const mapPng = map ? await import("./map/export.js").then((m) => m.mapForReport(map, x.getViewState(), title)) : null;
  const res = await fetch("/api/export", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      format,
      ...(title ? { title } : {}),
      ...(mapPng ? { map: mapPng } : {}),
      graph,
      positions,
      picture: {
        colorBy: x.getViewState().colorBy,
        nodeColors: Object.fromEntries(nodes.map((n) => [n.key, n.color])),
        colorLegend,
      },
      filters,
      query: `Explorer view: ${location.pathname}${location.search}`,
    }),
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { detail?: string; code?: string } | null;
    throw new Error(problem?.detail ? `${problem.detail} (${problem.code})` : `HTTP ${res.status}`);
  }
  const filename = filenameFromDisposition(res.headers.get("Content-Disposition"), `faultlines-export.${format}`);
  download(await res.blob(), filename);
  return filename;
}

async function exportPicture(
  x: ExplorerHandle,
  format: (typeof PICTURE_FORMATS)[number],
  settings: PictureSettings,
): Promise<string> {
  const { nodes, edges, at } = collectView(x);
  const filename = pictureFilename(format, at);
  // On the map view, the picture is the map (views/map/export.ts).
  const map = x.getViewState().mode === "map" ? x.map() : null;
  if (map) {
    const { mapPicture } = await import("./map/export.js");
    download(await mapPicture(map, x.getViewState(), format, settings), filename.replace("-view", "-map"));
    return filename.replace("-view", "-map");
  }
  const legend = settings.legend ? viewLegend(nodes, edges) : [];
  if (format === "svg") {
    download(new Blob([viewSvg(nodes, edges, legend, settings)], { type: "image/svg+xml" }), filename);
    return filename;
  }
  // PNG: a title strip (title, date and filters) on top, sigma's drawing of the network at the chosen size, and the
  // legend strip under it, drawn on a 2D canvas.
  const out = document.createElement("canvas");
  out.width = settings.width;
  out.height = settings.height;
  const ctx = out.getContext("2d")!;
  ctx.font = `13px ${FONT}`;
  const rows = legend.length ? legendRows(legend, settings.width, (t) => ctx.measureText(t).width) : [];
  const legendH = rows.length ? rows.length * 22 + 16 : 0;
  const titleH =
    (settings.title ? 30 : 0) + (settings.subtitle ? 22 : 0) + (settings.title || settings.subtitle ? 10 : 0);
  const picture = await drawOnCanvas(x.sigma, {
    width: settings.width,
    height: Math.max(100, settings.height - legendH - titleH),
    backgroundColor: settings.background,
  });
  const ink = isDarkColor(settings.background) ? "#e5e7eb" : "#1f2937";
  ctx.fillStyle = settings.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(picture, 0, titleH);
  ctx.textBaseline = "alphabetic";
  if (settings.title) {
    ctx.fillStyle = ink;
    ctx.font = `bold 20px ${FONT}`;
    ctx.fillText(settings.title, 16, 30);
  }
  if (settings.subtitle) {
    ctx.fillStyle = isDarkColor(settings.background) ? "#cbd5e1" : "#4b5563";
    ctx.font = `14px ${FONT}`;
    ctx.fillText(settings.subtitle, 16, (settings.title ? 30 : 0) + 22, settings.width - 32);
  }
  const top = settings.height - legendH;
  ctx.font = `13px ${FONT}`;
  ctx.textBaseline = "middle";
  rows.forEach((row, r) => {
    const y = top + 16 + r * 22;
    for (const { item, x: lx } of row) {
      if (item.kind === "node") {
        ctx.fillStyle = item.color;
        ctx.beginPath();
        ctx.arc(lx + 9, y, 6, 0, Math.PI * 2);
        ctx.fill();
      } else {
        ctx.strokeStyle = item.color;
        ctx.lineWidth = 3;
        ctx.globalAlpha = item.opacity ?? 1;
        // Dashed where the tie is (alleged, disputed), as on screen and in the SVG.
        ctx.setLineDash(item.dash ? item.dash.split(" ").map(Number) : []);
        ctx.beginPath();
        ctx.moveTo(lx, y);
        ctx.lineTo(lx + 20, y);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.globalAlpha = 1;
      }
      ctx.fillStyle = ink;
      ctx.fillText(item.label, lx + 26, y);
    }
  });
  const blob = await new Promise<Blob>((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error("the canvas could not be encoded"))), "image/png"),
  );
  download(blob, filename);
  return filename;
}

export function mountExportMenu(container: HTMLElement, explorer: ExplorerHandle): void {
  const title = h("input", { id: "export-title", type: "text", maxlength: 300, placeholder: "Title (optional)" });
  const width = h("input", { id: "export-width", type: "number", min: 200, max: 4000, value: 1600 });
  const height = h("input", { id: "export-height", type: "number", min: 200, max: 4000, value: 1000 });
  const background = h("input", { id: "export-background", type: "color", value: "#ffffff" });
  const legend = h("input", { id: "export-legend", type: "checkbox", checked: true });
  const status = h("p", { id: "export-status", class: "muted", role: "status", "aria-live": "polite" });
  const clamp = (el: HTMLInputElement, def: number) => {
    const v = Math.round(Number(el.value));
    return Number.isFinite(v) ? Math.min(4000, Math.max(200, v)) : def;
  };
  const run = async (format: ExportFormat) => {
    status.textContent = `Preparing ${FORMAT_LABELS[format]}…`;
    try {
      const name = (SERVER_FORMATS as readonly string[]).includes(format)
        ? await exportFromServer(explorer, format as (typeof SERVER_FORMATS)[number], title.value.trim())
        : await exportPicture(explorer, format as (typeof PICTURE_FORMATS)[number], {
            width: clamp(width, 1600),
            height: clamp(height, 1000),
            background: background.value,
            legend: legend.checked,
            title: title.value.trim() || "Faultlines network",
            subtitle: viewCaption(explorer.getViewState()),
          });
      status.textContent = `Saved ${name}`;
    } catch (err) {
      status.textContent = `Export failed: ${(err as Error).message}`;
    }
  };
  const button = (f: ExportFormat) => {
    const b = h("button", { type: "button", id: `export-${f}`, onclick: () => void run(f) }, FORMAT_LABELS[f]);
    Object.assign(b.style, { display: "block", width: "100%", textAlign: "left", margin: "2px 0" });
    return b;
  };
  // The page stylesheet belongs to the explorer; the popover's few layout rules live here, through the CSSOM.
  const panel = h("div", { class: "export-panel" });
  Object.assign(panel.style, {
    position: "absolute",
    right: "0",
    top: "calc(100% + 4px)",
    zIndex: "30",
    width: "340px",
    padding: "10px 12px",
    background: "#ffffff",
    color: "#111827",
    border: "1px solid #d1d5db",
    borderRadius: "6px",
    boxShadow: "0 6px 20px rgba(0,0,0,.15)",
  });
  const popover = h("details", { class: "export-popover" }, h("summary", { id: "export-toggle" }, "Export"), panel);
  popover.style.position = "relative";
  title.style.width = "100%";
  for (const el of [width, height]) el.style.width = "5.5em";
  replace(container, popover);
  replace(
    panel,
    h(
      "div",
      {},
      h("label", { class: "block" }, "Title ", title),
      h("p", { class: "muted" }, "Exports the actors and ties shown now, with their sources."),
      h("div", { class: "export-formats" }, SERVER_FORMATS.map(button)),
      h(
        "fieldset",
        {},
        h("legend", {}, "Picture"),
        h("label", { class: "inline" }, "Width ", width),
        h("label", { class: "inline" }, "Height ", height),
        h("label", { class: "inline" }, "Background ", background),
        h("label", { class: "inline" }, legend, " Legend"),
        h("div", { class: "export-formats" }, PICTURE_FORMATS.map(button)),
      ),
      status,
    ),
  );
}

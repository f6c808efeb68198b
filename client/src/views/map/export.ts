// The map as a picture: the MapLibre canvas (a raster; the base layer and points are drawn by WebGL) under a title
// line (title, as-of date and window), as PNG, or as an SVG that embeds that raster (no vector map is drawn).
import type { PictureSettings } from "../../core/export/index.js";
import { MAP_WINDOW_LABELS } from "../../core/map/index.js";
import { formatDate } from "../../core/time/index.js";
import type { ViewState } from "../../core/url-state/index.js";
import { isDarkColor } from "../../../../server/export/palette.js";
import { layoutRows } from "../../../../server/export/svg.js";
import type { MapController, MapLegend } from "./index.js";

const FONT = "'Liberation Sans', Arial, sans-serif";

export function mapCaption(state: ViewState, title?: string): string {
  const when =
    state.at === null ? "all dates" : `events of ${MAP_WINDOW_LABELS[state.map.window]} ${formatDate(state.at)}`;
  return [title, `Map of events, ${when}`].filter(Boolean).join(" — ");
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

const dataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });

/** The map as the reports take it (POST /api/export `map`): the canvas as a base64 PNG and its caption. */
export async function mapForReport(
  ctl: MapController,
  state: ViewState,
  title?: string,
): Promise<{ png: string; caption: string; legend: MapLegend }> {
  const url = await dataUrl(await ctl.png());
  return { png: url.slice(url.indexOf(",") + 1), caption: mapCaption(state, title), legend: ctl.legend() };
}

/** One legend entry as drawn: a coloured dot, or one of the toll marks. */
type Entry = { label: string; color?: string; mark?: "size" | "ring" | "cluster"; heading?: boolean };

/** The map legend as a flat list: the colour heading, its colours, "Fatalities", its marks (the same as on screen). */
export function legendEntries(l: MapLegend): Entry[] {
  return [
    { label: `${l.heading}:`, heading: true },
    ...l.colours.map((c) => ({ label: c.label, color: c.color })),
    { label: "Fatalities:", heading: true },
    ...l.marks.map((m) => ({ label: m.label, mark: m.mark })),
  ];
}

/** The legend's entries in rows across `width` (text widths measured by the caller); each heading starts a row. */
export function mapLegendRows(l: MapLegend, width: number, measure: (text: string) => number) {
  return layoutRows(legendEntries(l), width, (e) => (e.heading ? 0 : 20) + measure(e.label) + 16, {
    pad: 16,
    breakBefore: (e) => e.heading === true,
  });
}

const MARK_INK = "#6b7280";

function svgMark(e: Entry, x: number, y: number): string {
  const cx = x + 7;
  if (e.color) return `<circle cx="${cx}" cy="${y}" r="6" fill="${escapeXml(e.color)}"/>`;
  if (e.mark === "ring")
    return `<circle cx="${cx}" cy="${y}" r="5" fill="#ffffff" stroke="${MARK_INK}" stroke-width="2.5"/>`;
  if (e.mark === "cluster")
    return `<circle cx="${cx}" cy="${y}" r="6" fill="rgba(55,65,81,0.78)" stroke="#ffffff" stroke-width="1.5"/>`;
  if (e.mark === "size")
    return `<circle cx="${cx}" cy="${y}" r="6" fill="#9ca3af"/><circle cx="${cx}" cy="${y}" r="3" fill="${MARK_INK}"/>`;
  return "";
}

function canvasMark(ctx: CanvasRenderingContext2D, e: Entry, x: number, y: number): void {
  const dot = (r: number, fill: string) => {
    ctx.beginPath();
    ctx.arc(x + 7, y, r, 0, Math.PI * 2);
    ctx.fillStyle = fill;
    ctx.fill();
  };
  if (e.color) dot(6, e.color);
  else if (e.mark === "size") {
    dot(6, "#9ca3af");
    dot(3, MARK_INK);
  } else if (e.mark === "cluster") {
    dot(6, "rgba(55,65,81,0.78)");
  } else if (e.mark === "ring") {
    dot(5, "#ffffff");
    ctx.strokeStyle = MARK_INK;
    ctx.lineWidth = 2.5;
    ctx.stroke();
  }
}

/** The map picture at the settings' size: caption on top, the map scaled to fit, the legend under it (if asked). */
export async function mapPicture(
  ctl: MapController,
  state: ViewState,
  format: "png" | "svg",
  settings: PictureSettings,
): Promise<Blob> {
  const png = await ctl.png();
  const img = await createImageBitmap(png);
  const caption = mapCaption(state, settings.title);
  const ink = isDarkColor(settings.background) ? "#e5e7eb" : "#111827";
  const top = 36;
  const measureCtx = document.createElement("canvas").getContext("2d")!;
  measureCtx.font = `13px ${FONT}`;
  const rows = settings.legend
    ? mapLegendRows(ctl.legend(), settings.width, (t) => measureCtx.measureText(t).width)
    : [];
  const legendH = rows.length ? rows.length * 22 + 12 : 0;
  const room = Math.max(100, settings.height - top - legendH);
  const scale = Math.min(settings.width / img.width, room / img.height);
  const w = Math.round(img.width * scale);
  const hgt = Math.round(img.height * scale);
  const x = Math.round((settings.width - w) / 2);
  const legendTop = top + hgt + 6;
  if (format === "svg") {
    const href = await dataUrl(png);
    const legend = rows.flatMap((row, r) =>
      row.map(({ item: e, x: lx }) => {
        const y = legendTop + 14 + r * 22;
        const text = `<text x="${lx + (e.heading ? 0 : 20)}" y="${y + 4}" font-family="${escapeXml(FONT)}" font-size="13"${e.heading ? ' font-weight="bold"' : ""} fill="${ink}">${escapeXml(e.label)}</text>`;
        return svgMark(e, lx, y) + text;
      }),
    );
    return new Blob(
      [
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${settings.width}" height="${settings.height}" viewBox="0 0 ${settings.width} ${settings.height}">`,
        `<rect width="100%" height="100%" fill="${escapeXml(settings.background)}"/>`,
        `<text x="12" y="24" font-family="${escapeXml(FONT)}" font-size="16" font-weight="bold" fill="${ink}">${escapeXml(caption)}</text>`,
        `<image x="${x}" y="${top}" width="${w}" height="${hgt}" xlink:href="${href}"/>`,
        rows.length ? `<g class="legend">${legend.join("")}</g>` : "",
        `</svg>`,
      ],
      { type: "image/svg+xml" },
    );
  }
  const out = document.createElement("canvas");
  out.width = settings.width;
  out.height = settings.height;
  const ctx = out.getContext("2d")!;
  ctx.fillStyle = settings.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = ink;
  ctx.font = `bold 16px ${FONT}`;
  ctx.textBaseline = "middle";
  ctx.fillText(caption, 12, top / 2);
  ctx.drawImage(img, x, top, w, hgt);
  rows.forEach((row, r) => {
    const y = legendTop + 14 + r * 22;
    for (const { item: e, x: lx } of row) {
      canvasMark(ctx, e, lx, y);
      ctx.fillStyle = ink;
      ctx.font = `${e.heading ? "bold " : ""}13px ${FONT}`;
      ctx.fillText(e.label, lx + (e.heading ? 0 : 20), y);
    }
  });
  return new Promise<Blob>((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error("the map picture could not be encoded"))), "image/png"),
  );
}

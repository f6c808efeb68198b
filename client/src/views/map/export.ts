// The map as a picture: the MapLibre canvas (a raster; the base layer and points are drawn by WebGL) under a title
// line (title, as-of date and window), as PNG, or as an SVG that embeds that raster (no vector map is drawn).
import type { PictureSettings } from "../../core/export/index.js";
import { MAP_WINDOW_LABELS } from "../../core/map/index.js";
import { formatDate } from "../../core/time/index.js";
import type { ViewState } from "../../core/url-state/index.js";
import type { MapController } from "./index.js";

const FONT = "'Liberation Sans', Arial, sans-serif";

export function mapCaption(state: ViewState, title?: string): string {
  const when =
    state.at === null ? "all dates" : `events of ${MAP_WINDOW_LABELS[state.map.window]} ${formatDate(state.at)}`;
  return [title, `Map of events, ${when}`].filter(Boolean).join(" — ");
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

/** The map picture at the settings' size (the map is scaled to fit under the caption). */
export async function mapPicture(
  ctl: MapController,
  state: ViewState,
  format: "png" | "svg",
  settings: PictureSettings,
): Promise<Blob> {
  const png = await ctl.png();
  const img = await createImageBitmap(png);
  const caption = mapCaption(state, settings.title);
  const top = 36;
  const scale = Math.min(settings.width / img.width, (settings.height - top) / img.height);
  const w = Math.round(img.width * scale);
  const hgt = Math.round(img.height * scale);
  const x = Math.round((settings.width - w) / 2);
  if (format === "svg") {
    const href = await new Promise<string>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result));
      r.onerror = () => reject(r.error);
      r.readAsDataURL(png);
    });
    return new Blob(
      [
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${settings.width}" height="${settings.height}" viewBox="0 0 ${settings.width} ${settings.height}">`,
        `<rect width="100%" height="100%" fill="${escapeXml(settings.background)}"/>`,
        `<text x="12" y="24" font-family="${escapeXml(FONT)}" font-size="16" font-weight="bold" fill="#111827">${escapeXml(caption)}</text>`,
        `<image x="${x}" y="${top}" width="${w}" height="${hgt}" xlink:href="${href}"/>`,
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
  ctx.fillStyle = "#111827";
  ctx.font = `bold 16px ${FONT}`;
  ctx.textBaseline = "middle";
  ctx.fillText(caption, 12, top / 2);
  ctx.drawImage(img, x, top, w, hgt);
  return new Promise<Blob>((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error("the map picture could not be encoded"))), "image/png"),
  );
}

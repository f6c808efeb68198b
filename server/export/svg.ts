// A vector picture of the network (SVG 1.1) from node positions, colours and sizes, with a legend; for print and the report.
// Pure (no Node or DOM APIs): the server draws it from a computed layout, the browser from sigma's current positions.
import { confidenceLook, edgeStyle, isDarkColor, kindLabel } from "./palette.js";
import { escapeXmlAttr, escapeXmlText } from "./xml.js";

export interface PictureNode {
  key: string;
  label: string;
  x: number;
  y: number;
  /** Radius in output pixels. */
  size: number;
  color: string;
  kind?: string;
  /** What the colour stands for in the legend (a family, a kind); the kind's label when absent. */
  legendLabel?: string;
}

export interface PictureEdge {
  key: string;
  source: string;
  target: string;
  type: string;
  directed: boolean;
  color?: string;
  width?: number;
  /** Alleged and disputed ties are dashed and fainter, probable ones fainter, as on screen. */
  confidence?: string;
}

export interface PictureOptions {
  width?: number;
  height?: number;
  background?: string;
  /** Draw the legend of kinds and edge types present (default true). */
  legend?: boolean;
  title?: string;
  /** A second line under the title: the date and the filters of the view. */
  subtitle?: string;
  /** Positions are y-up (graph space, as sigma's graph coordinates); flip them for SVG's y-down. */
  yUp?: boolean;
  labels?: boolean;
  /** The legend to draw instead of the one inferred from kinds and edge types (the browser passes what it shows). */
  legendItems?: LegendItem[];
}

export interface LegendItem {
  kind: "node" | "edge";
  label: string;
  color: string;
  dash?: string;
  width?: number;
  opacity?: number;
}

const FONT = "'Liberation Sans', Arial, Helvetica, sans-serif";
const PAD = 24;
const LEGEND_ROW = 18;

/** Rough text width (no font metrics here): wide scripts count double. */
function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += /[\u1100-\uFFFF]/.test(ch) && !/[\u0600-\u06FF]/.test(ch) ? 1 : 0.52;
  return units * fontSize;
}

/** Long names are cut in the picture (the full name stays in the node's <title> tooltip and in the tables). */
export function pictureLabel(label: string, max = 36): string {
  const chars = [...label];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`
    : label;
}

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n * 100) / 100 : 0).toString();

/** The legend of what the picture shows: each node colour with what it stands for, tie types, weaker confidences. */
export function legendItems(nodes: PictureNode[], edges: PictureEdge[]): LegendItem[] {
  const items: LegendItem[] = [];
  const byColor = new Map<string, string>();
  for (const n of [...nodes].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const label = n.legendLabel ?? (n.kind ? kindLabel(n.kind) : undefined);
    if (label && !byColor.has(n.color)) byColor.set(n.color, label);
  }
  for (const [color, label] of [...byColor].sort((a, b) => a[1].localeCompare(b[1])))
    items.push({ kind: "node", label, color });
  const types = [...new Set(edges.map((e) => e.type))].sort();
  for (const t of types) {
    const s = edgeStyle(t);
    items.push({ kind: "edge", label: s.label, color: s.color, width: s.width });
  }
  for (const c of ["probable", "alleged", "disputed"]) {
    if (!edges.some((e) => e.confidence === c)) continue;
    const look = confidenceLook(c);
    items.push({ kind: "edge", label: look.label, color: "#333333", dash: look.dash, opacity: look.alpha, width: 2 });
  }
  return items;
}

/**
 * Entries laid out in rows across `width` (positions only; the caller draws): each starts where the one before it
 * ends, and a new row starts when the next would pass the right margin, or before an entry `breakBefore` names (the
 * map legend starts a row at each heading). Serves the SVG's legend, the network PNG's and the map picture's.
 */
export function layoutRows<T>(
  entries: readonly T[],
  width: number,
  entryWidth: (entry: T) => number,
  options: { pad: number; breakBefore?: (entry: T) => boolean },
): { item: T; x: number }[][] {
  const { pad, breakBefore } = options;
  const rows: { item: T; x: number }[][] = [];
  let row: { item: T; x: number }[] = [];
  let x = pad;
  for (const item of entries) {
    const w = entryWidth(item);
    if (row.length && (x + w > width - pad || breakBefore?.(item))) {
      rows.push(row);
      row = [];
      x = pad;
    }
    row.push({ item, x });
    x += w;
  }
  if (row.length) rows.push(row);
  return rows;
}

function layoutLegend(
  items: LegendItem[],
  width: number,
): { rows: { item: LegendItem; x: number }[][]; height: number } {
  const rows = layoutRows(items, width, (item) => 26 + textWidth(item.label, 11) + 18, { pad: PAD });
  return { rows, height: rows.length ? rows.length * LEGEND_ROW + 16 : 0 };
}

/** Renders the picture. Nodes without a finite position are placed at the centre rather than dropped. */
export function renderSvg(nodes: PictureNode[], edges: PictureEdge[], options: PictureOptions = {}): string {
  const width = options.width ?? 960;
  const height = options.height ?? 720;
  const background = options.background ?? "#ffffff";
  const showLabels = options.labels ?? true;
  const dark = isDarkColor(background);
  const ink = dark ? "#f3f4f6" : "#111827";
  const halo = dark ? "#111827" : "#ffffff";
  const legend =
    options.legend === false
      ? { rows: [], height: 0 }
      : layoutLegend(options.legendItems ?? legendItems(nodes, edges), width);
  const titleH = (options.title ? 28 : 0) + (options.subtitle ? 18 : 0);
  const areaTop = PAD + titleH;
  const areaH = Math.max(40, height - legend.height - areaTop - PAD);
  const areaW = width - 2 * PAD;

  const finite = nodes.filter((n) => Number.isFinite(n.x) && Number.isFinite(n.y));
  const xs = finite.map((n) => n.x);
  const ys = finite.map((n) => (options.yUp ? -n.y : n.y));
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 0];
  const [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 0];
  const maxR = Math.max(8, ...nodes.map((n) => n.size));
  // Labels stick out to the right: leave them room.
  const labelRoom = showLabels
    ? Math.min(200, Math.max(0, ...nodes.map((n) => textWidth(pictureLabel(n.label), 11))))
    : 0;
  const innerW = Math.max(10, areaW - 2 * maxR - labelRoom);
  const innerH = Math.max(10, areaH - 2 * maxR);
  const scale = Math.min(innerW / Math.max(x1 - x0, 1e-9), innerH / Math.max(y1 - y0, 1e-9));
  const s = Number.isFinite(scale) && x1 - x0 + (y1 - y0) > 0 ? scale : 0;
  const offX = PAD + maxR + (innerW - (x1 - x0) * s) / 2;
  const offY = areaTop + maxR + (innerH - (y1 - y0) * s) / 2;
  const pos = new Map<string, { x: number; y: number; r: number }>();
  for (const n of nodes) {
    const ok = Number.isFinite(n.x) && Number.isFinite(n.y);
    const ny = options.yUp ? -n.y : n.y;
    pos.set(n.key, {
      x: ok ? offX + (n.x - x0) * s : PAD + areaW / 2,
      y: ok ? offY + (ny - y0) * s : areaTop + areaH / 2,
      r: n.size,
    });
  }

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXmlAttr(FONT)}" role="img">`,
  );
  if (options.title) out.push(`<title>${escapeXmlText(options.title)}</title>`);
  // One arrowhead per colour in use, so each arrow matches its line.
  const colorOf = (e: PictureEdge) => e.color ?? edgeStyle(e.type).color;
  const markerColors = [...new Set(edges.filter((e) => e.directed).map(colorOf))].sort();
  const markerId = new Map(markerColors.map((c, i) => [c, `arrow-${i}`]));
  out.push("<defs>");
  for (const c of markerColors) {
    out.push(
      `<marker id="${markerId.get(c)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${escapeXmlAttr(c)}"/></marker>`,
    );
  }
  out.push("</defs>");
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="${escapeXmlAttr(background)}"/>`);
  if (options.title) {
    out.push(
      `<text x="${PAD}" y="${PAD + 14}" font-size="16" font-weight="bold" fill="${ink}">${escapeXmlText(options.title)}</text>`,
    );
  }
  if (options.subtitle) {
    out.push(
      `<text class="subtitle" x="${PAD}" y="${PAD + (options.title ? 34 : 12)}" font-size="12" fill="${dark ? "#d1d5db" : "#4b5563"}">${escapeXmlText(options.subtitle)}</text>`,
    );
  }

  // Parallel edges between one pair bend apart so each stays visible.
  const pairs = new Map<string, PictureEdge[]>();
  for (const e of edges) {
    if (!pos.has(e.source) || !pos.has(e.target)) continue;
    const k = e.source < e.target ? `${e.source}\u0000${e.target}` : `${e.target}\u0000${e.source}`;
    const list = pairs.get(k);
    if (list) list.push(e);
    else pairs.set(k, [e]);
  }
  out.push('<g class="edges" fill="none">');
  for (const group of pairs.values()) {
    group.sort((a, b) => (a.key < b.key ? -1 : 1));
    group.forEach((e, i) => {
      const a = pos.get(e.source)!,
        b = pos.get(e.target)!;
      const st = edgeStyle(e.type);
      const look = confidenceLook(e.confidence);
      const color = colorOf(e);
      // Offsets are measured on the canonical pair direction so two opposite edges do not overlap.
      const flip = e.source > e.target ? -1 : 1;
      const bend = (i - (group.length - 1) / 2) * 22 * flip;
      const dx = b.x - a.x,
        dy = b.y - a.y;
      const len = Math.hypot(dx, dy) || 1;
      const mx = (a.x + b.x) / 2 - (dy / len) * bend,
        my = (a.y + b.y) / 2 + (dx / len) * bend;
      const shorten = (p: { x: number; y: number; r: number }, q: { x: number; y: number }, extra: number) => {
        const ddx = q.x - p.x,
          ddy = q.y - p.y;
        const l = Math.hypot(ddx, ddy) || 1;
        return { x: p.x + (ddx / l) * (p.r + extra), y: p.y + (ddy / l) * (p.r + extra) };
      };
      const ctrl = { x: mx, y: my };
      const start = shorten(a, bend ? ctrl : b, 0);
      const end = shorten(b, bend ? ctrl : a, e.directed ? 1 : 0);
      const d = bend
        ? `M${fmt(start.x)},${fmt(start.y)} Q${fmt(mx)},${fmt(my)} ${fmt(end.x)},${fmt(end.y)}`
        : `M${fmt(start.x)},${fmt(start.y)} L${fmt(end.x)},${fmt(end.y)}`;
      out.push(
        `<path d="${d}" stroke="${escapeXmlAttr(color)}" stroke-width="${fmt(e.width ?? st.width)}"${look.dash ? ` stroke-dasharray="${look.dash}"` : ""}${look.alpha < 1 ? ` stroke-opacity="${look.alpha}"` : ""}${e.directed ? ` marker-end="url(#${markerId.get(color)})"` : ""} data-key="${escapeXmlAttr(e.key)}"/>`,
      );
    });
  }
  out.push("</g>");

  out.push(`<g class="nodes" stroke="${halo}" stroke-width="1.5">`);
  for (const n of nodes) {
    const p = pos.get(n.key)!;
    out.push(
      `<circle cx="${fmt(p.x)}" cy="${fmt(p.y)}" r="${fmt(p.r)}" fill="${escapeXmlAttr(n.color)}" data-key="${escapeXmlAttr(n.key)}"><title>${escapeXmlText(n.label)}</title></circle>`,
    );
  }
  out.push("</g>");
  if (showLabels) {
    out.push(
      `<g class="labels" font-size="11" fill="${ink}" stroke="${halo}" stroke-width="3" paint-order="stroke" stroke-linejoin="round">`,
    );
    for (const n of nodes) {
      const p = pos.get(n.key)!;
      out.push(`<text x="${fmt(p.x + p.r + 3)}" y="${fmt(p.y + 4)}">${escapeXmlText(pictureLabel(n.label))}</text>`);
    }
    out.push("</g>");
  }

  if (legend.rows.length) {
    const top = height - legend.height;
    out.push(`<g class="legend" font-size="11" fill="${dark ? "#e5e7eb" : "#374151"}">`);
    out.push(`<line x1="${PAD}" y1="${top}" x2="${width - PAD}" y2="${top}" stroke="#d1d5db" stroke-width="1"/>`);
    legend.rows.forEach((row, r) => {
      const y = top + 14 + r * LEGEND_ROW;
      for (const { item, x } of row) {
        if (item.kind === "node") {
          out.push(`<circle cx="${fmt(x + 9)}" cy="${fmt(y)}" r="6" fill="${escapeXmlAttr(item.color)}"/>`);
        } else {
          out.push(
            `<line x1="${fmt(x)}" y1="${fmt(y)}" x2="${fmt(x + 20)}" y2="${fmt(y)}" stroke="${escapeXmlAttr(item.color)}" stroke-width="${item.width ?? 1.5}"${item.dash ? ` stroke-dasharray="${item.dash}"` : ""}${item.opacity !== undefined && item.opacity < 1 ? ` stroke-opacity="${item.opacity}"` : ""}/>`,
          );
        }
        out.push(`<text x="${fmt(x + 26)}" y="${fmt(y + 4)}">${escapeXmlText(item.label)}</text>`);
      }
    });
    out.push("</g>");
  }
  out.push("</svg>");
  return out.join("\n");
}

// Pure logic of the explorer's analytics panel: bloc and tension colour maps, the balance-over-time chart geometry,
// and the "what changed" list as plain lines. No DOM, no sigma; the panel (views/analytics-panel.ts) renders these.
import type { BalanceResult } from "../../../../server/analytics/balance.js";
import type { BlocsResult } from "../../../../server/analytics/blocs.js";
import type { CentralityResult } from "../../../../server/analytics/centrality.js";
import type { DiffResult } from "../../../../server/analytics/diff.js";
import type { SeriesPoint, SeriesResult } from "../../../../server/analytics/series.js";

export type { BalanceResult, BlocsResult, CentralityResult, DiffResult, SeriesPoint, SeriesResult };

/** What the panel paints on the graph. */
export const ANALYTICS_VIEWS = ["none", "blocs", "tensions", "communities"] as const;
export type AnalyticsView = (typeof ANALYTICS_VIEWS)[number];

export const VIEW_LABELS: Record<AnalyticsView, string> = {
  none: "Off",
  blocs: "Blocs",
  tensions: "Unbalanced triads",
  communities: "Communities",
};

/** Bloc colours: distinct, readable on white; the first two (the main camps) contrast most. */
export const BLOC_COLORS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#17becf",
  "#8c564b",
  "#e377c2",
] as const;
export const TENSION_COLOR = "#e4572e";
export const PIVOT_COLOR = "#7b2cbf";

export function blocColor(id: number): string {
  return BLOC_COLORS[id % BLOC_COLORS.length];
}

/** Actor -> colour of its bloc; actors in no bloc are left out (the renderer greys them). */
export function blocColorMap(blocs: Pick<BlocsResult, "assignment">): Map<string, string> {
  return new Map(
    Object.entries(blocs.assignment)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, bloc]) => [id, blocColor(bloc)]),
  );
}

/** Actor -> colour of its Louvain community. */
export function communityColorMap(c: Pick<CentralityResult, "communities">): Map<string, string> {
  const out = new Map<string, string>();
  for (const com of c.communities) for (const m of com.members) out.set(m, blocColor(com.id));
  return out;
}

/** Actors in unbalanced triads: pivots (both allies of two enemies) in one colour, the others in another. */
export function tensionColorMap(balance: Pick<BalanceResult, "unbalanced">): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of balance.unbalanced) for (const n of t.nodes) if (!out.has(n)) out.set(n, TENSION_COLOR);
  for (const t of balance.unbalanced) if (t.pivot) out.set(t.pivot, PIVOT_COLOR);
  return out;
}

export type LabelOf = (id: string) => string;

export interface ColorLegend {
  title: string;
  entries: { label: string; color: string }[];
}

/** Legend of the analytics colouring: one entry per bloc/community (named by its first members), or the two tension roles. */
export function analyticsLegend(
  view: AnalyticsView,
  data: { blocs?: Pick<BlocsResult, "blocs"> | null; centrality?: Pick<CentralityResult, "communities"> | null },
  label: LabelOf,
): ColorLegend | null {
  const named = (members: string[]) =>
    members.slice(0, 2).map(label).join(", ") + (members.length > 2 ? ` +${members.length - 2}` : "");
  if (view === "blocs" && data.blocs) {
    return {
      title: "Blocs (signed balance)",
      entries: data.blocs.blocs.map((b) => ({
        label: `Bloc ${b.id + 1}: ${named(b.members)}`,
        color: blocColor(b.id),
      })),
    };
  }
  if (view === "communities" && data.centrality) {
    return {
      title: "Communities (Louvain, positive ties)",
      entries: data.centrality.communities.map((c) => ({
        label: `${c.id + 1}: ${named(c.members)}`,
        color: blocColor(c.id),
      })),
    };
  }
  if (view === "tensions") {
    return {
      title: "Unbalanced triads",
      entries: [
        { label: "Allied with two actors who are enemies", color: PIVOT_COLOR },
        { label: "In an unbalanced triad", color: TENSION_COLOR },
      ],
    };
  }
  return null;
}

/** One sentence per unbalanced triad, strongest first. */
export function describeTriad(t: BalanceResult["unbalanced"][number], label: LabelOf): string {
  if (t.pattern === "++-" && t.pivot && t.enemies) {
    return `${label(t.enemies[0])} and ${label(t.enemies[1])} both side with ${label(t.pivot)} but are hostile to each other`;
  }
  return `${t.nodes.map(label).join(", ")} are all hostile to one another`;
}

export function formatShare(x: number | null): string {
  return x === null ? "n/a" : `${Math.round(x * 100)}%`;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Polyline points of the balanced share ("x,y x,y ..."); breaks where a year has no triad. */
  segments: string[];
  /** One marker per year with a value. */
  points: { x: number; y: number; year: number; value: number; at: string }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  /** x of the current date, if inside the range. */
  cursorX: number | null;
  plot: { left: number; top: number; right: number; bottom: number };
}

/** Geometry of the balance-over-time chart (share of balanced triads per year, 0-100%). */
export function seriesChart(
  points: readonly Pick<SeriesPoint, "year" | "at" | "balancedShare">[],
  opts: { width?: number; height?: number; currentYear?: number | null } = {},
): ChartGeometry {
  const width = opts.width ?? 280;
  const height = opts.height ?? 120;
  const plot = { left: 34, top: 8, right: width - 8, bottom: height - 20 };
  const geometry: ChartGeometry = {
    width,
    height,
    segments: [],
    points: [],
    xTicks: [],
    yTicks: [],
    cursorX: null,
    plot,
  };
  geometry.yTicks = [0, 0.5, 1].map((v) => ({ y: plot.bottom - v * (plot.bottom - plot.top), label: `${v * 100}%` }));
  if (!points.length) return geometry;
  const y0 = points[0].year;
  const y1 = points[points.length - 1].year;
  const span = Math.max(1, y1 - y0);
  const xOf = (year: number) => plot.left + ((year - y0) / span) * (plot.right - plot.left);
  const yOf = (v: number) => plot.bottom - v * (plot.bottom - plot.top);
  let current: string[] = [];
  for (const p of points) {
    if (p.balancedShare === null) {
      if (current.length) geometry.segments.push(current.join(" "));
      current = [];
      continue;
    }
    const x = round1(xOf(p.year));
    const y = round1(yOf(p.balancedShare));
    current.push(`${x},${y}`);
    geometry.points.push({ x, y, year: p.year, value: p.balancedShare, at: p.at });
  }
  if (current.length) geometry.segments.push(current.join(" "));
  const step = Math.max(1, Math.ceil(span / 5));
  for (let y = y0; y <= y1; y += step) geometry.xTicks.push({ x: round1(xOf(y)), label: String(y) });
  if (opts.currentYear !== undefined && opts.currentYear !== null && opts.currentYear >= y0 && opts.currentYear <= y1) {
    geometry.cursorX = round1(xOf(opts.currentYear));
  }
  return geometry;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export type ChangeKind = "appeared" | "dissolved" | "created" | "ended" | "flipped" | "balance" | "broker";

export interface ChangeLine {
  kind: ChangeKind;
  text: string;
  /** Actors the line is about (to focus them on click). */
  actors: string[];
}

const TYPE_WORDS: Record<string, string> = {
  ALLIED_WITH: "allied with",
  AFFILIATED_WITH: "affiliated with",
  RIVAL_OF: "rival of",
  SPLINTER_OF: "splinter of",
  MERGED_INTO: "merged into",
  PLEDGED_TO: "pledged to",
  PART_OF: "part of",
  SUPPORTS: "supports",
  CLASHED_WITH: "clashed with",
};

/** The diff as readable lines, grouped in a fixed order: flips first (the realignments analysts look for). */
export function changeLines(diff: DiffResult, label: LabelOf): ChangeLine[] {
  const out: ChangeLine[] = [];
  for (const f of diff.flipped) {
    out.push({
      kind: "flipped",
      text: `${label(f.a)} and ${label(f.b)}: ${f.direction === "ally->rival" ? "allies became rivals" : "rivals became allies"}`,
      actors: [f.a, f.b],
    });
  }
  for (const a of diff.actors.appeared)
    out.push({ kind: "appeared", text: `${a.label} appeared${a.founded ? ` (${a.founded})` : ""}`, actors: [a.id] });
  for (const a of diff.actors.dissolved)
    out.push({
      kind: "dissolved",
      text: `${a.label} dissolved${a.dissolved ? ` (${a.dissolved})` : ""}`,
      actors: [a.id],
    });
  for (const t of diff.ties.created) {
    out.push({
      kind: "created",
      text: `${label(t.source)} ${TYPE_WORDS[t.type] ?? t.type} ${label(t.target)}${t.since ? ` (since ${t.since})` : ""}`,
      actors: [t.source, t.target],
    });
  }
  for (const t of diff.ties.ended) {
    out.push({
      kind: "ended",
      text: `${label(t.source)} no longer ${TYPE_WORDS[t.type] ?? t.type} ${label(t.target)}${t.until ? ` (until ${t.until})` : ""}`,
      actors: [t.source, t.target],
    });
  }
  if (diff.balance.before !== null || diff.balance.after !== null) {
    out.push({
      kind: "balance",
      text: `Balanced triads: ${formatShare(diff.balance.before)} → ${formatShare(diff.balance.after)}`,
      actors: [],
    });
  }
  for (const c of diff.centrality.slice(0, 5)) {
    out.push({
      kind: "broker",
      text: `${c.label}: brokerage ${c.delta > 0 ? "up" : "down"} ${Math.abs(c.delta).toFixed(2)}`,
      actors: [c.id],
    });
  }
  return out;
}

/** Year of a partial date ("2017-03" -> 2017), or null. */
export function yearOf(at: string | null | undefined): number | null {
  const m = /^(\d{4})/.exec(at ?? "");
  return m ? Number(m[1]) : null;
}

/** Default comparison window for "what changed": five years before the current date, to the current date. */
export function defaultDiffWindow(
  at: string | null | undefined,
  rangeMin?: string | null,
): { from: string; to: string } | null {
  const y = yearOf(at);
  if (y === null) return null;
  const min = yearOf(rangeMin);
  const from = Math.max(y - 5, min ?? y - 5);
  return { from: String(from), to: at! };
}

// Lineage (genealogy): which ties are lineage, an actor's own family, and the plan of a layered drawing by founding
// year (a band per year, rows inside a band where a same-year descent needs one). Pure and synchronous; the
// horizontal order comes from ELK (./layout.ts), loaded only when the lineage is shown.
import type { GraphEdgeType } from "../../../../server/domain/constants.js";

export interface LineageNode {
  key: string;
  /** First day of `founded`, if known. */
  fromDay?: string;
}

export interface LineageEdge {
  key: string;
  source: string;
  target: string;
  type: GraphEdgeType;
  fromDay?: string;
}

/**
 * Descent: a splinter, a merger, a founding membership (the actor was born of the other). Allegiance: a pledge or an
 * affiliation (the actor took the other as its parent organisation, whenever it was founded).
 */
export type LineageKind = "descent" | "allegiance";

export interface LineageLink {
  edge: string;
  ancestor: string;
  descendant: string;
  kind: LineageKind;
}

/**
 * Which ties are lineage, and which way descent runs. "A SPLINTER_OF B": B begot A. "A MERGED_INTO B": A became
 * (part of) B. "A PART_OF B" only when A joined B at B's founding (JNIM was founded by its components); later
 * memberships are alliances, not descent. "A PLEDGED_TO / AFFILIATED_WITH B": B is A's parent organisation.
 */
export function lineageLinks(nodes: readonly LineageNode[], edges: readonly LineageEdge[]): LineageLink[] {
  const founded = new Map(nodes.map((n) => [n.key, n.fromDay]));
  const out: LineageLink[] = [];
  for (const e of edges) {
    if (e.type === "SPLINTER_OF") out.push({ edge: e.key, ancestor: e.target, descendant: e.source, kind: "descent" });
    else if (e.type === "MERGED_INTO")
      out.push({ edge: e.key, ancestor: e.source, descendant: e.target, kind: "descent" });
    else if (e.type === "PART_OF" && e.fromDay && founded.get(e.target) === e.fromDay)
      out.push({ edge: e.key, ancestor: e.source, descendant: e.target, kind: "descent" });
    else if (e.type === "PLEDGED_TO" || e.type === "AFFILIATED_WITH")
      out.push({ edge: e.key, ancestor: e.target, descendant: e.source, kind: "allegiance" });
  }
  return out;
}

/** An actor's own family: itself, its ancestors and its descendants through lineage ties (not its cousins). */
export function familyOf(links: readonly LineageLink[], key: string): Set<string> {
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const l of links) {
    (up.get(l.descendant) ?? up.set(l.descendant, []).get(l.descendant)!).push(l.ancestor);
    (down.get(l.ancestor) ?? down.set(l.ancestor, []).get(l.ancestor)!).push(l.descendant);
  }
  const out = new Set([key]);
  for (const next of [up, down]) {
    const seen = new Set([key]);
    const stack = [key];
    while (stack.length)
      for (const n of next.get(stack.pop()!) ?? [])
        if (!seen.has(n)) {
          seen.add(n);
          out.add(n);
          stack.push(n);
        }
  }
  return out;
}

const yearOf = (day: string) => Number(day.slice(0, 4));

/** Where an actor sits on the year axis and what its label says about its date. */
export interface LineageDate {
  /** The year band it is drawn in. */
  year: number;
  /** Its founding year; null when the data has none. */
  founded: number | null;
  /** Undated: the year of its earliest dated lineage tie (it existed by then); null when none is dated. */
  by: number | null;
}

/** The label of an actor in the genealogy: its founding year, or what is known without one. */
export function lineageLabel(label: string, date: LineageDate | undefined): string {
  if (!date) return label;
  if (date.founded !== null) return `${label} (${date.founded})`;
  return date.by !== null ? `${label} (by ${date.by})` : `${label} (?)`;
}

export interface LineagePlan {
  /** The actors drawn, sorted. */
  members: string[];
  /** The lineage ties among them. */
  links: LineageLink[];
  dates: Map<string, LineageDate>;
  /** Row of each actor, from 0 at the top (oldest); rows of one year are consecutive. */
  row: Map<string, number>;
  /** The year bands, oldest first: the year, its first row and how many rows it has. */
  bands: { year: number; firstRow: number; rows: number }[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The plan of the drawing: the members (everyone in a lineage tie, or `family`'s own family), each in the band of its
 * founding year. An actor without a founding date is drawn in the band of the earliest year it is known to have
 * existed (its earliest dated lineage tie), and above its dated descendants (so a year earlier than that when one of
 * them is older); with no dated tie, just below its latest placed ancestor; with neither, in the first band. Inside a
 * band, an ancestor sits a row above its same-year descendants, and a band wider than `maxRowWidth` (actors' `width`
 * added up) wraps onto more rows.
 */
export function planLineage(
  nodes: readonly LineageNode[],
  edges: readonly LineageEdge[],
  opts: { family?: string | null; width?: (key: string) => number; maxRowWidth?: number } = {},
): LineagePlan {
  const family = opts.family;
  const nodeByKey = new Map(nodes.map((n) => [n.key, n]));
  // Sorted, so that the order of the input never changes the picture.
  let links = lineageLinks(nodes, edges)
    .filter((l) => nodeByKey.has(l.ancestor) && nodeByKey.has(l.descendant))
    .sort((a, b) => cmp(a.edge, b.edge));
  if (family) {
    const fam = familyOf(links, family);
    links = links.filter((l) => fam.has(l.ancestor) && fam.has(l.descendant));
  }
  const members = [...new Set(links.flatMap((l) => [l.ancestor, l.descendant]))].sort(cmp);
  if (family && !members.length && nodeByKey.has(family)) members.push(family);
  const edgeDay = new Map(edges.map((e) => [e.key, e.fromDay]));

  // ---- years ----
  const dates = new Map<string, LineageDate>();
  const earliestTie = new Map<string, number>();
  for (const l of links) {
    const d = edgeDay.get(l.edge);
    if (!d) continue;
    for (const k of [l.ancestor, l.descendant]) earliestTie.set(k, Math.min(earliestTie.get(k) ?? Infinity, yearOf(d)));
  }
  const descent = links.filter((l) => l.kind === "descent");
  for (const k of members) {
    const day = nodeByKey.get(k)!.fromDay;
    if (day) dates.set(k, { year: yearOf(day), founded: yearOf(day), by: null });
  }
  // Undated actors: at most the year they are known to exist, and not after a dated descendant.
  const pending = members.filter((k) => !dates.has(k));
  const upper = new Map<string, number>();
  for (const k of pending) {
    let u = earliestTie.get(k) ?? Infinity;
    for (const l of descent)
      if (l.ancestor === k && dates.has(l.descendant)) u = Math.min(u, dates.get(l.descendant)!.year);
    if (u !== Infinity) upper.set(k, u);
  }
  for (const k of pending)
    if (upper.has(k)) dates.set(k, { year: upper.get(k)!, founded: null, by: earliestTie.get(k) ?? null });
  // No dated tie nor dated descendant: below its latest placed ancestor, settled in as many passes as there are actors.
  for (let pass = 0; pass < pending.length; pass++) {
    let changed = false;
    for (const k of pending) {
      if (dates.has(k)) continue;
      const above = links.filter((l) => l.descendant === k && dates.has(l.ancestor));
      if (!above.length) continue;
      dates.set(k, { year: Math.max(...above.map((l) => dates.get(l.ancestor)!.year)), founded: null, by: null });
      changed = true;
    }
    if (!changed) break;
  }
  const known = [...dates.values()].map((d) => d.year);
  // With no date at all (a lone undated actor), the band is year 0, which the axis shows as "?".
  const first = known.length ? Math.min(...known) : 0;
  for (const k of pending) if (!dates.has(k)) dates.set(k, { year: first, founded: null, by: null });

  // ---- rows inside each band: longest path over same-year ties, ancestor above descendant ----
  const below = new Map<string, string[]>();
  for (const l of links) {
    if (dates.get(l.ancestor)!.year !== dates.get(l.descendant)!.year) continue;
    (below.get(l.ancestor) ?? below.set(l.ancestor, []).get(l.ancestor)!).push(l.descendant);
  }
  for (const list of below.values()) list.sort(cmp);
  // Depth-first from the members in order; a tie that would close a cycle is ignored (data errors must not hang).
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const kept = new Map<string, string[]>();
  const visit = (k: string) => {
    state.set(k, 1);
    for (const c of below.get(k) ?? []) {
      if (state.get(c) === 1) continue;
      (kept.get(k) ?? kept.set(k, []).get(k)!).push(c);
      if (!state.has(c)) visit(c);
    }
    state.set(k, 2);
    order.push(k);
  };
  for (const k of members) if (!state.has(k)) visit(k);
  const sub = new Map<string, number>(members.map((k) => [k, 0]));
  for (const k of order.reverse())
    for (const c of kept.get(k) ?? []) sub.set(c, Math.max(sub.get(c)!, sub.get(k)! + 1));
  // A band wider than `maxRowWidth` wraps onto more rows: each actor, ancestors first, takes the first row at or
  // below its ancestors' that has room.
  const parents = new Map<string, string[]>();
  for (const [k, cs] of kept) for (const c of cs) (parents.get(c) ?? parents.set(c, []).get(c)!).push(k);
  const inBand = new Map<string, number>();
  const years = [...new Set([...dates.values()].map((d) => d.year))].sort((a, b) => a - b);
  const bands: LineagePlan["bands"] = [];
  let next = 0;
  for (const year of years) {
    const ks = members
      .filter((k) => dates.get(k)!.year === year)
      .sort((a, b) => sub.get(a)! - sub.get(b)! || cmp(a, b));
    const used: number[] = [];
    for (const k of ks) {
      let r = Math.max(0, ...(parents.get(k) ?? []).map((p) => inBand.get(p)! + 1));
      const w = opts.width?.(k) ?? 0;
      while (opts.maxRowWidth && used[r] && used[r] + w > opts.maxRowWidth) r++;
      used[r] = (used[r] ?? 0) + w;
      inBand.set(k, r);
    }
    const rows = Math.max(...ks.map((k) => inBand.get(k)!)) + 1;
    bands.push({ year, firstRow: next, rows });
    next += rows;
  }
  const firstRow = new Map(bands.map((b) => [b.year, b.firstRow]));
  const row = new Map(members.map((k) => [k, firstRow.get(dates.get(k)!.year)! + inBand.get(k)!]));
  return { members, links, dates, row, bands };
}

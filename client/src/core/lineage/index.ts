// Lineage (genealogy) layout: splinters, mergers and founding memberships laid out top to bottom in time, each line of
// descent kept in one column (GSPC -> AQIM -> MUJAO -> al-Mourabitoun -> JNIM / ISGS). Pure: positions only.
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

export interface LineageLink {
  edge: string;
  ancestor: string;
  descendant: string;
}

/**
 * Which ties are lineage, and in which direction descent runs. "A SPLINTER_OF B": B begot A. "A MERGED_INTO B": A
 * became (part of) B. "A PART_OF B" only when A joined B at B's founding (JNIM was founded by its components);
 * later memberships are alliances, not descent.
 */
export function lineageLinks(nodes: readonly LineageNode[], edges: readonly LineageEdge[]): LineageLink[] {
  const founded = new Map(nodes.map((n) => [n.key, n.fromDay]));
  const out: LineageLink[] = [];
  for (const e of edges) {
    if (e.type === "SPLINTER_OF") out.push({ edge: e.key, ancestor: e.target, descendant: e.source });
    else if (e.type === "MERGED_INTO") out.push({ edge: e.key, ancestor: e.source, descendant: e.target });
    else if (e.type === "PART_OF" && e.fromDay && founded.get(e.target) === e.fromDay)
      out.push({ edge: e.key, ancestor: e.source, descendant: e.target });
  }
  return out;
}

const yearOf = (day: string) => Number(day.slice(0, 4)) + (Number(day.slice(5, 7)) - 1) / 12;

export interface LineageLayout {
  positions: Map<string, { x: number; y: number }>;
  edges: Set<string>;
}

/**
 * y = rank of the year of birth (founding, else the first lineage tie it takes part in), oldest on top; x = a column
 * per line of descent, from a depth-first walk that starts at the oldest roots.
 * `only`: restrict to the lineage component of these actors (e.g. the selected one).
 */
export function lineageLayout(
  nodes: readonly LineageNode[],
  edges: readonly LineageEdge[],
  only?: readonly string[],
): LineageLayout {
  let links = lineageLinks(nodes, edges);
  const nodeByKey = new Map(nodes.map((n) => [n.key, n]));
  links = links.filter((l) => nodeByKey.has(l.ancestor) && nodeByKey.has(l.descendant));

  if (only && only.length) {
    const adj = new Map<string, string[]>();
    for (const l of links) {
      (adj.get(l.ancestor) ?? adj.set(l.ancestor, []).get(l.ancestor)!).push(l.descendant);
      (adj.get(l.descendant) ?? adj.set(l.descendant, []).get(l.descendant)!).push(l.ancestor);
    }
    const seen = new Set<string>(only.filter((k) => adj.has(k)));
    const stack = [...seen];
    while (stack.length)
      for (const n of adj.get(stack.pop()!) ?? [])
        if (!seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
    links = links.filter((l) => seen.has(l.ancestor));
  }

  const members = new Set(links.flatMap((l) => [l.ancestor, l.descendant]));
  const firstTie = new Map<string, number>();
  const edgeByKey = new Map(edges.map((e) => [e.key, e]));
  for (const l of links) {
    const e = edgeByKey.get(l.edge)!;
    if (!e.fromDay) continue;
    const y = yearOf(e.fromDay);
    for (const n of [l.ancestor, l.descendant]) firstTie.set(n, Math.min(firstTie.get(n) ?? Infinity, y));
  }
  const allYears = [...members].flatMap((k) => {
    const d = nodeByKey.get(k)!.fromDay;
    return d ? [yearOf(d)] : [];
  });
  const floor = allYears.length ? Math.min(...allYears) - 1 : 2000;
  const birth = new Map<string, number>();
  for (const k of members) {
    const d = nodeByKey.get(k)!.fromDay;
    // Without a founding date, an actor is placed a year before the first tie it appears in (it existed by then).
    birth.set(k, d ? yearOf(d) : firstTie.has(k) ? firstTie.get(k)! - 1 : floor);
  }

  const children = new Map<string, string[]>();
  const hasParent = new Set<string>();
  for (const l of links) {
    (children.get(l.ancestor) ?? children.set(l.ancestor, []).get(l.ancestor)!).push(l.descendant);
    hasParent.add(l.descendant);
  }
  const byBirth = (a: string, b: string) => birth.get(a)! - birth.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  const roots = [...members].filter((k) => !hasParent.has(k)).sort(byBirth);
  // Each line of descent stays in one column: the oldest child continues its parent's, younger ones open new
  // columns. A node with two parents (a merger) sits in the column of the first parent that reaches it.
  const lane = new Map<string, number>();
  let nextLane = 0;
  const visit = (k: string, row: number) => {
    if (lane.has(k)) return;
    lane.set(k, row);
    let first = true;
    for (const c of (children.get(k) ?? []).slice().sort(byBirth)) {
      if (lane.has(c)) continue;
      visit(c, first ? row : nextLane++);
      first = false;
    }
  };
  for (const r of roots) visit(r, nextLane++);
  // Cycles without a root (should not happen in a genealogy) still get a row.
  for (const k of [...members].sort(byBirth)) visit(k, nextLane++);

  // Time runs down the page by rank of birth (gaps of years do not waste space); each line of descent is a column.
  const ranks = [...new Set([...birth.values()])].sort((a, b) => a - b);
  const rankOf = new Map(ranks.map((b, i) => [b, i]));
  const positions = new Map<string, { x: number; y: number }>();
  for (const [k, row] of lane) positions.set(k, { x: row * 3, y: -rankOf.get(birth.get(k)!)! });
  return { positions, edges: new Set(links.map((l) => l.edge)) };
}

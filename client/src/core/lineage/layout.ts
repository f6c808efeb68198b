// The genealogy's drawing: rows by founding year (planLineage), and in each row an order and spacing from ELK's
// layered algorithm (Eclipse Layout Kernel, elkjs), which minimises crossings and keeps each actor's box - its disc
// and its label - clear of the others. ELK runs in the page (the bundled build, no worker, no eval).
import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";
import { lineageLabel, planLineage, type LineageEdge, type LineageNode, type LineagePlan } from "./index.js";

/** How big an actor is drawn: its disc's radius, and its label (drawn right of the disc, 3 px away). */
export interface LineageBox {
  radius: number;
  labelWidth: number;
  labelHeight: number;
}

/** Screen pixels at scale 1: rows, gaps between neighbours in a row, and the extra gap between year bands. */
export const LINEAGE_SPACING = { row: 34, band: 14, node: 18, family: 40, axis: 110, caption: 36 } as const;

/** A year band whose actors would take more than this (pixels) wraps onto more rows. */
export const LINEAGE_MAX_ROW_WIDTH = 720;

export interface LineageDrawing {
  plan: LineagePlan;
  /** Disc centres, in graph units (one unit = one pixel at scale 1; y grows upwards as in sigma). */
  positions: Map<string, { x: number; y: number }>;
  /** Labels as drawn in the genealogy ("GSPC (1998)", "GIA (by 1998)"). */
  labels: Map<string, string>;
  /** Each actor's box (disc and label) in graph units. */
  boxes: Map<string, { x0: number; x1: number; y0: number; y1: number }>;
  /** One tick per year band: the y of its first row and of its top edge. */
  axis: { year: number; y: number; top: number }[];
  /** The connected families, as packed left to right (largest first): members, box, and the oldest member. */
  families: { members: string[]; oldest: string; box: { x0: number; x1: number; y0: number; y1: number } }[];
  /** The whole drawing, with room on the left for the year axis and above for a caption. */
  extent: { x: [number, number]; y: [number, number] };
}

let elk: InstanceType<typeof ELK> | null = null;

/**
 * Lays out the genealogy (or `family`'s own family). `measure` gives each actor's box for the label it will carry;
 * `label` is its plain label. Deterministic: the same data gives the same picture.
 */
export async function layoutLineage(
  nodes: readonly LineageNode[],
  edges: readonly LineageEdge[],
  opts: {
    family?: string | null;
    label: (key: string) => string;
    measure: (key: string, label: string) => LineageBox;
    /** Wider year bands wrap onto more rows (pixels). */
    maxRowWidth?: number;
  },
): Promise<LineageDrawing> {
  const width = (b: LineageBox) => 2 * b.radius + 3 + b.labelWidth + 4;
  const height = (b: LineageBox) => Math.max(2 * b.radius, b.labelHeight);
  // The label depends on the date the plan settles, the plan's wrapping on the label's width: the widest label an
  // actor can get ("(by 2014)") is measured first.
  const wide = new Map<string, number>();
  const plan = planLineage(nodes, edges, {
    family: opts.family,
    maxRowWidth: opts.maxRowWidth ?? LINEAGE_MAX_ROW_WIDTH,
    width: (k) =>
      wide.get(k) ?? wide.set(k, width(opts.measure(k, `${opts.label(k)} (by 0000)`)) + LINEAGE_SPACING.node).get(k)!,
  });
  const labels = new Map(plan.members.map((k) => [k, lineageLabel(opts.label(k), plan.dates.get(k))]));
  const box = new Map(plan.members.map((k) => [k, opts.measure(k, labels.get(k)!)]));

  elk ??= new ELK();
  const bandOfRow = new Map<number, number>();
  plan.bands.forEach((b, i) => {
    for (let r = 0; r < b.rows; r++) bandOfRow.set(b.firstRow + r, i);
  });
  // Row centres in pixels from the top; every band starts a little lower than the previous one ended.
  const rowY = (r: number) => r * LINEAGE_SPACING.row + (bandOfRow.get(r) ?? 0) * LINEAGE_SPACING.band;

  // Each family (connected component) is laid out on its own, then the families are packed side by side: one that
  // lives in other years than those already placed may share their columns.
  const placed: { x0: number; x1: number; r0: number; r1: number }[] = [];
  const positions = new Map<string, { x: number; y: number }>();
  const boxes = new Map<string, LineageDrawing["boxes"] extends Map<string, infer B> ? B : never>();
  const families: LineageDrawing["families"] = [];
  for (const part of components(plan)) {
    const local = await layoutPart(part, plan, (k) => ({ width: width(box.get(k)!), height: height(box.get(k)!) }));
    const xs = part.map((k) => local.get(k)!);
    const rows = part.map((k) => plan.row.get(k)!);
    const rect = {
      x0: Math.min(...xs),
      x1: Math.max(...part.map((k) => local.get(k)! + width(box.get(k)!))),
      r0: Math.min(...rows) - 1,
      r1: Math.max(...rows) + 1,
    };
    const clash = (dx: number) =>
      placed.some((p) => p.r0 <= rect.r1 && rect.r0 <= p.r1 && p.x0 < rect.x1 + dx && rect.x0 + dx < p.x1);
    const candidates = [0, ...placed.map((p) => p.x1 + LINEAGE_SPACING.family)].sort((a, b) => a - b);
    const dx = candidates.map((c) => c - rect.x0).find((d) => !clash(d))!;
    placed.push({ ...rect, x0: rect.x0 + dx, x1: rect.x1 + dx });
    for (const k of part) {
      const b = box.get(k)!;
      const cy = rowY(plan.row.get(k)!);
      const left = local.get(k)! + dx;
      positions.set(k, { x: left + b.radius, y: -cy });
      const h = height(b) / 2;
      boxes.set(k, { x0: left, x1: left + width(b), y0: -cy - h, y1: -cy + h });
    }
    const own = part.map((k) => boxes.get(k)!);
    families.push({
      members: part,
      oldest: part.reduce((a, k) => (plan.row.get(k)! < plan.row.get(a)! ? k : a)),
      box: {
        x0: Math.min(...own.map((b) => b.x0)),
        x1: Math.max(...own.map((b) => b.x1)),
        y0: Math.min(...own.map((b) => b.y0)),
        y1: Math.max(...own.map((b) => b.y1)),
      },
    });
  }
  const axis = plan.bands.map((b) => ({
    year: b.year,
    y: -rowY(b.firstRow),
    top: -(rowY(b.firstRow) - LINEAGE_SPACING.row / 2 - LINEAGE_SPACING.band / 2),
  }));
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const b of boxes.values()) {
    x0 = Math.min(x0, b.x0);
    x1 = Math.max(x1, b.x1);
    y0 = Math.min(y0, b.y0);
    y1 = Math.max(y1, b.y1);
  }
  const extent = boxes.size
    ? {
        x: [x0 - LINEAGE_SPACING.axis, x1] as [number, number],
        y: [y0, y1 + LINEAGE_SPACING.caption] as [number, number],
      }
    : { x: [0, 1] as [number, number], y: [0, 1] as [number, number] };
  return { plan, positions, labels, boxes, axis, families, extent };
}

/** The plan's members split into connected families, largest first (ties broken by key): deterministic. */
function components(plan: LineagePlan): string[][] {
  const adj = new Map<string, string[]>(plan.members.map((k) => [k, []]));
  for (const l of plan.links) {
    adj.get(l.ancestor)!.push(l.descendant);
    adj.get(l.descendant)!.push(l.ancestor);
  }
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const k of plan.members) {
    if (seen.has(k)) continue;
    const part: string[] = [];
    const stack = [k];
    seen.add(k);
    while (stack.length) {
      const n = stack.pop()!;
      part.push(n);
      for (const m of adj.get(n)!)
        if (!seen.has(m)) {
          seen.add(m);
          stack.push(m);
        }
    }
    out.push(part.sort());
  }
  return out.sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
}

/**
 * One family through ELK's layered algorithm, its layers being the plan's rows: with interactive layering, nodes
 * whose pseudo positions share an interval share a layer. Ties go to ELK from the upper row to the lower; a tie inside
 * a row (none by construction, but a cycle in bad data may leave one) is left out. Returns each actor's left edge.
 */
async function layoutPart(
  part: readonly string[],
  plan: LineagePlan,
  size: (key: string) => { width: number; height: number },
): Promise<Map<string, number>> {
  const inPart = new Set(part);
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.layered.layering.strategy": "INTERACTIVE",
      "elk.layered.cycleBreaking.strategy": "INTERACTIVE",
      "elk.separateConnectedComponents": "false",
      "elk.spacing.nodeNode": String(LINEAGE_SPACING.node),
      "elk.layered.spacing.nodeNodeBetweenLayers": "20",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.nodePlacement.bk.fixedAlignment": "BALANCED",
      "elk.randomSeed": "1",
    },
    children: part.map((k) => ({ id: k, x: 0, y: plan.row.get(k)! * 100, ...size(k) })),
    edges: plan.links.flatMap((l) => {
      if (!inPart.has(l.ancestor)) return [];
      const [a, d] = [plan.row.get(l.ancestor)!, plan.row.get(l.descendant)!];
      if (a === d) return [];
      const [s, t] = a < d ? [l.ancestor, l.descendant] : [l.descendant, l.ancestor];
      return [{ id: l.edge, sources: [s], targets: [t] }];
    }),
  };
  const out = await elk!.layout(graph);
  return new Map((out.children ?? []).map((c) => [c.id, c.x ?? 0]));
}

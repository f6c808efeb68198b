// Structural balance of the signed network: every closed triad, the share that is balanced, and the unbalanced ones.
// Strong balance (Cartwright–Harary): a triad is balanced when the product of its signs is positive (+++, +−−).
// Weak balance (Davis): only ++− is unbalanced ("two friends of one actor are enemies"); −−− is allowed (k blocs).
import type { AbstractGraph } from "graphology-types";
import { toCompact, type CompactSigned } from "./compact.js";
import { assertGraph } from "./guard.js";
import { toSignedNetwork, type SignedNetwork, type SignedNetworkOptions } from "./signed-network.js";

export const TRIAD_PATTERNS = ["+++", "++-", "+--", "---"] as const;
export type TriadPattern = (typeof TRIAD_PATTERNS)[number];

export interface UnbalancedTriad {
  /** Sorted actor ids. */
  nodes: [string, string, string];
  pattern: "++-" | "---";
  /** ++−: the actor tied positively to both others. */
  pivot?: string;
  /** ++−: the two actors who both side with the pivot yet are enemies; −−−: empty. */
  enemies?: [string, string];
  /** Σ |weight| of the triad's ties, to rank the most salient tensions first. */
  strength: number;
}

export interface BalanceResult {
  at: string;
  nodes: number;
  edges: number;
  positiveEdges: number;
  negativeEdges: number;
  triads: number;
  byPattern: Record<TriadPattern, number>;
  /** Share of triads that are balanced (strong balance); null when there is no triad. */
  balancedShare: number | null;
  /** Share of triads without the ++− pattern (weak balance); null when there is no triad. */
  weaklyBalancedShare: number | null;
  /** Unbalanced triads (strong sense), strongest first, up to `limit`. */
  unbalanced: UnbalancedTriad[];
  unbalancedTotal: number;
}

export interface BalanceOptions extends SignedNetworkOptions {
  /** Longest list of unbalanced triads to return (default 500). */
  limit?: number;
}

const MODULE = "analytics/balance";

/** Calls `visit(a, b, c, wab, wbc, wac)` once per closed triad, a < b < c by index. O(m^1.5) via degree ordering. */
export function forEachTriad(
  c: CompactSigned,
  visit: (a: number, b: number, x: number, wab: number, wbx: number, wax: number) => void,
): void {
  const n = c.ids.length;
  // Orient each tie from lower to higher (degree, index) rank: each triangle is found exactly once.
  const rank = (i: number) => c.nbr[i].length * n + i;
  const higher: Int32Array[] = [];
  const higherW: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const r = rank(i);
    const idx: number[] = [];
    for (let p = 0; p < c.nbr[i].length; p++) if (rank(c.nbr[i][p]) > r) idx.push(p);
    higher.push(Int32Array.from(idx, (p) => c.nbr[i][p]));
    higherW.push(Float64Array.from(idx, (p) => c.w[i][p]));
  }
  const mark = new Float64Array(n);
  const marked = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    const hu = higher[u];
    for (let p = 0; p < hu.length; p++) {
      marked[hu[p]] = 1;
      mark[hu[p]] = higherW[u][p];
    }
    for (let p = 0; p < hu.length; p++) {
      const v = hu[p];
      const wuv = higherW[u][p];
      const hv = higher[v];
      for (let q = 0; q < hv.length; q++) {
        const x = hv[q];
        if (!marked[x]) continue;
        // Report with ascending indices so callers see a stable orientation.
        const wvx = higherW[v][q];
        const wux = mark[x];
        const tri: [number, number][] = [
          [u, 0],
          [v, 0],
          [x, 0],
        ];
        tri.sort((s, t) => s[0] - t[0]);
        const [a, b, d] = [tri[0][0], tri[1][0], tri[2][0]];
        const wOf = (s: number, t: number) =>
          (s === u && t === v) || (s === v && t === u) ? wuv : (s === v && t === x) || (s === x && t === v) ? wvx : wux;
        visit(a, b, d, wOf(a, b), wOf(b, d), wOf(a, d));
      }
    }
    for (let p = 0; p < hu.length; p++) marked[hu[p]] = 0;
  }
}

/** Structural balance as of a date (or of an already signed network). Pure. */
export function structuralBalance(graph: AbstractGraph, options: BalanceOptions = {}): BalanceResult {
  assertGraph(graph, MODULE);
  const net: SignedNetwork = toSignedNetwork(graph, options);
  const c = toCompact(net);
  const limit = options.limit ?? 500;
  const byPattern: Record<TriadPattern, number> = { "+++": 0, "++-": 0, "+--": 0, "---": 0 };
  const unbalanced: UnbalancedTriad[] = [];
  let triads = 0;
  forEachTriad(c, (a, b, x, wab, wbx, wax) => {
    triads++;
    const neg = (wab < 0 ? 1 : 0) + (wbx < 0 ? 1 : 0) + (wax < 0 ? 1 : 0);
    const pattern = TRIAD_PATTERNS[neg];
    byPattern[pattern]++;
    if (neg % 2 === 0) return;
    const ids = [c.ids[a], c.ids[b], c.ids[x]] as [string, string, string];
    const strength = Math.round((Math.abs(wab) + Math.abs(wbx) + Math.abs(wax)) * 1e6) / 1e6;
    if (neg === 1) {
      // The pivot is the node opposite the negative tie.
      const [pivot, e1, e2] =
        wab < 0 ? [ids[2], ids[0], ids[1]] : wbx < 0 ? [ids[0], ids[1], ids[2]] : [ids[1], ids[0], ids[2]];
      unbalanced.push({ nodes: ids, pattern: "++-", pivot, enemies: [e1, e2], strength });
    } else {
      unbalanced.push({ nodes: ids, pattern: "---", strength });
    }
  });
  unbalanced.sort((p, q) => q.strength - p.strength || cmpTriad(p.nodes, q.nodes));
  let positiveEdges = 0;
  for (const w of c.ew) if (w > 0) positiveEdges++;
  const share = (k: number) => (triads ? Math.round((k / triads) * 1e6) / 1e6 : null);
  return {
    at: net.getAttribute("at"),
    nodes: net.order,
    edges: net.size,
    positiveEdges,
    negativeEdges: net.size - positiveEdges,
    triads,
    byPattern,
    balancedShare: share(byPattern["+++"] + byPattern["+--"]),
    weaklyBalancedShare: share(triads - byPattern["++-"]),
    unbalanced: unbalanced.slice(0, limit),
    unbalancedTotal: unbalanced.length,
  };
}

function cmpTriad(p: string[], q: string[]): number {
  for (let i = 0; i < 3; i++) if (p[i] !== q[i]) return p[i] < q[i] ? -1 : 1;
  return 0;
}

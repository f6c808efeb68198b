// Blocs: the split of the signed network into at most k groups that minimises frustration (positive ties between
// groups plus negative ties inside one), component by component.
// Exact for small components: branch and bound over assignments (nodes in BFS order from the best-connected actor,
// symmetry broken by opening groups in order, bound = cost so far + Σ over unassigned nodes of their cheapest
// placement against the assigned ones, seeded with the heuristic's answer). Used when the component has at most
// `exactMaxNodes` (20) actors and the search stays within `exactBudget` (2,000,000 visited states).
// Heuristic for larger ones: three kinds of start, each improved by single-actor moves to the group that lowers
// frustration most until no move helps, the best kept: a two-colouring along the maximum-|weight| spanning tree
// (exact on balanced graphs), the sign of the leading eigenvector of A + cI (power iteration from a seeded vector),
// a greedy placement in BFS order, a multilevel start (Louvain-style open moves and aggregation, then merging the
// groups down to k, cheapest merge first), and `restarts` random starts; then 12 rounds of iterated local search
// (re-place 5% of the actors at random, polish, keep if better). Deterministic for a given seed.
// Rejected: exact ILP (no solver dependency), simulated annealing (slower to converge to the same answers here).
import type { AbstractGraph } from "graphology-types";
import { components, toCompact, type CompactSigned } from "./compact.js";
import { assertGraph, createRng } from "./guard.js";
import { round, toSignedNetwork, type SignedNetworkOptions } from "./signed-network.js";

export interface BlocsOptions extends SignedNetworkOptions {
  /** Maximum number of blocs per component (default 2). */
  k?: number;
  /** Minimise Σ|weight| of frustrated ties (default) or their count (the textbook frustration index). */
  weighted?: boolean;
  exactMaxNodes?: number;
  exactBudget?: number;
  restarts?: number;
  seed?: number;
}

export interface Bloc {
  id: number;
  component: number;
  members: string[];
}

export interface FrustratedTie {
  a: string;
  b: string;
  sign: 1 | -1;
  weight: number;
}

export interface ComponentSplit {
  id: number;
  size: number;
  method: "exact" | "heuristic";
  frustration: number;
  frustratedTies: number;
}

export interface BlocsResult {
  at: string;
  k: number;
  weighted: boolean;
  method: "exact" | "heuristic" | "mixed" | "none";
  /** Minimised objective: Σ|w| of frustrated ties (weighted) or their count. */
  frustration: number;
  frustratedTies: number;
  /** frustratedTies / all ties (null without ties). */
  frustratedShare: number | null;
  blocs: Bloc[];
  /** Actor id -> bloc id (actors with at least one signed tie). */
  assignment: Record<string, number>;
  /** Actors without any signed tie at this date: no bloc. */
  isolated: string[];
  components: ComponentSplit[];
  frustrated: FrustratedTie[];
}

const MODULE = "analytics/blocs";

interface Local {
  n: number;
  nbr: number[][];
  w: number[][];
}

function localOf(c: CompactSigned, comp: number[], weighted: boolean): Local {
  const pos = new Map(comp.map((v, i) => [v, i]));
  const nbr: number[][] = [];
  const w: number[][] = [];
  for (const v of comp) {
    nbr.push(Array.from(c.nbr[v], (u) => pos.get(u)!));
    w.push(Array.from(c.w[v], (x) => (weighted ? x : x > 0 ? 1 : -1)));
  }
  return { n: comp.length, nbr, w };
}

/** Σ over ties of the frustrated weight (each tie once). */
export function frustrationOf(l: Local, g: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < l.n; i++) {
    for (let p = 0; p < l.nbr[i].length; p++) {
      const j = l.nbr[i][p];
      if (j <= i) continue;
      const x = l.w[i][p];
      if ((x > 0 && g[i] !== g[j]) || (x < 0 && g[i] === g[j])) f += Math.abs(x);
    }
  }
  return f;
}

/** Single-actor moves until no move lowers frustration (in place). */
function localMoves(l: Local, g: Int32Array, k: number): void {
  const cost = new Float64Array(k);
  for (let pass = 0; pass < 100; pass++) {
    let improved = false;
    for (let i = 0; i < l.n; i++) {
      cost.fill(0);
      // cost[h] = frustration of i's ties if i were in h: positives outside h + negatives inside h.
      let pos = 0;
      for (let p = 0; p < l.nbr[i].length; p++) {
        const x = l.w[i][p];
        const h = g[l.nbr[i][p]];
        if (x > 0) {
          pos += x;
          cost[h] -= x;
        } else cost[h] -= x;
      }
      let best = g[i];
      let bestCost = cost[best] + pos;
      for (let h = 0; h < k; h++) {
        const ch = cost[h] + pos;
        if (ch < bestCost - 1e-12) {
          best = h;
          bestCost = ch;
        }
      }
      if (best !== g[i]) {
        g[i] = best;
        improved = true;
      }
    }
    if (!improved) break;
  }
}

function spectralStart(l: Local, rng: () => number): Int32Array {
  let shift = 0;
  for (let i = 0; i < l.n; i++)
    shift = Math.max(
      shift,
      l.w[i].reduce((s, x) => s + Math.abs(x), 0),
    );
  let x = Float64Array.from({ length: l.n }, () => 1 + (rng() - 0.5) * 0.1);
  let y = new Float64Array(l.n);
  for (let it = 0; it < 100; it++) {
    let norm = 0;
    for (let i = 0; i < l.n; i++) {
      let s = shift * x[i];
      const nb = l.nbr[i];
      const w = l.w[i];
      for (let p = 0; p < nb.length; p++) s += w[p] * x[nb[p]];
      y[i] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm) || 1;
    let diff = 0;
    for (let i = 0; i < l.n; i++) {
      y[i] /= norm;
      diff += Math.abs(y[i] - x[i]);
    }
    [x, y] = [y, x];
    if (diff < 1e-9) break;
  }
  return Int32Array.from(x, (v) => (v >= 0 ? 0 : 1));
}

/** Two-colouring along a maximum-|weight| spanning tree: exact on balanced graphs, a strong start otherwise. */
function treeStart(l: Local): Int32Array {
  const edges: [number, number, number][] = [];
  for (let i = 0; i < l.n; i++)
    for (let p = 0; p < l.nbr[i].length; p++) if (l.nbr[i][p] > i) edges.push([i, l.nbr[i][p], l.w[i][p]]);
  edges.sort((a, b) => Math.abs(b[2]) - Math.abs(a[2]) || a[0] - b[0] || a[1] - b[1]);
  const parent = Int32Array.from({ length: l.n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const tree: [number, number][][] = Array.from({ length: l.n }, () => []);
  for (const [a, b, x] of edges) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    parent[ra] = rb;
    tree[a].push([b, x]);
    tree[b].push([a, x]);
  }
  const g = new Int32Array(l.n).fill(-1);
  for (let s = 0; s < l.n; s++) {
    if (g[s] >= 0) continue;
    g[s] = 0;
    const queue = [s];
    for (let h = 0; h < queue.length; h++) {
      for (const [v, x] of tree[queue[h]]) {
        if (g[v] >= 0) continue;
        g[v] = x > 0 ? g[queue[h]] : 1 - g[queue[h]];
        queue.push(v);
      }
    }
  }
  return g;
}

/** Greedy: actors in BFS order from the best-connected one, each placed in the cheapest group so far (or a new one). */
function greedyStart(l: Local, k: number): Int32Array {
  const g = new Int32Array(l.n).fill(-1);
  const byDeg = [...Array(l.n).keys()].sort((a, b) => l.nbr[b].length - l.nbr[a].length || a - b);
  const cost = new Float64Array(k);
  let used = 0;
  const seen = new Uint8Array(l.n);
  for (const s of byDeg) {
    if (seen[s]) continue;
    seen[s] = 1;
    const queue = [s];
    for (let h = 0; h < queue.length; h++) {
      const v = queue[h];
      cost.fill(0);
      for (let p = 0; p < l.nbr[v].length; p++) {
        const u = l.nbr[v][p];
        const x = l.w[v][p];
        if (g[u] < 0) {
          if (!seen[u]) {
            seen[u] = 1;
            queue.push(u);
          }
          continue;
        }
        // Positive tie: every group but u's costs x; negative: u's group costs |x|.
        if (x > 0) {
          for (let c = 0; c < k; c++) if (c !== g[u]) cost[c] += x;
        } else cost[g[u]] -= x;
      }
      let best = 0;
      for (let c = 1; c < Math.min(k, used + 1); c++) if (cost[c] < cost[best] - 1e-12) best = c;
      g[v] = best;
      used = Math.max(used, best + 1);
    }
  }
  return g;
}

/** Single moves with no bound on the number of groups: each actor joins the neighbouring group (or a new one) that is cheapest. */
function openMoves(l: Local, g: Int32Array): void {
  const gain = new Map<number, number>();
  for (let pass = 0; pass < 50; pass++) {
    let moved = false;
    for (let i = 0; i < l.n; i++) {
      // cost(h) = pos − Σ_{u in h} w(i,u): a positive tie into h saves its weight, a negative one adds |w|.
      gain.clear();
      for (let p = 0; p < l.nbr[i].length; p++) {
        const h = g[l.nbr[i][p]];
        gain.set(h, (gain.get(h) ?? 0) + l.w[i][p]);
      }
      let best = g[i];
      let bestGain = gain.get(best) ?? 0;
      for (const [h, x] of gain)
        if (x > bestGain + 1e-12 || (x === bestGain && h < best && x > (gain.get(g[i]) ?? 0))) {
          best = h;
          bestGain = x;
        }
      // Alone (a fresh group: gain 0) beats staying where the net tie weight is negative.
      if (bestGain < -1e-12) {
        best = l.n + i;
        bestGain = 0;
      }
      if (best !== g[i] && bestGain > (gain.get(g[i]) ?? 0) + 1e-12) {
        g[i] = best;
        moved = true;
      }
    }
    if (!moved) break;
  }
}

/** Relabels groups 0..G-1 in order of first appearance; returns G. */
function compactGroups(g: Int32Array): number {
  const map = new Map<number, number>();
  for (let i = 0; i < g.length; i++) {
    let c = map.get(g[i]);
    if (c === undefined) map.set(g[i], (c = map.size));
    g[i] = c;
  }
  return map.size;
}

function aggregate(l: Local, g: Int32Array, groups: number): Local {
  const maps: Map<number, number>[] = Array.from({ length: groups }, () => new Map());
  for (let i = 0; i < l.n; i++) {
    for (let p = 0; p < l.nbr[i].length; p++) {
      const a = g[i];
      const b = g[l.nbr[i][p]];
      if (a !== b) maps[a].set(b, (maps[a].get(b) ?? 0) + l.w[i][p]);
    }
  }
  return { n: groups, nbr: maps.map((m) => [...m.keys()]), w: maps.map((m) => [...m.values()]) };
}

/**
 * Multilevel start (Louvain-style, for correlation clustering): open moves, collapse groups into super-actors,
 * repeat; then merge groups down to k, each time the pair whose merge costs least (Σ of the ties between them).
 */
function multilevelStart(l: Local, k: number): Int32Array {
  let level = l;
  const member = Int32Array.from({ length: l.n }, (_, i) => i);
  for (let round = 0; round < 20; round++) {
    const g = Int32Array.from({ length: level.n }, (_, i) => i);
    openMoves(level, g);
    const groups = compactGroups(g);
    for (let i = 0; i < l.n; i++) member[i] = g[member[i]];
    if (groups === level.n) break;
    level = aggregate(level, g, groups);
  }
  // Merge down to k groups on the aggregated graph.
  const alive = new Set([...Array(level.n).keys()]);
  const W: Map<number, number>[] = level.nbr.map((nb, i) => new Map(nb.map((j, p) => [j, level.w[i][p]])));
  const into = Int32Array.from({ length: level.n }, (_, i) => i);
  while (alive.size > k) {
    let best: [number, number] | null = null;
    let bestW = -Infinity;
    for (const a of alive) for (const [b, x] of W[a]) if (a < b && x > bestW) [best, bestW] = [[a, b], x];
    if (!best || bestW < 0) {
      // A pair with no tie between them merges for free.
      const ids = [...alive].sort((a, b) => W[a].size - W[b].size || a - b);
      outer: for (const a of ids)
        for (const b of ids)
          if (a !== b && !W[a].has(b)) {
            best = [Math.min(a, b), Math.max(a, b)];
            break outer;
          }
    }
    const [a, b] = best ?? [...alive].slice(0, 2);
    for (const [c, x] of W[b]) {
      if (c === a) continue;
      W[a].set(c, (W[a].get(c) ?? 0) + x);
      W[c].delete(b);
      W[c].set(a, (W[c].get(a) ?? 0) + x);
    }
    W[a].delete(b);
    W[b].clear();
    alive.delete(b);
    into[b] = a;
  }
  const root = (x: number): number => (into[x] === x ? x : (into[x] = root(into[x])));
  const g = Int32Array.from(member, (m) => root(m));
  compactGroups(g);
  return g;
}

function heuristic(l: Local, k: number, restarts: number, seed: number): { g: Int32Array; f: number } {
  const rng = createRng(seed);
  if (k === 1) return { g: new Int32Array(l.n), f: frustrationOf(l, new Int32Array(l.n)) };
  let best = treeStart(l);
  localMoves(l, best, k);
  let bestF = frustrationOf(l, best);
  for (const start of [spectralStart(l, rng), greedyStart(l, k), multilevelStart(l, k)]) {
    localMoves(l, start, k);
    const fs = frustrationOf(l, start);
    if (fs < bestF - 1e-12) {
      best = start;
      bestF = fs;
    }
  }
  // Iterated local search: shake 5% of the actors of the best split, polish, keep if better.
  for (let r = 0; r < 12 && bestF > 0; r++) {
    const g = Int32Array.from(best);
    const shake = Math.max(1, Math.round(l.n * 0.05));
    for (let s = 0; s < shake; s++) g[Math.floor(rng() * l.n)] = Math.floor(rng() * k);
    localMoves(l, g, k);
    const f = frustrationOf(l, g);
    if (f < bestF - 1e-12) {
      best = g;
      bestF = f;
    }
  }
  for (let r = 0; r < restarts && bestF > 0; r++) {
    const g = Int32Array.from({ length: l.n }, () => Math.floor(rng() * k));
    localMoves(l, g, k);
    const f = frustrationOf(l, g);
    if (f < bestF - 1e-12) {
      best = g;
      bestF = f;
    }
  }
  return { g: best, f: bestF };
}

/** Branch and bound; returns null when the budget runs out. */
function exact(
  l: Local,
  k: number,
  upper: { g: Int32Array; f: number },
  budget: number,
): { g: Int32Array; f: number } | null {
  // Visit order: BFS from the best-connected actor, so every placement meets assigned neighbours early.
  const order: number[] = [];
  const seen = new Uint8Array(l.n);
  const byDeg = [...Array(l.n).keys()].sort((a, b) => l.nbr[b].length - l.nbr[a].length || a - b);
  for (const s of byDeg) {
    if (seen[s]) continue;
    seen[s] = 1;
    order.push(s);
    for (let h = order.length - 1; h < order.length; h++) {
      const nb = [...l.nbr[order[h]]]
        .filter((v) => !seen[v])
        .sort((a, b) => l.nbr[b].length - l.nbr[a].length || a - b);
      for (const v of nb) {
        seen[v] = 1;
        order.push(v);
      }
    }
  }
  const g = new Int32Array(l.n).fill(-1);
  let bestF = upper.f;
  let bestG: Int32Array = Int32Array.from(upper.g);
  let visits = 0;
  const costs = new Float64Array(k);

  // Cheapest placement of an unassigned node against the assigned ones: a valid, disjoint lower bound term.
  const placementCost = (v: number, h: number) => {
    let c = 0;
    for (let p = 0; p < l.nbr[v].length; p++) {
      const u = l.nbr[v][p];
      if (g[u] < 0) continue;
      const x = l.w[v][p];
      if ((x > 0 && g[u] !== h) || (x < 0 && g[u] === h)) c += Math.abs(x);
    }
    return c;
  };
  const bound = (depth: number, used: number) => {
    let b = 0;
    for (let i = depth; i < l.n; i++) {
      const v = order[i];
      let m = Infinity;
      for (let h = 0; h < Math.min(k, used + 1); h++) m = Math.min(m, placementCost(v, h));
      b += m;
    }
    return b;
  };
  const rec = (depth: number, used: number, cost: number): boolean => {
    if (++visits > budget) return false;
    if (depth === l.n) {
      if (cost < bestF - 1e-12) {
        bestF = cost;
        bestG = Int32Array.from(g);
      }
      return true;
    }
    if (cost + bound(depth, used) >= bestF - 1e-12) return true;
    const v = order[depth];
    const options = Math.min(k, used + 1);
    for (let h = 0; h < options; h++) costs[h] = placementCost(v, h);
    const tries = [...Array(options).keys()].sort((a, b) => costs[a] - costs[b] || a - b);
    const local = tries.map((h) => costs[h]);
    for (let t = 0; t < tries.length; t++) {
      const h = tries[t];
      g[v] = h;
      if (!rec(depth + 1, Math.max(used, h + 1), cost + local[t])) return false;
      g[v] = -1;
    }
    return true;
  };
  if (upper.f <= 1e-12) return { g: bestG, f: upper.f };
  return rec(0, 0, 0) ? { g: bestG, f: bestF } : null;
}

/** The best split into at most k blocs as of a date. Pure; deterministic for a given seed. */
export function findBlocs(graph: AbstractGraph, options: BlocsOptions = {}): BlocsResult {
  assertGraph(graph, MODULE);
  const net = toSignedNetwork(graph, options);
  const k = Math.max(1, Math.floor(options.k ?? 2));
  const weighted = options.weighted ?? true;
  const exactMax = options.exactMaxNodes ?? 20;
  const budget = options.exactBudget ?? 2_000_000;
  const restarts = options.restarts ?? 1;
  const seed = options.seed ?? 42;
  const c = toCompact(net);

  const blocs: Bloc[] = [];
  const assignment: Record<string, number> = {};
  const isolated: string[] = [];
  const comps: ComponentSplit[] = [];
  const frustrated: FrustratedTie[] = [];
  let total = 0;
  let totalTies = 0;
  let compId = 0;
  for (const comp of components(c)) {
    if (comp.length === 1) {
      isolated.push(c.ids[comp[0]]);
      continue;
    }
    const l = localOf(c, comp, weighted);
    const h = heuristic(l, k, restarts, seed + compId);
    let method: ComponentSplit["method"] = "heuristic";
    let best = h;
    if (comp.length <= exactMax) {
      const e = exact(l, k, h, budget);
      if (e) {
        best = e;
        method = "exact";
      }
    }
    // Canonical bloc numbering: larger blocs first, then by smallest member id.
    const groups = new Map<number, string[]>();
    comp.forEach((v, i) => {
      const list = groups.get(best.g[i]) ?? [];
      list.push(c.ids[v]);
      groups.set(best.g[i], list);
    });
    const sorted = [...groups.values()]
      .map((m) => m.sort())
      .sort((p, q) => q.length - p.length || (p[0] < q[0] ? -1 : 1));
    for (const members of sorted) {
      const id = blocs.length;
      blocs.push({ id, component: compId, members });
      for (const m of members) assignment[m] = id;
    }
    let ties = 0;
    for (let i = 0; i < l.n; i++) {
      for (let p = 0; p < l.nbr[i].length; p++) {
        const j = l.nbr[i][p];
        if (j <= i) continue;
        const x = c.w[comp[i]][p];
        if ((x > 0 && best.g[i] !== best.g[j]) || (x < 0 && best.g[i] === best.g[j])) {
          ties++;
          frustrated.push({ a: c.ids[comp[i]], b: c.ids[comp[j]], sign: x > 0 ? 1 : -1, weight: round(x) });
        }
        totalTies++;
      }
    }
    comps.push({ id: compId, size: comp.length, method, frustration: round(best.f), frustratedTies: ties });
    total += best.f;
    compId++;
  }
  frustrated.sort(
    (p, q) => Math.abs(q.weight) - Math.abs(p.weight) || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1),
  );
  const methods = new Set(comps.map((x) => x.method));
  const frustratedTies = frustrated.length;
  return {
    at: net.getAttribute("at"),
    k,
    weighted,
    method: methods.size === 0 ? "none" : methods.size === 2 ? "mixed" : [...methods][0],
    frustration: round(total),
    frustratedTies,
    frustratedShare: totalTies ? round(frustratedTies / totalTies) : null,
    blocs,
    assignment,
    isolated,
    components: comps,
    frustrated,
  };
}

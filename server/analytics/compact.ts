// Array form of a signed network (indices instead of keys) for the hot loops: triads, bloc search, local moves.
import type { SignedNetwork } from "./signed-network.js";

export interface CompactSigned {
  ids: string[];
  index: Map<string, number>;
  /** Neighbour indices per node (in edge order). */
  nbr: Int32Array[];
  /** Signed weight of the tie to the neighbour at the same position. */
  w: Float64Array[];
  /** Every tie once: u < v. */
  eu: Int32Array;
  ev: Int32Array;
  ew: Float64Array;
}

export function toCompact(net: SignedNetwork): CompactSigned {
  const ids = net.nodes();
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const m = net.size;
  const eu = new Int32Array(m);
  const ev = new Int32Array(m);
  const ew = new Float64Array(m);
  const deg = new Int32Array(n);
  let k = 0;
  net.forEachEdge((_e, a, s, t) => {
    const i = index.get(s)!;
    const j = index.get(t)!;
    eu[k] = Math.min(i, j);
    ev[k] = Math.max(i, j);
    // A pair at exactly 0 counts as negative (signed-network's collapse rule) with a negligible weight.
    ew[k] = a.weight === 0 ? -Number.EPSILON : a.weight;
    deg[i]++;
    deg[j]++;
    k++;
  });
  // Adjacency in edge order (itself sorted by pair), which keeps every consumer deterministic without sorting.
  const nbr = Array.from({ length: n }, (_, i) => new Int32Array(deg[i]));
  const w = Array.from({ length: n }, (_, i) => new Float64Array(deg[i]));
  const fill = new Int32Array(n);
  for (let e = 0; e < m; e++) {
    const u = eu[e];
    const v = ev[e];
    nbr[u][fill[u]] = v;
    w[u][fill[u]++] = ew[e];
    nbr[v][fill[v]] = u;
    w[v][fill[v]++] = ew[e];
  }
  return { ids, index, nbr, w, eu, ev, ew };
}

/** Connected components (any sign), each sorted ascending, ordered by size desc then smallest index. */
export function components(c: CompactSigned): number[][] {
  const n = c.ids.length;
  const seen = new Uint8Array(n);
  const out: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    seen[s] = 1;
    const comp = [s];
    for (let h = 0; h < comp.length; h++) {
      for (const v of c.nbr[comp[h]]) {
        if (!seen[v]) {
          seen[v] = 1;
          comp.push(v);
        }
      }
    }
    comp.sort((a, b) => a - b);
    out.push(comp);
  }
  return out.sort((a, b) => b.length - a.length || a[0] - b[0]);
}

// Array form of a signed network (indices instead of keys) for the hot loops: triads, bloc search, local moves.
import type { SignedNetwork } from "./signed-network.js";

export interface CompactSigned {
  ids: string[];
  index: Map<string, number>;
  /** Neighbour indices per node, ascending. */
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
  const index = new Map(ids.map((id, i) => [id, i]));
  const lists: [number, number][][] = ids.map(() => []);
  const m = net.size;
  const eu = new Int32Array(m);
  const ev = new Int32Array(m);
  const ew = new Float64Array(m);
  let k = 0;
  net.forEachEdge((_e, a, s, t) => {
    const i = index.get(s)!;
    const j = index.get(t)!;
    const [u, v] = i < j ? [i, j] : [j, i];
    eu[k] = u;
    ev[k] = v;
    ew[k] = a.weight === 0 ? -Number.EPSILON : a.weight;
    k++;
    lists[i].push([j, ew[k - 1]]);
    lists[j].push([i, ew[k - 1]]);
  });
  const nbr: Int32Array[] = [];
  const w: Float64Array[] = [];
  for (const l of lists) {
    l.sort((x, y) => x[0] - y[0]);
    nbr.push(Int32Array.from(l, (x) => x[0]));
    w.push(Float64Array.from(l, (x) => x[1]));
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

// Small hand-built graphs in the /api/graph shape, for the analytics specs.
import Graph from "graphology";

export type Tie = [string, string, "+" | "-"];

/** A mixed multi graph like /api/graph's: "+" is ALLIED_WITH, "-" is RIVAL_OF, all confirmed and undated. */
export function signedGraph(ties: Tie[], extraNodes: string[] = []): Graph {
  const g = new Graph({ type: "mixed", multi: true, allowSelfLoops: false });
  for (const n of extraNodes) g.mergeNode(n, { label: n.toUpperCase(), kind: "jihadist_group" });
  ties.forEach(([a, b, s], i) => {
    g.mergeNode(a, { label: a.toUpperCase(), kind: "jihadist_group" });
    g.mergeNode(b, { label: b.toUpperCase(), kind: "jihadist_group" });
    g.addUndirectedEdgeWithKey(`r${i}`, a, b, {
      type: s === "+" ? "ALLIED_WITH" : "RIVAL_OF",
      confidence: "confirmed",
      sources: [],
    });
  });
  return g;
}

/** Every k-subset split is brute-forced here to get the true minimum frustration (tests only; n <= 12). */
export function bruteForceFrustration(ties: Tie[], k = 2): number {
  const nodes = [...new Set(ties.flatMap(([a, b]) => [a, b]))].sort();
  const idx = new Map(nodes.map((n, i) => [n, i]));
  let best = Infinity;
  const g = new Array(nodes.length).fill(0);
  const total = k ** nodes.length;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let i = 0; i < nodes.length; i++) {
      g[i] = c % k;
      c = Math.floor(c / k);
    }
    let f = 0;
    for (const [a, b, s] of ties) {
      const same = g[idx.get(a)!] === g[idx.get(b)!];
      if ((s === "+" && !same) || (s === "-" && same)) f++;
    }
    best = Math.min(best, f);
  }
  return best;
}

// Deterministic positions for a serialized graph when the caller sent none: seeded random start, then a fixed
// number of ForceAtlas2 iterations, so the same data always gives the same picture (and the same report bytes).
import Graph from "graphology";
import circular from "graphology-layout/circular";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { createRng } from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";

export type Positions = Record<string, { x: number; y: number }>;

export function computeLayout(graph: SerializedGraph, options: { seed?: number; iterations?: number } = {}): Positions {
  const g = new Graph({ type: "mixed", multi: true, allowSelfLoops: true });
  const rng = createRng(options.seed ?? 42);
  // Nodes in key order so the seeded start does not depend on the caller's order.
  const keys = graph.nodes.map((n) => n.key).sort();
  keys.forEach((key) => g.addNode(key, { x: rng() * 100, y: rng() * 100 }));
  for (const e of graph.edges) {
    if (!g.hasNode(e.source) || !g.hasNode(e.target)) continue;
    if (e.undirected) g.addUndirectedEdge(e.source, e.target);
    else g.addDirectedEdge(e.source, e.target);
  }
  if (g.order === 0) return {};
  if (g.order === 1) return { [keys[0]]: { x: 0, y: 0 } };
  // Cost grows with n² per iteration without Barnes-Hut: small graphs get the exact layout, large ones the
  // approximation with fewer iterations, very large ones a circle (an export must not take minutes).
  if (g.order > 5000) return circular(g, { scale: 100 }) as Positions;
  const big = g.order > 300;
  const settings = forceAtlas2.inferSettings(g);
  const positions = forceAtlas2(g, {
    iterations: options.iterations ?? (big ? 50 : 300),
    settings: { ...settings, barnesHutOptimize: big, gravity: 1.5, scalingRatio: 8 },
  });
  return positions;
}

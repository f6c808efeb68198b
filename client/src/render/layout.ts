// Layouts: a deterministic synchronous ForceAtlas2 + noverlap pass for small graphs at load, the ForceAtlas2 web
// worker (start/stop) on demand, and animated moves between the network and the lineage positions.
import type Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import noverlap from "graphology-layout-noverlap";
import { animateNodes } from "sigma/utils";

/** Above this many actors, the synchronous pass would delay the first draw; the worker is offered instead. */
export const SYNC_LAYOUT_MAX_NODES = 400;

const fa2Settings = (graph: Graph) => ({
  ...forceAtlas2.inferSettings(graph),
  gravity: 0.6,
  scalingRatio: 12,
  slowDown: 2,
  barnesHutOptimize: graph.order > 500,
});

/** Same data, same iterations, same start positions: the same picture every time (links reproduce views). */
export function runInitialLayout(graph: Graph): boolean {
  if (graph.order === 0 || graph.order > SYNC_LAYOUT_MAX_NODES) return false;
  forceAtlas2.assign(graph, { iterations: 400, settings: fa2Settings(graph) });
  spreadNodes(graph);
  return true;
}

/** noverlap: push apart overlapping discs (sizes in graph units, so scaled to the layout's spread). */
export function spreadNodes(graph: Graph): void {
  noverlap.assign(graph, { maxIterations: 150, settings: { margin: 3, ratio: 1.4, expansion: 1.1 } });
}

export interface LayoutWorker {
  start(): void;
  stop(): void;
  isRunning(): boolean;
  kill(): void;
}

export function createLayoutWorker(graph: Graph): LayoutWorker {
  let sup: FA2Layout | null = null;
  return {
    start() {
      sup ??= new FA2Layout(graph, { settings: fa2Settings(graph) });
      sup.start();
    },
    stop() {
      sup?.stop();
    },
    isRunning: () => sup?.isRunning() ?? false,
    kill() {
      sup?.kill();
      sup = null;
    },
  };
}

export function snapshotPositions(graph: Graph): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  graph.forEachNode((k, a) => out.set(k, { x: a.x as number, y: a.y as number }));
  return out;
}

export function moveNodes(
  graph: Graph,
  positions: Map<string, { x: number; y: number }>,
  animate: boolean,
  done?: () => void,
): void {
  const targets: Record<string, { x: number; y: number }> = {};
  for (const [k, p] of positions) if (graph.hasNode(k)) targets[k] = p;
  if (!animate) {
    // One graph event for all nodes, instead of one per node.
    graph.updateEachNodeAttributes((k, a) => (positions.has(k) ? { ...a, ...positions.get(k)! } : a), {
      attributes: ["x", "y"],
    });
    done?.();
    return;
  }
  animateNodes(graph, targets, { duration: 600 }, done);
}

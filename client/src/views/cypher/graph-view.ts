// A result's graph, drawn small with the explorer's own model, layout and renderer (same colours and edge styles);
// the previous renderer is killed before a new one starts.
import type Sigma from "sigma";
import type { SerializedGraph } from "../../../../server/services/graph.js";
import { familyColors } from "../../core/encodings/index.js";
import { buildGraphModel } from "../../render/graph-model.js";
import { runInitialLayout } from "../../render/layout.js";
import { createRenderState, createRenderer } from "../../render/renderer.js";

export interface GraphView {
  show(graph: SerializedGraph): { nodes: number; edges: number };
  clear(): void;
  /** Sigma sizes itself from its container: call when the container becomes visible. */
  resize(): void;
  /** The live renderer (tests read its canvases). */
  readonly sigma: Sigma | null;
}

export function createGraphView(container: HTMLElement): GraphView {
  let sigma: Sigma | null = null;
  const kill = () => {
    sigma?.kill();
    sigma = null;
    container.replaceChildren();
  };
  return {
    show(graph) {
      kill();
      const model = buildGraphModel(graph);
      runInitialLayout(model.graph);
      const visible = { nodes: new Set(model.graph.nodes()), edges: new Set(model.graph.edges()) };
      sigma = createRenderer(
        container,
        model,
        createRenderState({
          visible,
          colorBy: "family",
          sizeBy: "activity",
          familyColors: familyColors(model.nodes.map((n) => n.family)),
        }),
      );
      return { nodes: model.graph.order, edges: model.graph.size };
    },
    clear: kill,
    resize() {
      sigma?.resize();
      sigma?.refresh();
    },
    get sigma() {
      return sigma;
    },
  };
}

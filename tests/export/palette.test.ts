import { describe, expect, it } from "vitest";
import { EDGE_STYLES as SCREEN_EDGES, KIND_COLORS as SCREEN_KINDS } from "../../client/src/core/encodings/index.js";
import { ACTOR_KINDS, GRAPH_EDGE_TYPES } from "../../server/domain/index.js";
import { EDGE_STYLES as EXPORT_EDGES, KIND_COLORS as EXPORT_KINDS, kindLabel } from "../../server/export/palette.js";
import { pictureOf } from "../../server/export/picture.js";
import { buildGraph } from "../../server/services/graph.js";
import { exportOf, seededModel } from "./fixtures.js";

describe("export palette", () => {
  it.each([...GRAPH_EDGE_TYPES])("draws %s in the explorer's colour and words", (t) => {
    expect(EXPORT_EDGES[t].color).toBe(SCREEN_EDGES[t].color);
    expect(EXPORT_EDGES[t].label).toBe(SCREEN_EDGES[t].label);
  });

  it("colours every actor kind as the explorer does", () => {
    for (const k of ACTOR_KINDS) expect(EXPORT_KINDS[k]).toBe(SCREEN_KINDS[k]);
    expect(kindLabel("separatist_movement")).toBe("Separatist / rebel movement");
  });
});

describe("node sizes in exported pictures", () => {
  const sized = async (counts: Record<string, number>) => {
    const model = await seededModel();
    const graph = buildGraph(model, {});
    for (const n of graph.nodes) n.attributes.eventCount = counts[n.key] ?? 0;
    const size = new Map(pictureOf(graph).nodes.map((n) => [n.key, n.size]));
    const gexf = new Map(
      [
        ...exportOf(model, graph, { format: "gexf" })
          .body.toString()
          .matchAll(/<node id="([^"]+)"[\s\S]*?<viz:size value="([\d.]+)"/g),
      ].map((m) => [m[1], Number(m[2])]),
    );
    return { size, gexf };
  };

  it("grows with events as at the seeds' scale while the busiest actor has at most 100", async () => {
    const { size, gexf } = await sized({ jnim: 16, aqim: 4 });
    expect(size.get("jnim")).toBeCloseTo(5 + 2.2 * 4, 6);
    expect(size.get("aqim")).toBeCloseTo(5 + 2.2 * 2, 6);
    expect(size.get("mujao")).toBe(5);
    expect(gexf.get("jnim")).toBeCloseTo(13.8, 2);
  });

  it("keeps the busiest actor at 27 units and the others in proportion when it has 131k events", async () => {
    const { size, gexf } = await sized({ jnim: 131_236, aqim: 131_236 / 4, mujao: 0 });
    expect(size.get("jnim")).toBeCloseTo(27, 6);
    // Area still follows events: a quarter of the events, half the radius above the smallest node.
    expect(size.get("aqim")! - 5).toBeCloseTo((27 - 5) / 2, 6);
    expect(size.get("mujao")).toBe(5);
    expect(gexf.get("jnim")).toBeCloseTo(27, 2);
    expect(Math.max(...size.values())).toBe(size.get("jnim"));
  });
});

// The rendered graph built from a serialization: relationship type kept as `relType` (sigma owns `type`), parallel
// ties curved, missing attributes defaulted, unusable edges left out and counted, the date range inferred.
import { describe, expect, it } from "vitest";
import { buildGraphModel } from "../../../client/src/render/graph-model.js";
import type { SerializedGraph } from "../../../client/src/api/client.js";

const node = (key: string, attributes: Record<string, unknown> = {}) => ({
  key,
  attributes: {
    label: key.toUpperCase(),
    kind: "jihadist_group",
    countries: ["MLI"],
    provisional: false,
    aliases: [],
    eventCount: 0,
    ...attributes,
  },
});
const edge = (key: string, source: string, target: string, type: string, extra: Record<string, unknown> = {}) => ({
  key,
  source,
  target,
  undirected: ["ALLIED_WITH", "RIVAL_OF", "CLASHED_WITH"].includes(type),
  attributes: { type, confidence: "confirmed", sources: [{ sourceId: "s" }], ...extra },
});
const graph = (nodes: unknown[], edges: unknown[], attributes: Record<string, unknown> = {}) =>
  ({
    attributes,
    options: { type: "mixed", multi: true, allowSelfLoops: false },
    nodes,
    edges,
  }) as unknown as SerializedGraph;

describe("buildGraphModel", () => {
  it("rejects what is not a serialized graph", () => {
    expect(() => buildGraphModel({} as SerializedGraph)).toThrow(TypeError);
  });

  it("builds an empty model from an empty graph", () => {
    const m = buildGraphModel(graph([], []));
    expect(m.graph.order).toBe(0);
    expect(m.range).toBeNull();
  });

  it("keeps the relationship type as relType and directedness from the serialization", () => {
    const m = buildGraphModel(
      graph([node("mujao"), node("aqim")], [edge("r1", "mujao", "aqim", "SPLINTER_OF", { since: "2011" })]),
    );
    expect(m.graph.getEdgeAttribute("r1", "relType")).toBe("SPLINTER_OF");
    expect(m.graph.getEdgeAttribute("r1", "type")).toBeUndefined();
    expect(m.graph.isDirected("r1")).toBe(true);
    expect(m.edgeByKey.get("r1")!.fromDay).toBe("2011-01-01");
  });

  it("curves ties between the same pair and leaves single ties straight", () => {
    const m = buildGraphModel(
      graph(
        [node("mnla"), node("ansar-dine"), node("aqim")],
        [
          edge("a", "mnla", "ansar-dine", "ALLIED_WITH"),
          edge("b", "mnla", "ansar-dine", "RIVAL_OF"),
          edge("c", "mnla", "aqim", "ALLIED_WITH"),
        ],
      ),
    );
    expect(m.edgeByKey.get("a")!.curvature).not.toBe(0);
    expect(m.edgeByKey.get("b")!.curvature).not.toBe(m.edgeByKey.get("a")!.curvature);
    expect(m.edgeByKey.get("c")!.curvature).toBe(0);
  });

  it("defaults missing node attributes and leaves out unusable edges, counting them", () => {
    const m = buildGraphModel(
      graph(
        [{ key: "x", attributes: {} }, node("y")],
        [
          edge("ok", "x", "y", "ALLIED_WITH", { confidence: "nonsense" }),
          edge("bad-type", "x", "y", "LOVES"),
          edge("dangling", "x", "nowhere", "RIVAL_OF"),
        ],
      ),
    );
    const x = m.nodeByKey.get("x")!;
    expect(x.label).toBe("x");
    expect(x.countries).toEqual([]);
    expect(x.aliases).toEqual([]);
    expect(m.edgeByKey.get("ok")!.confidence).toBe("confirmed");
    expect(m.skippedEdges).toBe(2);
    expect(m.graph.size).toBe(1);
  });

  it("takes the range from the server, or infers it from the dates present", () => {
    expect(buildGraphModel(graph([node("a")], [], { range: { min: "1998", max: "2022-11-21" } })).range).toEqual({
      min: "1998",
      max: "2022-11-21",
    });
    const inferred = buildGraphModel(
      graph([node("a", { founded: "2011-10" }), node("b", { dissolved: "2013-08" })], []),
    );
    expect(inferred.range).toEqual({ min: "2011", max: "2013-08-01" });
  });

  it("places nodes deterministically", () => {
    const g = graph([node("a"), node("b"), node("c")], [edge("e", "a", "b", "ALLIED_WITH")]);
    const p1 = buildGraphModel(g).graph.getNodeAttributes("c");
    const p2 = buildGraphModel(g).graph.getNodeAttributes("c");
    expect([p1.x, p1.y]).toEqual([p2.x, p2.y]);
  });
});

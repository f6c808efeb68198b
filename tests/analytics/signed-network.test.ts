import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../server/domain/index.js";
import { clashWeight, defaultAt, toSignedNetwork } from "../../server/analytics/signed-network.js";

function graphWith(
  edges: { key: string; s: string; t: string; attrs: Record<string, unknown>; undirected?: boolean }[],
) {
  const g = new Graph({ type: "mixed", multi: true, allowSelfLoops: false });
  for (const e of edges) {
    g.mergeNode(e.s, { label: e.s });
    g.mergeNode(e.t, { label: e.t });
    if (e.undirected) g.addUndirectedEdgeWithKey(e.key, e.s, e.t, { confidence: "confirmed", ...e.attrs });
    else g.addDirectedEdgeWithKey(e.key, e.s, e.t, { confidence: "confirmed", ...e.attrs });
  }
  return g;
}

describe("toSignedNetwork", () => {
  it("rejects something that is not a graph with an InvalidInputError naming the module", () => {
    expect(() => toSignedNetwork({} as never)).toThrow(InvalidInputError);
    expect(() => toSignedNetwork(null as never)).toThrow(/analytics\/signed-network/);
  });

  it("rejects a malformed date", () => {
    expect(() => toSignedNetwork(new Graph(), { at: "2012-13" })).toThrow(InvalidInputError);
  });

  it("returns an empty network for an empty graph", () => {
    const net = toSignedNetwork(new Graph());
    expect(net.order).toBe(0);
    expect(net.size).toBe(0);
  });

  it("gives alliance, affiliation, membership, pledge, support and merger a positive sign and ignores splits", () => {
    const types = ["ALLIED_WITH", "AFFILIATED_WITH", "PART_OF", "PLEDGED_TO", "SUPPORTS", "MERGED_INTO", "SPLINTER_OF"];
    const g = graphWith(types.map((type, i) => ({ key: `e${i}`, s: `a${i}`, t: `b${i}`, attrs: { type } })));
    const net = toSignedNetwork(g, { at: "2020" });
    expect(net.size).toBe(6);
    net.forEachEdge((_e, a) => expect(a.sign).toBe(1));
    expect(net.hasEdge("a6", "b6")).toBe(false);
  });

  it("collapses parallel ties into one summed weight and flags a pair with both signs as conflicted", () => {
    const g = graphWith([
      { key: "x1", s: "a", t: "b", attrs: { type: "PART_OF" } },
      { key: "x2", s: "b", t: "a", attrs: { type: "PLEDGED_TO" } },
      { key: "y1", s: "c", t: "d", attrs: { type: "ALLIED_WITH" }, undirected: true },
      { key: "y2", s: "c", t: "d", attrs: { type: "RIVAL_OF" }, undirected: true },
    ]);
    const net = toSignedNetwork(g, { at: "2020" });
    expect(net.size).toBe(2);
    expect(net.getEdgeAttributes("a", "b")).toMatchObject({ weight: 2, sign: 1, conflicted: false });
    // +1 - 1 = 0: a tie resolves negative.
    expect(net.getEdgeAttributes("c", "d")).toMatchObject({
      weight: 0,
      sign: -1,
      conflicted: true,
      types: ["ALLIED_WITH", "RIVAL_OF"],
    });
  });

  it("keeps only ties and actors that hold at the date", () => {
    const g = graphWith([
      { key: "old", s: "a", t: "b", attrs: { type: "ALLIED_WITH", since: "2010", until: "2012" }, undirected: true },
      { key: "new", s: "a", t: "b", attrs: { type: "RIVAL_OF", since: "2012" }, undirected: true },
    ]);
    g.mergeNode("gone", { label: "Gone", dissolved: "2011" });
    g.addUndirectedEdgeWithKey("g", "a", "gone", { type: "ALLIED_WITH", confidence: "confirmed" });
    expect(toSignedNetwork(g, { at: "2011" }).getEdgeAttributes("a", "b").sign).toBe(1);
    const net2013 = toSignedNetwork(g, { at: "2013" });
    expect(net2013.getEdgeAttributes("a", "b").sign).toBe(-1);
    expect(net2013.hasNode("gone")).toBe(false);
    expect(toSignedNetwork(g, { at: "2010-06" }).hasEdge("a", "gone")).toBe(true);
  });

  it("weights a clash by fatalities and lets it fade with a two-year half-life", () => {
    expect(clashWeight({ count: 1, fatalities: 0, last: "2020" }, "2020")).toBeCloseTo(-1);
    expect(clashWeight({ count: 1, fatalities: 99, last: "2020" }, "2020")).toBeCloseTo(-2);
    expect(clashWeight({ count: 10, fatalities: 999, last: "2020" }, "2020")).toBeCloseTo(-3);
    expect(clashWeight({ count: 1, fatalities: 0, last: "2018-01-01" }, "2020-01-01")).toBeCloseTo(-0.5, 2);
  });

  it("drops clashes that have faded below the minimum weight", () => {
    const g = graphWith([
      {
        key: "clash:a:b",
        s: "a",
        t: "b",
        attrs: { type: "CLASHED_WITH", since: "2010", first: "2010", last: "2010", count: 1, fatalities: 0 },
        undirected: true,
      },
    ]);
    expect(toSignedNetwork(g, { at: "2011" }).hasEdge("a", "b")).toBe(true);
    expect(toSignedNetwork(g, { at: "2025" }).hasEdge("a", "b")).toBe(false);
  });

  it("lowers weight with confidence and can exclude confidences", () => {
    const g = graphWith([
      { key: "e", s: "a", t: "b", attrs: { type: "ALLIED_WITH", confidence: "disputed" }, undirected: true },
    ]);
    expect(
      toSignedNetwork(g, { at: "2020", uncertainAlliances: true }).getEdgeAttribute("a", "b", "weight"),
    ).toBeCloseTo(0.3);
    expect(
      toSignedNetwork(g, { at: "2020", uncertainAlliances: true, confidence: ["confirmed", "probable"] }).size,
    ).toBe(0);
  });

  it("counts alleged and disputed alliances only when asked, and uncertain hostility always", () => {
    const g = graphWith([
      { key: "e", s: "a", t: "b", attrs: { type: "ALLIED_WITH", confidence: "alleged" }, undirected: true },
      { key: "f", s: "b", t: "c", attrs: { type: "SUPPORTS", confidence: "disputed" } },
      { key: "h", s: "a", t: "c", attrs: { type: "RIVAL_OF", confidence: "alleged" }, undirected: true },
      { key: "i", s: "c", t: "d", attrs: { type: "ALLIED_WITH", confidence: "probable" }, undirected: true },
    ]);
    const net = toSignedNetwork(g, { at: "2020" });
    expect(net.edges().sort()).toEqual(["a|c", "c|d"]);
    expect(net.getEdgeAttribute("a|c", "weight")).toBeCloseTo(-0.5);
    expect(toSignedNetwork(g, { at: "2020", uncertainAlliances: true }).edges().sort()).toEqual([
      "a|b",
      "a|c",
      "b|c",
      "c|d",
    ]);
  });

  it("defaults the date to the graph's at attribute, else its latest date", () => {
    const g = graphWith([
      { key: "e", s: "a", t: "b", attrs: { type: "ALLIED_WITH", since: "2014-03", until: "2016" }, undirected: true },
    ]);
    expect(defaultAt(g)).toBe("2016-01-01");
    g.setAttribute("at", "2015");
    expect(defaultAt(g)).toBe("2015");
  });

  it("does not modify its input", () => {
    const g = graphWith([{ key: "e", s: "a", t: "b", attrs: { type: "ALLIED_WITH" }, undirected: true }]);
    const before = JSON.stringify(g.export());
    toSignedNetwork(g, { at: "2020" });
    expect(JSON.stringify(g.export())).toBe(before);
  });
});

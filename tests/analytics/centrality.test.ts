import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../server/domain/index.js";
import { centrality } from "../../server/analytics/centrality.js";
import { signedGraph, type Tie } from "./fixtures.js";

describe("centrality", () => {
  it("rejects a non-graph with an InvalidInputError naming the module", () => {
    expect(() => centrality("graph" as never)).toThrow(InvalidInputError);
    expect(() => centrality("graph" as never)).toThrow(/analytics\/centrality/);
  });

  it("returns no brokers, no communities and a null modularity on an empty graph", () => {
    expect(centrality(new Graph())).toMatchObject({ actors: [], brokers: [], communities: [], modularity: null });
  });

  it("names the bridge between two allied cliques as the top broker", () => {
    const ties: Tie[] = [
      ["a1", "a2", "+"],
      ["a2", "a3", "+"],
      ["a1", "a3", "+"],
      ["b1", "b2", "+"],
      ["b2", "b3", "+"],
      ["b1", "b3", "+"],
      ["a1", "hub", "+"],
      ["b1", "hub", "+"],
    ];
    const r = centrality(signedGraph(ties), { at: "2020" });
    expect(r.brokers[0].id).toBe("hub");
    expect(r.communities.length).toBeGreaterThanOrEqual(2);
    const community = Object.fromEntries(r.actors.map((a) => [a.id, a.community]));
    expect(community.a2).toBe(community.a3);
    expect(community.b2).toBe(community.b3);
    expect(community.a2).not.toBe(community.b2);
  });

  it("counts degree by relationship type and sign, and leaves actors without positive ties out of communities", () => {
    const r = centrality(
      signedGraph(
        [
          ["a", "b", "+"],
          ["a", "c", "-"],
        ],
        ["d"],
      ),
      { at: "2020" },
    );
    const a = r.actors.find((x) => x.id === "a")!;
    expect(a.degree).toEqual({ total: 2, positive: 1, negative: 1, byType: { ALLIED_WITH: 1, RIVAL_OF: 1 } });
    expect(r.actors.find((x) => x.id === "c")!.community).toBeNull();
    expect(r.actors.find((x) => x.id === "d")!.community).toBeNull();
  });

  it("gives the same communities twice on a larger graph (seeded Louvain)", () => {
    let s = 5;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const ties: Tie[] = [];
    for (let i = 0; i < 400; i++) {
      const a = Math.floor(rnd() * 120);
      const b = Math.floor(rnd() * 120);
      if (a !== b) ties.push([`n${a}`, `n${b}`, rnd() < 0.7 ? "+" : "-"]);
    }
    const g = signedGraph(ties);
    expect(centrality(g, { at: "2020", seed: 9 })).toEqual(centrality(g, { at: "2020", seed: 9 }));
  });
});

import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../server/domain/index.js";
import { structuralBalance } from "../../server/analytics/balance.js";
import { signedGraph } from "./fixtures.js";

describe("structuralBalance", () => {
  it("rejects a non-graph with an InvalidInputError naming the module", () => {
    expect(() => structuralBalance(42 as never)).toThrow(InvalidInputError);
    expect(() => structuralBalance(42 as never)).toThrow(/analytics\/balance/);
  });

  it("reports no triads and a null share on an empty graph", () => {
    const r = structuralBalance(new Graph());
    expect(r).toMatchObject({ nodes: 0, edges: 0, triads: 0, balancedShare: null, unbalanced: [], unbalancedTotal: 0 });
  });

  it.each([
    ["+++", ["+", "+", "+"], true, true],
    ["++-", ["+", "+", "-"], false, false],
    ["+--", ["+", "-", "-"], true, true],
    ["---", ["-", "-", "-"], false, true],
  ] as const)("classifies the textbook triad %s", (pattern, [s1, s2, s3], strong, weak) => {
    const r = structuralBalance(
      signedGraph([
        ["a", "b", s1],
        ["b", "c", s2],
        ["a", "c", s3],
      ]),
      { at: "2020" },
    );
    expect(r.triads).toBe(1);
    expect(r.byPattern[pattern]).toBe(1);
    expect(r.balancedShare).toBe(strong ? 1 : 0);
    expect(r.weaklyBalancedShare).toBe(weak ? 1 : 0);
  });

  it("names the pivot and the two enemies of a ++- triad", () => {
    // Two allies of Z fight each other.
    const r = structuralBalance(
      signedGraph([
        ["x", "z", "+"],
        ["y", "z", "+"],
        ["x", "y", "-"],
      ]),
      { at: "2020" },
    );
    expect(r.unbalanced).toEqual([
      { nodes: ["x", "y", "z"], pattern: "++-", pivot: "z", enemies: ["x", "y"], strength: 3 },
    ]);
  });

  it("counts every triangle of a signed K4 once", () => {
    // a,b allies; c,d allies; everything across is hostile: perfectly balanced, 4 triads.
    const r = structuralBalance(
      signedGraph([
        ["a", "b", "+"],
        ["c", "d", "+"],
        ["a", "c", "-"],
        ["a", "d", "-"],
        ["b", "c", "-"],
        ["b", "d", "-"],
      ]),
      { at: "2020" },
    );
    expect(r.triads).toBe(4);
    expect(r.balancedShare).toBe(1);
    expect(r.byPattern).toEqual({ "+++": 0, "++-": 0, "+--": 4, "---": 0 });
  });

  it("ignores open triads (paths without the closing tie)", () => {
    const r = structuralBalance(
      signedGraph([
        ["a", "b", "+"],
        ["b", "c", "-"],
      ]),
      { at: "2020" },
    );
    expect(r.triads).toBe(0);
    expect(r.edges).toBe(2);
    expect(r.positiveEdges).toBe(1);
    expect(r.negativeEdges).toBe(1);
  });

  it("caps the unbalanced list at limit while counting all", () => {
    const ties: [string, string, "+" | "-"][] = [];
    const nodes = ["a", "b", "c", "d", "e"];
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) ties.push([nodes[i], nodes[j], "-"]);
    const r = structuralBalance(signedGraph(ties), { at: "2020", limit: 3 });
    expect(r.triads).toBe(10);
    expect(r.unbalancedTotal).toBe(10);
    expect(r.unbalanced).toHaveLength(3);
  });
});

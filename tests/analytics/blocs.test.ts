import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../server/domain/index.js";
import { findBlocs } from "../../server/analytics/blocs.js";
import { bruteForceFrustration, signedGraph, type Tie } from "./fixtures.js";

/** Deterministic pseudo-random signed graph for cross-checks. */
function randomTies(n: number, m: number, seed: number): Tie[] {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const seen = new Set<string>();
  const ties: Tie[] = [];
  while (ties.length < m) {
    const a = Math.floor(r() * n);
    const b = Math.floor(r() * n);
    if (a === b || seen.has(`${Math.min(a, b)}-${Math.max(a, b)}`)) continue;
    seen.add(`${Math.min(a, b)}-${Math.max(a, b)}`);
    ties.push([`n${String(a).padStart(2, "0")}`, `n${String(b).padStart(2, "0")}`, r() < 0.55 ? "+" : "-"]);
  }
  return ties;
}

describe("findBlocs", () => {
  it("rejects a non-graph with an InvalidInputError naming the module", () => {
    expect(() => findBlocs(undefined as never)).toThrow(InvalidInputError);
    expect(() => findBlocs(undefined as never)).toThrow(/analytics\/blocs/);
  });

  it("returns no blocs on an empty graph", () => {
    expect(findBlocs(new Graph())).toMatchObject({ method: "none", blocs: [], frustration: 0, frustratedShare: null });
  });

  it("splits a balanced graph into its two camps with zero frustration", () => {
    const r = findBlocs(
      signedGraph([
        ["a", "b", "+"],
        ["c", "d", "+"],
        ["a", "c", "-"],
        ["b", "d", "-"],
        ["a", "d", "-"],
      ]),
      { at: "2020" },
    );
    expect(r.frustration).toBe(0);
    expect(r.blocs.map((b) => b.members)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(r.assignment).toEqual({ a: 0, b: 0, c: 1, d: 1 });
  });

  it("finds frustration 1 for the unbalanced ++- triad and 1 for --- with two blocs, 0 for --- with three", () => {
    expect(
      findBlocs(
        signedGraph([
          ["a", "b", "+"],
          ["b", "c", "+"],
          ["a", "c", "-"],
        ]),
        { at: "2020" },
      ).frustration,
    ).toBe(1);
    const allEnemies = signedGraph([
      ["a", "b", "-"],
      ["b", "c", "-"],
      ["a", "c", "-"],
    ]);
    expect(findBlocs(allEnemies, { at: "2020" }).frustration).toBe(1);
    const three = findBlocs(allEnemies, { at: "2020", k: 3 });
    expect(three.frustration).toBe(0);
    expect(three.blocs).toHaveLength(3);
  });

  it("finds the known frustration index 2 of an all-negative K4 with two blocs", () => {
    const k4: Tie[] = [
      ["a", "b", "-"],
      ["a", "c", "-"],
      ["a", "d", "-"],
      ["b", "c", "-"],
      ["b", "d", "-"],
      ["c", "d", "-"],
    ];
    const r = findBlocs(signedGraph(k4), { at: "2020" });
    expect(r.frustration).toBe(2);
    expect(r.frustratedTies).toBe(2);
    expect(r.method).toBe("exact");
  });

  it("matches brute force on random signed graphs (exact method)", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const ties = randomTies(10, 22, seed);
      const r = findBlocs(signedGraph(ties), { at: "2020", weighted: false });
      expect(r.frustration, `seed ${seed}`).toBe(bruteForceFrustration(ties));
    }
  });

  it("matches brute force with three blocs", () => {
    const ties = randomTies(8, 16, 9);
    expect(findBlocs(signedGraph(ties), { at: "2020", weighted: false, k: 3 }).frustration).toBe(
      bruteForceFrustration(ties, 3),
    );
  });

  it("puts actors without ties in no bloc and lists them as isolated", () => {
    const r = findBlocs(signedGraph([["a", "b", "-"]], ["lone"]), { at: "2020" });
    expect(r.isolated).toEqual(["lone"]);
    expect(r.assignment.lone).toBeUndefined();
  });

  it("uses the heuristic for components above exactMaxNodes and still finds a balanced split", () => {
    const ties: Tie[] = [];
    for (let i = 0; i < 30; i++)
      ties.push([`p${i}`, `p${(i + 1) % 30}`, "+"], [`q${i}`, `q${(i + 1) % 30}`, "+"], [`p${i}`, `q${i}`, "-"]);
    const r = findBlocs(signedGraph(ties), { at: "2020", exactMaxNodes: 10 });
    expect(r.method).toBe("heuristic");
    expect(r.frustration).toBe(0);
    expect(r.blocs).toHaveLength(2);
  });

  it("finds a split at least as good as the planted camps on a noisy 300-actor graph", () => {
    let seed = 11;
    const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const camp = Array.from({ length: 300 }, () => Math.floor(r() * 3));
    const ties: Tie[] = [];
    const seen = new Set<string>();
    while (ties.length < 1200) {
      const a = Math.floor(r() * 300);
      const b = Math.floor(r() * 300);
      const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
      if (a === b || seen.has(key)) continue;
      seen.add(key);
      const friendly = (camp[a] === camp[b]) !== r() < 0.05;
      ties.push([`n${a}`, `n${b}`, friendly ? "+" : "-"]);
    }
    const planted = ties.filter(([a, b, sgn]) => (camp[+a.slice(1)] === camp[+b.slice(1)]) !== (sgn === "+")).length;
    const result = findBlocs(signedGraph(ties), { at: "2020", k: 3, weighted: false });
    expect(result.method).toBe("heuristic");
    expect(result.frustratedTies).toBeLessThanOrEqual(planted);
  });

  it("gives the same answer twice (seeded)", () => {
    const g = signedGraph(randomTies(60, 200, 7));
    expect(findBlocs(g, { at: "2020", exactMaxNodes: 0, seed: 3 })).toEqual(
      findBlocs(g, { at: "2020", exactMaxNodes: 0, seed: 3 }),
    );
  });
});

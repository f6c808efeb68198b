// Graph helpers: deterministic initial positions, ego networks, and the guard on expanding hubs.
import { describe, expect, it } from "vitest";
import {
  EXPAND_GUARD,
  egoNetwork,
  expandNeighbors,
  hashString,
  initialPositions,
} from "../../../client/src/core/graph/index.js";

const adj: Record<string, string[]> = {
  a: ["b", "c"],
  b: ["a", "d"],
  c: ["a"],
  d: ["b"],
  hub: Array.from({ length: 60 }, (_, i) => `n${i}`),
};
const neighbors = (k: string) => adj[k] ?? [];

describe("initialPositions", () => {
  it("is empty for no nodes", () => {
    expect(initialPositions([]).size).toBe(0);
  });
  it("depends on ids only, not on input order", () => {
    const ns = [
      { key: "aqim", group: "al-Qaeda network" },
      { key: "mnla", group: "Azawad movements" },
      { key: "jnim", group: "al-Qaeda network" },
    ];
    expect(initialPositions(ns)).toEqual(initialPositions([...ns].reverse()));
  });
  it("gives distinct positions", () => {
    const ns = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, group: `g${i % 5}` }));
    const keys = new Set([...initialPositions(ns).values()].map((p) => `${p.x.toFixed(6)},${p.y.toFixed(6)}`));
    expect(keys.size).toBe(200);
  });
  it("hashes strings stably", () => {
    expect(hashString("aqim")).toBe(hashString("aqim"));
    expect(hashString("aqim")).not.toBe(hashString("mnla"));
  });
});

describe("egoNetwork", () => {
  it("is the start alone at depth 0", () => {
    expect([...egoNetwork("a", 0, neighbors)]).toEqual(["a"]);
  });
  it("follows neighbours to the given depth", () => {
    expect([...egoNetwork("a", 1, neighbors)].sort()).toEqual(["a", "b", "c"]);
    expect([...egoNetwork("a", 2, neighbors)].sort()).toEqual(["a", "b", "c", "d"]);
  });
});

describe("expandNeighbors", () => {
  it("adds the new neighbours, sorted", () => {
    expect(expandNeighbors(new Set(["a", "b"]), "a", neighbors)).toEqual({ added: ["c"], guarded: false, pending: 0 });
  });
  it("refuses a hub with more new neighbours than the guard, unless forced", () => {
    const guarded = expandNeighbors(new Set(["hub"]), "hub", neighbors);
    expect(guarded).toEqual({ added: [], guarded: true, pending: 60 });
    expect(60).toBeGreaterThan(EXPAND_GUARD);
    expect(expandNeighbors(new Set(["hub"]), "hub", neighbors, true).added).toHaveLength(60);
  });
});

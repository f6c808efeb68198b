// Input guards and a seeded RNG shared by the analytics modules (graphology style: guard on the first line, name the module).
import type { AbstractGraph } from "graphology-types";
import { InvalidInputError, isValidPartialDate } from "../domain/index.js";

/** Throws InvalidInputError (code invalid_input) unless `graph` is a graphology instance. */
export function assertGraph(graph: unknown, moduleName: string): asserts graph is AbstractGraph {
  const g = graph as Partial<AbstractGraph> | null;
  if (!g || typeof g !== "object" || typeof g.forEachEdge !== "function" || typeof g.order !== "number") {
    throw new InvalidInputError(
      `${moduleName}: the given graph is not a valid graphology instance (build it with Graph.from(serialized))`,
    );
  }
}

/** Throws InvalidInputError unless `value` is a partial date (YYYY, YYYY-MM, YYYY-MM-DD). */
export function assertDate(value: unknown, field: string, moduleName: string): asserts value is string {
  if (typeof value !== "string" || !isValidPartialDate(value)) {
    throw new InvalidInputError(`${moduleName}: '${field}' must be a date written YYYY, YYYY-MM or YYYY-MM-DD`, {
      field,
      value,
    });
  }
}

/** mulberry32: a tiny seeded PRNG, so Louvain and the bloc heuristic give the same answer on every run. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

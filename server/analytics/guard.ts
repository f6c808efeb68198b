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

// The seeded PRNG lives in the domain (export layouts and benchmarks use it too).
export { createRng } from "../domain/random.js";

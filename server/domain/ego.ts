// The ego network: who stands within some hops of an actor. Shared by /api/graph (over the filtered ties) and the
// explorer (over the ties it shows).

/** The keys next to `key` (in either direction, as the caller decides). */
export type Neighbors = (key: string) => readonly string[];

/** Actors within `depth` hops of `start` (start included), breadth first, following `neighbors`. */
export function egoNetwork(start: string, depth: number, neighbors: Neighbors): Set<string> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const k of frontier)
      for (const n of neighbors(k))
        if (!seen.has(n)) {
          seen.add(n);
          next.push(n);
        }
    frontier = next;
  }
  return seen;
}

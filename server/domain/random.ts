// A seeded PRNG for everything that must give the same answer on every run: Louvain and the bloc heuristic,
// export layouts (same data, same report bytes) and the benchmarks' generated data.

/** mulberry32: small, fast, seeded; returns numbers in [0, 1). */
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

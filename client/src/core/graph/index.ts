// Graph helpers on plain adjacency: deterministic initial positions, ego networks, and the expansion guard.
import { egoNetwork, type Neighbors } from "../../../../server/domain/ego.js";

/** FNV-1a: a stable small hash so positions depend only on ids, never on load order or Math.random. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Deterministic start positions: one sector per family (sorted), actors on a sunflower spiral inside it, ordered by
 * id. ForceAtlas2 then starts from the same place every time, so the same data always gives the same picture.
 */
export function initialPositions(
  nodes: readonly { key: string; group?: string }[],
): Map<string, { x: number; y: number }> {
  const groups = [...new Set(nodes.map((n) => n.group ?? ""))].sort();
  const members = new Map<string, string[]>(groups.map((g) => [g, []]));
  for (const n of nodes) members.get(n.group ?? "")!.push(n.key);
  const out = new Map<string, { x: number; y: number }>();
  const golden = Math.PI * (3 - Math.sqrt(5));
  const R = Math.sqrt(nodes.length) * 10;
  groups.forEach((g, gi) => {
    const keys = members.get(g)!.sort();
    const angle = (2 * Math.PI * gi) / groups.length;
    const cx = groups.length > 1 ? R * Math.cos(angle) : 0;
    const cy = groups.length > 1 ? R * Math.sin(angle) : 0;
    keys.forEach((k, i) => {
      const r = 6 * Math.sqrt(i + 0.5);
      const a = i * golden + (hashString(k) % 1000) / 1000;
      out.set(k, { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) });
    });
  });
  return out;
}

/** The ego network, as /api/graph computes it (one breadth-first walk for both). */
export { egoNetwork, type Neighbors };

/** Above this many new neighbours, expanding asks first: a hub would flood the view. */
export const EXPAND_GUARD = 40;

export interface ExpandResult {
  added: string[];
  /** True when the node has more new neighbours than `limit` and `force` was not given: nothing was added. */
  guarded: boolean;
  pending: number;
}

/** Add the neighbours of `key` to a focus set, unless there are too many (then say how many, add nothing). */
export function expandNeighbors(
  focus: ReadonlySet<string>,
  key: string,
  neighbors: Neighbors,
  force = false,
  limit = EXPAND_GUARD,
): ExpandResult {
  const fresh = [...new Set(neighbors(key))].filter((n) => !focus.has(n)).sort();
  if (fresh.length > limit && !force) return { added: [], guarded: true, pending: fresh.length };
  return { added: fresh, guarded: false, pending: 0 };
}

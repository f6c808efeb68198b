// The network's positions in a link, compactly: every actor's x and y quantized to 12 bits inside one square box, in
// the order of the sorted actor keys, 4 base64url characters per actor (100 actors: about 430 characters). A hash of
// the key list travels with them: a link made on other data (an actor more or less) is recognised and its positions
// are not applied to the wrong actors. Above POSITIONS_MAX_NODES actors (the link would pass 2,000 characters), only
// the actors the user pinned are written, each with its key (at most POSITIONS_MAX_KEYED): the rest of such a graph
// is laid out the same way on every load until a layout run, which a link cannot carry at that size.

export type Positions = Map<string, { x: number; y: number }>;

export const POSITIONS_MAX_NODES = 500;
export const POSITIONS_MAX_KEYED = 100;
const LEVELS = 4095; // 12 bits per axis
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const NUM = "-?\\d+(?:\\.\\d+)?";
/** hash,x0,y0,span,data (every actor), or -,x0,y0,span,CODEkey,CODEkey... (the pinned actors, by key). */
export const POSITIONS_RE = new RegExp(
  `^(?:[0-9a-z]{1,7},${NUM},${NUM},${NUM},[A-Za-z0-9_-]{4,${4 * POSITIONS_MAX_NODES}}` +
    `|-,${NUM},${NUM},${NUM}(?:,[A-Za-z0-9_-]{4}[a-z0-9][a-z0-9._:-]{0,199}){1,${POSITIONS_MAX_KEYED}})$`,
);

/** FNV-1a (32 bits) of the sorted keys, in base 36: which actors, in which order, the positions are for. */
export function keysHash(sortedKeys: readonly string[]): string {
  let h = 0x811c9dc5;
  const text = sortedKeys.join("\n");
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

const fixed2 = (n: number) => Number(n.toFixed(2));

/**
 * The positions as a link value: every actor's, or above POSITIONS_MAX_NODES the pinned actors' only; null when
 * there is nothing to write.
 */
export function encodePositions(positions: Positions, pinned: readonly string[] = []): string | null {
  const all = [...positions.keys()].sort();
  const keyed = all.length > POSITIONS_MAX_NODES;
  const keys = keyed
    ? [...new Set(pinned)]
        .filter((k) => positions.has(k))
        .sort()
        .slice(0, POSITIONS_MAX_KEYED)
    : all;
  if (!keys.length) return null;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const k of keys) {
    const { x, y } = positions.get(k)!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const x0 = Math.floor(minX * 100) / 100;
  const y0 = Math.floor(minY * 100) / 100;
  const span = Math.max(0.01, Math.ceil(Math.max(maxX - x0, maxY - y0) * 100) / 100);
  const q = (v: number, o: number) => Math.min(LEVELS, Math.max(0, Math.round(((v - o) / span) * LEVELS)));
  const codes = keys.map((k) => {
    const p = positions.get(k)!;
    const bits = (q(p.x, x0) << 12) | q(p.y, y0);
    return B64[(bits >> 18) & 63] + B64[(bits >> 12) & 63] + B64[(bits >> 6) & 63] + B64[bits & 63];
  });
  const box = [fixed2(x0), fixed2(y0), fixed2(span)];
  if (keyed) return ["-", ...box, ...codes.map((c, i) => c + keys[i])].join(",");
  return [keysHash(keys), ...box, codes.join("")].join(",");
}

/**
 * The positions a link value holds for these actors (for a value written by key: those of its actors this graph has);
 * null when the value is malformed or was made for another set of actors (then the data changed since the link was
 * made, and the layout is computed afresh).
 */
export function decodePositions(code: string, keys: Iterable<string>): Positions | null {
  if (!POSITIONS_RE.test(code)) return null;
  const [hash, sx0, sy0, sspan, ...data] = code.split(",");
  const x0 = Number(sx0);
  const y0 = Number(sy0);
  const span = Number(sspan);
  if (!(span > 0)) return null;
  const at = (four: string) => {
    let bits = 0;
    for (let j = 0; j < 4; j++) bits = (bits << 6) | B64.indexOf(four[j]);
    return { x: x0 + ((bits >> 12) / LEVELS) * span, y: y0 + ((bits & 4095) / LEVELS) * span };
  };
  const out: Positions = new Map();
  if (hash === "-") {
    const known = new Set(keys);
    for (const entry of data) if (known.has(entry.slice(4))) out.set(entry.slice(4), at(entry.slice(0, 4)));
    return out;
  }
  const sorted = [...keys].sort();
  if (data[0].length !== sorted.length * 4 || keysHash(sorted) !== hash) return null;
  sorted.forEach((k, i) => out.set(k, at(data[0].slice(i * 4, i * 4 + 4))));
  return out;
}

// The network's positions in a link, compactly: every actor's x and y quantized to 12 bits inside one square box, in
// the order of the sorted actor keys, 4 base64url characters per actor (100 actors: about 430 characters). A hash of
// the key list travels with them: a link made on other data (an actor more or less) is recognised and its positions
// are not applied to the wrong actors. Above POSITIONS_MAX_NODES actors positions are not written (the link would
// pass 2,000 characters for them alone).

export type Positions = Map<string, { x: number; y: number }>;

export const POSITIONS_MAX_NODES = 500;
const LEVELS = 4095; // 12 bits per axis
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const NUM = "-?\\d+(?:\\.\\d+)?";
/** hash,x0,y0,span,data */
export const POSITIONS_RE = new RegExp(
  `^[0-9a-z]{1,7},${NUM},${NUM},${NUM},[A-Za-z0-9_-]{4,${4 * POSITIONS_MAX_NODES}}$`,
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

/** The positions as a link value, or null when there are none or too many to write. */
export function encodePositions(positions: Positions): string | null {
  const keys = [...positions.keys()].sort();
  if (!keys.length || keys.length > POSITIONS_MAX_NODES) return null;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const { x, y } of positions.values()) {
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
  let data = "";
  for (const k of keys) {
    const p = positions.get(k)!;
    const bits = (q(p.x, x0) << 12) | q(p.y, y0);
    data += B64[(bits >> 18) & 63] + B64[(bits >> 12) & 63] + B64[(bits >> 6) & 63] + B64[bits & 63];
  }
  return [keysHash(keys), fixed2(x0), fixed2(y0), fixed2(span), data].join(",");
}

/**
 * The positions a link value holds for these actors; null when the value is malformed or was made for another set of
 * actors (then the data changed since the link was made, and the layout is computed afresh).
 */
export function decodePositions(code: string, keys: Iterable<string>): Positions | null {
  if (!POSITIONS_RE.test(code)) return null;
  const [hash, sx0, sy0, sspan, data] = code.split(",");
  const sorted = [...keys].sort();
  if (data.length !== sorted.length * 4 || keysHash(sorted) !== hash) return null;
  const x0 = Number(sx0);
  const y0 = Number(sy0);
  const span = Number(sspan);
  if (!(span > 0)) return null;
  const out: Positions = new Map();
  sorted.forEach((k, i) => {
    let bits = 0;
    for (let j = 0; j < 4; j++) bits = (bits << 6) | B64.indexOf(data[i * 4 + j]);
    out.set(k, { x: x0 + ((bits >> 12) / LEVELS) * span, y: y0 + ((bits & 4095) / LEVELS) * span });
  });
  return out;
}

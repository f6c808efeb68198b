// Positions in a link: quantized, compact, bound to the actor set they were made for.
import { describe, expect, it } from "vitest";
import {
  POSITIONS_MAX_KEYED,
  POSITIONS_MAX_NODES,
  decodePositions,
  encodePositions,
  keysHash,
  type Positions,
} from "../../../client/src/core/positions/index.js";
import { decodeViewState, encodeViewState, DEFAULT_VIEW } from "../../../client/src/core/url-state/index.js";

/** n actors with slug-like keys, spread like a ForceAtlas2 layout (hundreds of units, negative and positive). */
function layout(n: number, seed = 7): Positions {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const out: Positions = new Map();
  for (let i = 0; i < n; i++)
    out.set(`armed-group-${i.toString(36)}-${i % 7 ? "sahel" : "mali"}`, { x: rnd() * 480, y: rnd() * 260 });
  return out;
}

describe("positions in a link", () => {
  it("round-trips every actor within 1/4095 of the layout's extent", () => {
    const pos = layout(100);
    const code = encodePositions(pos)!;
    const back = decodePositions(code, pos.keys())!;
    expect(back.size).toBe(100);
    const extent = 960;
    for (const [k, p] of pos) {
      expect(Math.abs(back.get(k)!.x - p.x)).toBeLessThan(extent / 4095);
      expect(Math.abs(back.get(k)!.y - p.y)).toBeLessThan(extent / 4095);
    }
  });

  it("keeps a link with 100 actors short (4 characters an actor) and writes none above the bound", () => {
    const code = encodePositions(layout(100))!;
    expect(code.length).toBeLessThan(440);
    const q = encodeViewState({ ...DEFAULT_VIEW, positions: code });
    expect(q.length).toBeLessThan(460);
    expect(encodePositions(layout(POSITIONS_MAX_NODES))!.length).toBeLessThan(4 * POSITIONS_MAX_NODES + 40);
    // Above the bound, nothing unless actors were moved by hand.
    expect(encodePositions(layout(POSITIONS_MAX_NODES + 1))).toBeNull();
    expect(encodePositions(new Map())).toBeNull();
  });

  it("does not apply positions made for another set of actors", () => {
    const pos = layout(20);
    const code = encodePositions(pos)!;
    const keys = [...pos.keys()];
    expect(decodePositions(code, keys.slice(1))).toBeNull();
    expect(decodePositions(code, [...keys.slice(1), "zz-newcomer"])).toBeNull();
    // The order the keys come in does not matter.
    expect(decodePositions(code, [...keys].reverse())).not.toBeNull();
    expect(keysHash(["a", "b"])).not.toBe(keysHash(["ab"]));
  });

  it("keeps one actor and actors on one line (a zero-width box)", () => {
    const one: Positions = new Map([["jnim", { x: 12.3, y: -4 }]]);
    const back = decodePositions(encodePositions(one)!, ["jnim"])!;
    expect(back.get("jnim")!.x).toBeCloseTo(12.3, 1);
    expect(back.get("jnim")!.y).toBeCloseTo(-4, 1);
  });

  it("above the bound, carries the actors moved by hand with their keys, and applies those the graph has", () => {
    const big = layout(1200);
    const keys = [...big.keys()];
    const moved = [keys[3], keys[700], keys[1100]];
    const code = encodePositions(big, [...moved, "not-in-graph"])!;
    expect(code.startsWith("-,")).toBe(true);
    expect(code.length).toBeLessThan(3 * (4 + 30) + 40);
    expect(decodeViewState(`pos=${code}`).positions).toBe(code);
    const back = decodePositions(code, keys)!;
    expect([...back.keys()].sort()).toEqual([...moved].sort());
    for (const k of moved) {
      expect(Math.abs(back.get(k)!.x - big.get(k)!.x)).toBeLessThan(960 / 4095);
      expect(Math.abs(back.get(k)!.y - big.get(k)!.y)).toBeLessThan(960 / 4095);
    }
    // On data without one of them, the others still apply.
    expect(
      [
        ...decodePositions(
          code,
          keys.filter((k) => k !== moved[1]),
        )!.keys(),
      ].sort(),
    ).toEqual([moved[0], moved[2]].sort());
    // At most POSITIONS_MAX_KEYED of them.
    const many = encodePositions(big, keys.slice(0, 300))!;
    expect(many.split(",").length).toBe(4 + POSITIONS_MAX_KEYED);
    expect(decodeViewState(`pos=${many}`).positions).toBe(many);
  });

  it("ignores malformed values in a link", () => {
    const pos = layout(3);
    const code = encodePositions(pos)!;
    expect(decodePositions(code.slice(0, -1), pos.keys())).toBeNull();
    expect(decodePositions(code.replace(/,[^,]+$/, ",A$AAB"), pos.keys())).toBeNull();
    expect(decodeViewState(`pos=${encodeURIComponent("<script>")}`).positions).toBeNull();
    expect(decodeViewState(`pos=${code}&pin=jnim,BAD KEY`).pinned).toEqual(["jnim"]);
    expect(decodeViewState(`pos=${code}`).positions).toBe(code);
  });
});

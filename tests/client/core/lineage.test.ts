// Lineage layout: the genealogy GSPC -> AQIM -> MUJAO -> al-Mourabitoun -> JNIM / ISGS reads left to right.
import { describe, expect, it } from "vitest";
import {
  lineageLayout,
  lineageLinks,
  type LineageEdge,
  type LineageNode,
} from "../../../client/src/core/lineage/index.js";
import { toDay } from "../../../client/src/core/filters/index.js";

const n = (key: string, founded?: string): LineageNode => ({ key, fromDay: toDay(founded) });
const e = (source: string, type: LineageEdge["type"], target: string, since?: string): LineageEdge => ({
  key: `${source}-${type}-${target}`,
  source,
  target,
  type,
  fromDay: toDay(since),
});

const nodes = [
  n("gia"),
  n("gspc", "1998"),
  n("aqim", "2007"),
  n("mujao", "2011-10"),
  n("al-mulathamun", "2012-12"),
  n("al-mourabitoun", "2013-08"),
  n("jnim", "2017-03-02"),
  n("is-sahel", "2015-05"),
  n("ansar-dine", "2011-12"),
  n("gatia", "2014-08-14"),
  n("platform", "2014-06-14"),
  n("fama"),
];
const edges = [
  e("gspc", "SPLINTER_OF", "gia", "1998"),
  e("gspc", "MERGED_INTO", "aqim", "2007"),
  e("mujao", "SPLINTER_OF", "aqim", "2011"),
  e("al-mulathamun", "SPLINTER_OF", "aqim", "2012-12"),
  e("mujao", "MERGED_INTO", "al-mourabitoun", "2013-08"),
  e("al-mulathamun", "MERGED_INTO", "al-mourabitoun", "2013-08"),
  e("al-mourabitoun", "PART_OF", "jnim", "2017-03-02"),
  e("ansar-dine", "PART_OF", "jnim", "2017-03-02"),
  e("is-sahel", "SPLINTER_OF", "al-mourabitoun", "2015-05"),
  e("gatia", "PART_OF", "platform", "2014-08-14"),
  e("gatia", "ALLIED_WITH", "fama", "2014-08-14"),
];

describe("lineageLinks", () => {
  it("reads descent from splinters (reversed), mergers and founding memberships only", () => {
    const links = lineageLinks(nodes, edges);
    expect(links).toContainEqual({ edge: "mujao-SPLINTER_OF-aqim", ancestor: "aqim", descendant: "mujao" });
    expect(links).toContainEqual({ edge: "gspc-MERGED_INTO-aqim", ancestor: "gspc", descendant: "aqim" });
    expect(links).toContainEqual({
      edge: "al-mourabitoun-PART_OF-jnim",
      ancestor: "al-mourabitoun",
      descendant: "jnim",
    });
    // GATIA joined the Platform two months after its founding: membership, not descent. Alliances never are.
    expect(links.some((l) => l.edge === "gatia-PART_OF-platform" || l.edge === "gatia-ALLIED_WITH-fama")).toBe(false);
  });
});

describe("lineageLayout", () => {
  it("is empty without lineage ties", () => {
    const l = lineageLayout([n("a"), n("b")], [e("a", "ALLIED_WITH", "b")]);
    expect(l.positions.size).toBe(0);
  });

  it("lays the Sahel genealogy out in time order, oldest on top", () => {
    const { positions, edges: lineageEdges } = lineageLayout(nodes, edges);
    const x = (k: string) => -positions.get(k)!.y;
    expect(x("gspc")).toBeLessThan(x("aqim"));
    expect(x("aqim")).toBeLessThan(x("mujao"));
    expect(x("mujao")).toBeLessThan(x("al-mourabitoun"));
    expect(x("al-mourabitoun")).toBeLessThan(x("is-sahel"));
    expect(x("is-sahel")).toBeLessThan(x("jnim"));
    expect(positions.has("fama")).toBe(false);
    expect(lineageEdges.has("gatia-ALLIED_WITH-fama")).toBe(false);
  });

  it("places an undated ancestor before its first tie", () => {
    const { positions } = lineageLayout(nodes, edges);
    expect(positions.get("gia")!.y).toBeGreaterThan(positions.get("gspc")!.y);
  });

  it("keeps the main line of descent in one column and puts younger branches in columns of their own", () => {
    const { positions } = lineageLayout(nodes, edges);
    const y = (k: string) => positions.get(k)!.x;
    for (const k of ["gspc", "aqim", "mujao", "al-mourabitoun"]) expect(y(k)).toBe(y("gia"));
    expect(y("al-mulathamun")).not.toBe(y("aqim"));
    // al-Mourabitoun's oldest offspring (ISGS, 2015) continues the column; JNIM (2017) opens another.
    expect(y("is-sahel")).toBe(y("al-mourabitoun"));
    expect(y("jnim")).not.toBe(y("al-mourabitoun"));
  });

  it("never puts two actors at the same point", () => {
    const { positions } = lineageLayout(nodes, edges);
    const points = [...positions.values()].map((p) => `${p.x},${p.y}`);
    expect(new Set(points).size).toBe(points.length);
  });

  it("restricts to the lineage of given actors", () => {
    const { positions } = lineageLayout(
      [...nodes, n("a", "2000"), n("b", "2001")],
      [...edges, e("b", "SPLINTER_OF", "a", "2001")],
      ["b"],
    );
    expect([...positions.keys()].sort()).toEqual(["a", "b"]);
  });

  it("is deterministic", () => {
    expect(lineageLayout(nodes, edges)).toEqual(lineageLayout([...nodes].reverse(), [...edges].reverse()));
  });
});

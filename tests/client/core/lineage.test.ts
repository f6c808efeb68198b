// Lineage: which ties are lineage, an actor's own family, rows by founding year (undated actors placed from their
// ties, never given a date), and the ELK layout: nothing overlaps, years increase down the drawing, deterministic.
import { describe, expect, it } from "vitest";
import {
  familyOf,
  lineageLabel,
  lineageLinks,
  planLineage,
  type LineageEdge,
  type LineageNode,
} from "../../../client/src/core/lineage/index.js";
import { layoutLineage } from "../../../client/src/core/lineage/layout.js";
import { toDay } from "../../../client/src/core/filters/index.js";

const n = (key: string, founded?: string): LineageNode => ({ key, fromDay: toDay(founded) });
const e = (source: string, type: LineageEdge["type"], target: string, since?: string): LineageEdge => ({
  key: `${source}-${type}-${target}`,
  source,
  target,
  type,
  fromDay: toDay(since),
});

// The seeds' Sahel genealogy (dates as in seeds/, but the GIA left undated as it was before its 1992-2004 dates were
// sourced: the undated case), al-Qaeda and the Islamic State undated as they are there.
const nodes = [
  n("gia"),
  n("gspc", "1998"),
  n("al-qaeda"),
  n("islamic-state"),
  n("aqim", "2007"),
  n("mujao", "2011-10"),
  n("al-mulathamun", "2012-12"),
  n("al-mourabitoun", "2013-08"),
  n("jnim", "2017-03-02"),
  n("is-sahel", "2015-05"),
  n("ansar-dine", "2011-12"),
  n("gatia", "2014-08-14"),
  n("platform", "2014-06-14"),
  n("maa-platform", "2014"),
  n("fama"),
];
const edges = [
  e("gspc", "SPLINTER_OF", "gia", "1998"),
  e("gspc", "AFFILIATED_WITH", "al-qaeda", "2006"),
  e("gspc", "MERGED_INTO", "aqim", "2007"),
  e("aqim", "AFFILIATED_WITH", "al-qaeda", "2007"),
  e("islamic-state", "SPLINTER_OF", "al-qaeda", "2014"),
  e("mujao", "SPLINTER_OF", "aqim", "2011"),
  e("al-mulathamun", "SPLINTER_OF", "aqim", "2012-12"),
  e("mujao", "MERGED_INTO", "al-mourabitoun", "2013-08"),
  e("al-mulathamun", "MERGED_INTO", "al-mourabitoun", "2013-08"),
  e("al-mourabitoun", "PART_OF", "jnim", "2017-03-02"),
  e("ansar-dine", "PART_OF", "jnim", "2017-03-02"),
  e("is-sahel", "SPLINTER_OF", "al-mourabitoun", "2015-05"),
  e("is-sahel", "PLEDGED_TO", "islamic-state", "2015-05"),
  e("maa-platform", "PART_OF", "platform", "2014-06-14"),
  e("gatia", "PART_OF", "platform", "2014-08-14"),
  e("gatia", "ALLIED_WITH", "fama", "2014-08-14"),
];

/** Characters of 7.5 px, discs of 6: close enough to the browser's font for the geometry to be checked. */
const measure = (_k: string, label: string) => ({ radius: 6, labelWidth: label.length * 7.5, labelHeight: 17 });
const layout = (family?: string, maxRowWidth?: number) =>
  layoutLineage(nodes, edges, { family, label: (k) => k.toUpperCase(), measure, maxRowWidth });

describe("lineageLinks", () => {
  it("reads descent from splinters (reversed), mergers and founding memberships, allegiance from pledges", () => {
    const links = lineageLinks(nodes, edges);
    const link = (edge: string, ancestor: string, descendant: string, kind: string) => ({
      edge,
      ancestor,
      descendant,
      kind,
    });
    for (const expected of [
      link("mujao-SPLINTER_OF-aqim", "aqim", "mujao", "descent"),
      link("gspc-MERGED_INTO-aqim", "gspc", "aqim", "descent"),
      link("al-mourabitoun-PART_OF-jnim", "al-mourabitoun", "jnim", "descent"),
      link("is-sahel-PLEDGED_TO-islamic-state", "islamic-state", "is-sahel", "allegiance"),
    ])
      expect(links).toContainEqual(expected);
    // GATIA joined the Platform two months after its founding: membership, not descent. Alliances never are.
    expect(links.some((l) => l.edge === "gatia-PART_OF-platform" || l.edge === "gatia-ALLIED_WITH-fama")).toBe(false);
  });
});

describe("familyOf", () => {
  it("is an actor's ancestors and descendants, not its cousins", () => {
    const fam = familyOf(lineageLinks(nodes, edges), "mujao");
    expect([...fam].sort()).toEqual(["al-mourabitoun", "al-qaeda", "aqim", "gia", "gspc", "is-sahel", "jnim", "mujao"]);
    // Al-Mulathamun is AQIM's other splinter, Ansar Dine JNIM's other founder, the IS IS Sahel's other parent.
    for (const k of ["al-mulathamun", "ansar-dine", "islamic-state"]) expect(fam.has(k)).toBe(false);
  });
});

describe("planLineage", () => {
  it("puts each actor in the band of its founding year, an ancestor a row above a same-year descendant", () => {
    const plan = planLineage(nodes, edges);
    const year = (k: string) => plan.dates.get(k)!.year;
    expect([year("gspc"), year("aqim"), year("mujao"), year("jnim")]).toEqual([1998, 2007, 2011, 2017]);
    expect(plan.row.get("maa-platform")).toBeLessThan(plan.row.get("platform")!); // both 2014, founder first
    expect(plan.members).not.toContain("fama");
    expect(plan.bands.map((b) => b.year)).toEqual([...plan.bands.map((b) => b.year)].sort((a, b) => a - b));
  });

  it("gives an undated actor no date: it is drawn at its earliest dated tie, above its descendants", () => {
    const plan = planLineage(nodes, edges);
    expect(plan.dates.get("gia")).toEqual({ year: 1998, founded: null, by: 1998 });
    expect(plan.row.get("gia")).toBeLessThan(plan.row.get("gspc")!);
    // al-Qaeda is first tied in 2006 (the GSPC's affiliation), the Islamic State in 2014 (its split): not one point.
    expect(plan.dates.get("al-qaeda")).toEqual({ year: 2006, founded: null, by: 2006 });
    expect(plan.dates.get("islamic-state")).toEqual({ year: 2014, founded: null, by: 2014 });
    expect(lineageLabel("GIA", plan.dates.get("gia"))).toBe("GIA (by 1998)");
    expect(lineageLabel("GSPC", plan.dates.get("gspc"))).toBe("GSPC (1998)");
  });

  it("puts an actor with no dated tie just below its ancestor, and one with nothing at all in the first band", () => {
    const plan = planLineage(
      [n("a", "2001"), n("b"), n("c"), n("d")],
      [e("b", "SPLINTER_OF", "a"), e("c", "MERGED_INTO", "d")],
    );
    expect(plan.dates.get("b")).toEqual({ year: 2001, founded: null, by: null });
    expect(plan.row.get("b")).toBe(plan.row.get("a")! + 1);
    expect(lineageLabel("B", plan.dates.get("b"))).toBe("B (?)");
    expect(plan.dates.get("c")!.year).toBe(2001);
  });

  it("wraps a crowded year onto more rows", () => {
    const many = Array.from({ length: 6 }, (_, i) => n(`m${i}`, "2014"));
    const ties = many.map((m) => e(m.key, "SPLINTER_OF", "root"));
    const all = [n("root", "2010"), ...many];
    expect(planLineage(all, ties).bands.find((b) => b.year === 2014)!.rows).toBe(1);
    const wrapped = planLineage(all, ties, { width: () => 100, maxRowWidth: 250 });
    expect(wrapped.bands.find((b) => b.year === 2014)!.rows).toBe(3);
  });

  it("shows an actor without lineage ties alone, undated in a band the axis marks '?'", () => {
    const plan = planLineage(nodes, edges, { family: "fama" });
    expect(plan.members).toEqual(["fama"]);
    expect(plan.dates.get("fama")).toEqual({ year: 0, founded: null, by: null });
    expect(plan.bands).toEqual([{ year: 0, firstRow: 0, rows: 1 }]);
  });

  it("survives a cycle in bad data", () => {
    const plan = planLineage(
      [n("a", "2000"), n("b", "2000")],
      [e("a", "SPLINTER_OF", "b"), e("b", "SPLINTER_OF", "a")],
    );
    expect(plan.members).toEqual(["a", "b"]);
  });
});

describe("layoutLineage (ELK)", () => {
  it("never lets two actors' discs or labels overlap, even with crowded rows", async () => {
    for (const d of [await layout(), await layout(undefined, 200), await layout("mujao")]) {
      const boxes = [...d.boxes];
      expect(boxes.length).toBe(d.plan.members.length);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i][1], boxes[j][1]];
          const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
          expect(overlap, `${boxes[i][0]} / ${boxes[j][0]}`).toBe(false);
        }
    }
  });

  it("runs the years down the axis: older bands higher, each actor at or below its year's tick", async () => {
    const d = await layout();
    const ys = d.axis.map((t) => t.y);
    expect(ys).toEqual([...ys].sort((a, b) => b - a)); // sigma's y grows upwards
    expect(d.axis.map((t) => t.year)).toEqual([...d.axis.map((t) => t.year)].sort((a, b) => a - b));
    for (const [k, p] of d.positions) {
      const year = d.plan.dates.get(k)!.year;
      const i = d.axis.findIndex((t) => t.year === year);
      expect(p.y, k).toBeLessThanOrEqual(d.axis[i].y);
      expect(p.y, k).toBeLessThan(d.axis[i].top);
      if (i + 1 < d.axis.length) expect(p.y, k).toBeGreaterThan(d.axis[i + 1].top);
    }
    const y = (k: string) => d.positions.get(k)!.y;
    expect(y("gia")).toBeGreaterThan(y("gspc"));
    expect(y("gspc")).toBeGreaterThan(y("aqim"));
    expect(y("aqim")).toBeGreaterThan(y("mujao"));
    expect(y("mujao")).toBeGreaterThan(y("al-mourabitoun"));
    expect(y("al-mourabitoun")).toBeGreaterThan(y("is-sahel"));
    expect(y("is-sahel")).toBeGreaterThan(y("jnim"));
  });

  it("shows a family only: its members and the ties among them", async () => {
    const d = await layout("mujao");
    expect(d.plan.members).toEqual(["al-mourabitoun", "al-qaeda", "aqim", "gia", "gspc", "is-sahel", "jnim", "mujao"]);
    expect(d.plan.links.map((l) => l.edge)).not.toContain("is-sahel-PLEDGED_TO-islamic-state");
    expect(d.families.length).toBe(1);
    const whole = await layout();
    expect(whole.families.length).toBe(2); // the jihadist line and the Platform
    expect(whole.families[0].members.length).toBeGreaterThan(whole.families[1].members.length);
  });

  it("labels undated actors and leaves room for the year axis", async () => {
    const d = await layout();
    expect(d.labels.get("gia")).toBe("GIA (by 1998)");
    expect(d.labels.get("jnim")).toBe("JNIM (2017)");
    const left = Math.min(...[...d.boxes.values()].map((b) => b.x0));
    expect(d.extent.x[0]).toBeLessThan(left - 40);
  });

  it("is deterministic", async () => {
    const a = await layout();
    const b = await layoutLineage([...nodes].reverse(), [...edges].reverse(), {
      label: (k) => k.toUpperCase(),
      measure,
    });
    expect(b.positions).toEqual(a.positions);
  });

  it("is empty without lineage ties", async () => {
    const d = await layoutLineage([n("a"), n("b")], [e("a", "ALLIED_WITH", "b")], { label: (k) => k, measure });
    expect(d.positions.size).toBe(0);
  });
});

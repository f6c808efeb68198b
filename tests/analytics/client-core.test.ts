// The explorer panel's pure core (client/src/core/analytics): colour maps, chart geometry, change lines.
import { describe, expect, it } from "vitest";
import {
  BLOC_COLORS,
  PIVOT_COLOR,
  TENSION_COLOR,
  analyticsLegend,
  blocColorMap,
  changeLines,
  communityColorMap,
  defaultDiffWindow,
  describeTriad,
  formatShare,
  seriesChart,
  tensionColorMap,
  type DiffResult,
} from "../../client/src/core/analytics/index.js";

const label = (id: string) => id.toUpperCase();

describe("analytics panel core", () => {
  it("colours actors by bloc and leaves actors without a bloc out", () => {
    const m = blocColorMap({ assignment: { jnim: 0, gatia: 0, "is-sahel": 1 } });
    expect(m.get("jnim")).toBe(BLOC_COLORS[0]);
    expect(m.get("gatia")).toBe(BLOC_COLORS[0]);
    expect(m.get("is-sahel")).toBe(BLOC_COLORS[1]);
    expect(m.has("gia")).toBe(false);
  });

  it("builds a legend naming each bloc by its first members, and none when off", () => {
    const legend = analyticsLegend(
      "blocs",
      { blocs: { blocs: [{ id: 0, component: 0, members: ["a", "b", "c"] }] } },
      label,
    );
    expect(legend).toEqual({
      title: "Blocs (signed balance)",
      entries: [{ label: "Bloc 1: A, B +1", color: BLOC_COLORS[0] }],
    });
    expect(analyticsLegend("none", {}, label)).toBeNull();
    expect(analyticsLegend("tensions", {}, label)!.entries.map((e) => e.color)).toEqual([PIVOT_COLOR, TENSION_COLOR]);
  });

  it("colours communities by id", () => {
    const m = communityColorMap({
      communities: [
        { id: 0, members: ["a", "b"] },
        { id: 1, members: ["c"] },
      ],
    });
    expect([m.get("a"), m.get("c")]).toEqual([BLOC_COLORS[0], BLOC_COLORS[1]]);
  });

  it("marks pivots of unbalanced triads apart from the enemies", () => {
    const m = tensionColorMap({
      unbalanced: [{ nodes: ["x", "y", "z"], pattern: "++-", pivot: "z", enemies: ["x", "y"], strength: 3 }],
    });
    expect(m.get("z")).toBe(PIVOT_COLOR);
    expect(m.get("x")).toBe(TENSION_COLOR);
    expect(m.size).toBe(3);
  });

  it("describes a ++- triad as two allies of one actor who are hostile", () => {
    expect(
      describeTriad({ nodes: ["x", "y", "z"], pattern: "++-", pivot: "z", enemies: ["x", "y"], strength: 3 }, label),
    ).toBe("X and Y both side with Z but are hostile to each other");
    expect(describeTriad({ nodes: ["a", "b", "c"], pattern: "---", strength: 3 }, label)).toBe(
      "A, B, C are all hostile to one another",
    );
  });

  it("formats shares, n/a for no triads", () => {
    expect(formatShare(null)).toBe("n/a");
    expect(formatShare(0.8333)).toBe("83%");
  });

  it("draws nothing but axes for an empty series", () => {
    const g = seriesChart([]);
    expect(g.segments).toEqual([]);
    expect(g.yTicks).toHaveLength(3);
  });

  it("breaks the balance line at years without triads and maps 100% to the top", () => {
    const g = seriesChart(
      [
        { year: 2010, at: "2010-12-31", balancedShare: 1 },
        { year: 2011, at: "2011-12-31", balancedShare: null },
        { year: 2012, at: "2012-12-31", balancedShare: 0.5 },
        { year: 2013, at: "2013-12-31", balancedShare: 0 },
      ],
      { width: 200, height: 100, currentYear: 2012 },
    );
    expect(g.segments).toHaveLength(2);
    expect(g.points).toHaveLength(3);
    expect(g.points[0]).toMatchObject({ x: g.plot.left, y: g.plot.top });
    expect(g.points[2]).toMatchObject({ x: g.plot.right, y: g.plot.bottom });
    expect(g.cursorX).toBe(g.points[1].x);
  });

  it("lists flips first, then actors and ties, in readable words", () => {
    const diff: DiffResult = {
      from: "2012",
      to: "2018",
      actors: {
        appeared: [{ id: "jnim", label: "JNIM", founded: "2017-03-02" }],
        dissolved: [{ id: "mujao", label: "MUJAO", dissolved: "2013-08" }],
      },
      ties: {
        created: [{ key: "k1", type: "PART_OF", source: "ansar-dine", target: "jnim", since: "2017-03-02" }],
        ended: [{ key: "k2", type: "ALLIED_WITH", source: "mnla", target: "ansar-dine", until: "2012-06" }],
      },
      flipped: [
        {
          a: "ansar-dine",
          b: "mnla",
          before: { sign: 1, weight: 1, types: ["ALLIED_WITH"] },
          after: { sign: -1, weight: -1, types: ["RIVAL_OF"] },
          direction: "ally->rival",
        },
      ],
      balance: { before: 0.5, after: 0.75, delta: 0.25 },
      frustration: { before: 1, after: 1, delta: 0 },
      triads: { before: 4, after: 4 },
      centrality: [],
    };
    const lines = changeLines(diff, label);
    expect(lines.map((l) => l.kind)).toEqual(["flipped", "appeared", "dissolved", "created", "ended", "balance"]);
    expect(lines[0].text).toBe("ANSAR-DINE and MNLA: allies became rivals");
    expect(lines[3].text).toBe("ANSAR-DINE part of JNIM (since 2017-03-02)");
    expect(lines[5].text).toBe("Balanced triads: 50% → 75%");
  });

  it("proposes a five-year comparison window ending at the current date, clipped to the data", () => {
    expect(defaultDiffWindow("2022-12", "1998-01-01")).toEqual({ from: "2017", to: "2022-12" });
    expect(defaultDiffWindow("2000", "1998-01-01")).toEqual({ from: "1998", to: "2000" });
    expect(defaultDiffWindow(null)).toBeNull();
  });
});

// Filters and as-of selection: which actors and ties are shown for a date and filter state.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_FILTERS,
  computeVisibility,
  countBy,
  gainsOf,
  holdsOnDay,
  isFiltered,
  toDay,
  toggleValue,
  type FilterEdge,
  type FilterNode,
} from "../../../client/src/core/filters/index.js";
import { CONFIDENCES } from "../../../server/domain/constants.js";

const node = (
  key: string,
  kind: FilterNode["kind"],
  countries: string[],
  founded?: string,
  dissolved?: string,
): FilterNode => ({
  key,
  kind,
  countries,
  fromDay: toDay(founded),
  untilDay: toDay(dissolved),
});
const edge = (
  key: string,
  source: string,
  target: string,
  type: FilterEdge["type"],
  confidence: FilterEdge["confidence"],
  since?: string,
  until?: string,
): FilterEdge => ({
  key,
  source,
  target,
  type,
  confidence,
  fromDay: toDay(since),
  untilDay: toDay(until),
});

const nodes = [
  node("aqim", "jihadist_group", ["DZA", "MLI"], "2007"),
  node("mujao", "jihadist_group", ["MLI"], "2011-10", "2013-08"),
  node("jnim", "coalition", ["MLI", "BFA"], "2017-03-02"),
  node("mnla", "separatist_movement", ["MLI"], "2011-10"),
  node("al-qaeda", "jihadist_group", []),
];
const edges = [
  edge("mujao-splinter_of-aqim", "mujao", "aqim", "SPLINTER_OF", "confirmed", "2011"),
  edge("jnim-affiliated_with-aqim", "jnim", "aqim", "AFFILIATED_WITH", "confirmed", "2017-03-02"),
  edge("mnla-allied_with-aqim", "mnla", "aqim", "ALLIED_WITH", "disputed"),
  edge("mnla-allied_with-mujao", "mnla", "mujao", "ALLIED_WITH", "probable", "2012", "2012-06"),
];

describe("as-of rule on days", () => {
  it("holds from `since` inclusive to `until` exclusive, open ends allowed", () => {
    expect(holdsOnDay("2012-01-01", "2012-01-01", "2012-06-01")).toBe(true);
    expect(holdsOnDay("2012-06-01", "2012-01-01", "2012-06-01")).toBe(false);
    expect(holdsOnDay("2011-12-31", "2012-01-01")).toBe(false);
    expect(holdsOnDay("1900-01-01")).toBe(true);
  });
});

describe("computeVisibility", () => {
  it("shows nothing for an empty graph", () => {
    const v = computeVisibility([], [], DEFAULT_FILTERS);
    expect(v.nodes.size).toBe(0);
    expect(v.edges.size).toBe(0);
  });

  it("shows every actor and tie ever when no date is set", () => {
    const v = computeVisibility(nodes, edges, DEFAULT_FILTERS);
    expect(v.nodes.size).toBe(5);
    expect(v.edges.size).toBe(4);
  });

  it("hides JNIM in 2012 and shows it in 2018", () => {
    expect(computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, at: "2012" }).nodes.has("jnim")).toBe(false);
    expect(computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, at: "2018" }).nodes.has("jnim")).toBe(true);
  });

  it("hides actors after their dissolution and the ties touching them", () => {
    const v = computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, at: "2014" });
    expect(v.nodes.has("mujao")).toBe(false);
    expect(v.edges.has("mujao-splinter_of-aqim")).toBe(false);
  });

  it("applies since <= at < until to ties (a month-precision until ends that month)", () => {
    expect(
      computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, at: "2012-05" }).edges.has("mnla-allied_with-mujao"),
    ).toBe(true);
    expect(
      computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, at: "2012-06" }).edges.has("mnla-allied_with-mujao"),
    ).toBe(false);
  });

  it("keeps undated ties at every date", () => {
    expect(computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, at: "2012" }).edges.has("mnla-allied_with-aqim")).toBe(
      true,
    );
  });

  it("filters ties by type and confidence", () => {
    const v = computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, types: ["ALLIED_WITH"], confidence: ["probable"] });
    expect([...v.edges]).toEqual(["mnla-allied_with-mujao"]);
  });

  it("filters actors by kind and drops ties whose ends are hidden", () => {
    const v = computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, kinds: ["jihadist_group"] });
    expect([...v.nodes].sort()).toEqual(["al-qaeda", "aqim", "mujao"]);
    expect([...v.edges]).toEqual(["mujao-splinter_of-aqim"]);
  });

  it("filters actors by country (any of theirs) and hides actors with no country then", () => {
    const v = computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, countries: ["BFA"] });
    expect([...v.nodes]).toEqual(["jnim"]);
  });

  it("shows curated or provisional (imported, unreviewed) actors on request", () => {
    const withProvisional = [...nodes, { ...node("katiba-serma", "jihadist_group", ["MLI"]), provisional: true }];
    const imported = [...edges, edge("clash:jnim:katiba-serma", "jnim", "katiba-serma", "CLASHED_WITH", "confirmed")];
    const all = computeVisibility(withProvisional, imported, DEFAULT_FILTERS);
    expect(all.nodes.has("katiba-serma")).toBe(true);
    const curated = computeVisibility(withProvisional, imported, { ...DEFAULT_FILTERS, curation: ["curated"] });
    expect(curated.nodes.has("katiba-serma")).toBe(false);
    expect(curated.edges.has("clash:jnim:katiba-serma")).toBe(false);
    expect(curated.nodes.size).toBe(nodes.length);
    const review = computeVisibility(withProvisional, imported, { ...DEFAULT_FILTERS, curation: ["provisional"] });
    expect([...review.nodes]).toEqual(["katiba-serma"]);
    expect(isFiltered({ ...DEFAULT_FILTERS, curation: ["curated"] })).toBe(true);
  });

  it("hides isolated actors on request", () => {
    const v = computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, types: ["SPLINTER_OF"], hideIsolated: true });
    expect([...v.nodes].sort()).toEqual(["aqim", "mujao"]);
  });

  it("shows no tie when the type list is empty", () => {
    expect(computeVisibility(nodes, edges, { ...DEFAULT_FILTERS, types: [] }).edges.size).toBe(0);
  });
});

describe("toggleValue", () => {
  it("turns a value off starting from 'all'", () => {
    expect(toggleValue(null, "alleged", CONFIDENCES)).toEqual(["confirmed", "probable", "disputed"]);
  });
  it("collapses back to null (no restriction) when every value is on again", () => {
    expect(toggleValue(["confirmed", "probable", "disputed"], "alleged", CONFIDENCES)).toBeNull();
  });
  it("keeps the closed set's order", () => {
    expect(toggleValue(["disputed"], "confirmed", CONFIDENCES)).toEqual(["confirmed", "disputed"]);
  });
});

describe("countBy and isFiltered", () => {
  it("counts single and list values", () => {
    const byCountry = countBy(["aqim", "jnim"], (k) => nodes.find((n) => n.key === k)!.countries);
    expect(Object.fromEntries(byCountry)).toEqual({ DZA: 1, MLI: 2, BFA: 1 });
  });
  it("says whether any facet restricts the view (the date does not count)", () => {
    expect(isFiltered({ ...DEFAULT_FILTERS, at: "2012" })).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTERS, kinds: [] })).toBe(true);
  });
});

describe("what an unchecked value would add", () => {
  it("counts the ties a left-out tie type or confidence would add, at the date", () => {
    const f = { ...DEFAULT_FILTERS, types: ["SPLINTER_OF" as const] };
    expect(Object.fromEntries(gainsOf(nodes, edges, f, "types"))).toEqual({ AFFILIATED_WITH: 1, ALLIED_WITH: 2 });
    // In 2013 the probable MNLA-MUJAO alliance had ended: ALLIED_WITH adds one tie only.
    expect(gainsOf(nodes, edges, { ...f, at: "2013" }, "types").get("ALLIED_WITH")).toBe(1);
    const conf = gainsOf(nodes, edges, { ...DEFAULT_FILTERS, confidence: ["confirmed"] }, "confidence");
    expect(Object.fromEntries(conf)).toEqual({ disputed: 1, probable: 1 });
  });

  it("counts the actors a left-out kind or country would add, and nothing for a filter that leaves nothing out", () => {
    const kinds = gainsOf(nodes, edges, { ...DEFAULT_FILTERS, kinds: ["jihadist_group"] }, "kinds");
    expect(Object.fromEntries(kinds)).toEqual({ coalition: 1, separatist_movement: 1 });
    // JNIM is in Mali too: checking BFA beside MLI adds no actor (0, not the 1 actor BFA has).
    const countries = gainsOf(nodes, edges, { ...DEFAULT_FILTERS, countries: ["MLI"] }, "countries");
    expect(Object.fromEntries(countries)).toEqual({ BFA: 0, DZA: 0 });
    expect(gainsOf(nodes, edges, DEFAULT_FILTERS, "kinds").size).toBe(0);
  });

  it("counts only what would be on screen (focus)", () => {
    const focus = new Set(["aqim", "mujao"]);
    const narrow = (v: { nodes: Set<string>; edges: Set<string> }) => ({
      nodes: new Set([...v.nodes].filter((k) => focus.has(k))),
      edges: new Set([...v.edges].filter((k) => k.startsWith("mujao-splinter"))),
    });
    const f = { ...DEFAULT_FILTERS, types: ["ALLIED_WITH" as const] };
    expect(gainsOf(nodes, edges, f, "types", narrow).get("SPLINTER_OF")).toBe(1);
    expect(gainsOf(nodes, edges, f, "types", narrow).get("AFFILIATED_WITH")).toBe(0);
  });
});

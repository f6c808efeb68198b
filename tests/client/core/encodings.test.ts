// Encodings: colours, sizes, tie styles, confidence and curvature for parallel ties, short labels.
import { describe, expect, it } from "vitest";
import {
  CONFIDENCE_STYLE,
  EDGE_STYLES,
  KNOWN_FAMILY_COLORS,
  NO_FAMILY_COLOR,
  assignCurvatures,
  edgeProgram,
  edgeWidth,
  familyColors,
  nodeColor,
  nodeSize,
  MAX_CLASH_WIDTH,
  MAX_NODE_SIZE,
  MIN_NODE_SIZE,
  shortLabel,
  withAlpha,
} from "../../../client/src/core/encodings/index.js";
import { GRAPH_EDGE_TYPES } from "../../../server/domain/constants.js";

describe("node encodings", () => {
  it("gives known families their fixed colour and others a deterministic palette colour", () => {
    const a = familyColors(["zeta", "al-Qaeda network", "alpha", undefined]);
    const b = familyColors(["alpha", "zeta", "al-Qaeda network"]);
    expect(a.get("al-Qaeda network")).toBe(KNOWN_FAMILY_COLORS["al-Qaeda network"]);
    expect(a).toEqual(b);
    expect(a.get("alpha")).not.toBe(a.get("zeta"));
  });
  it("colours by kind or by family, grey without a family", () => {
    const fam = familyColors(["state"]);
    expect(nodeColor("state_force", "state", "family", fam)).toBe(KNOWN_FAMILY_COLORS.state);
    expect(nodeColor("state_force", undefined, "family", fam)).toBe(NO_FAMILY_COLOR);
    expect(nodeColor("coalition", "state", "kind", fam)).not.toBe(NO_FAMILY_COLOR);
  });
  it("grows with activity, relative to the largest value shown", () => {
    expect(nodeSize(0, 0, "activity", 10)).toBeLessThan(nodeSize(4, 1, "activity", 10));
    expect(nodeSize(4, 10, "degree", 10)).toBe(nodeSize(4, 0, "degree", 10));
    // The busiest actor is the largest whatever its scale: 20 events or 40,000.
    expect(nodeSize(2, 9, "activity", 20)).toBe(MAX_NODE_SIZE);
    expect(nodeSize(10, 20_000, "activity", 40_010)).toBe(MAX_NODE_SIZE);
    // An actor with a quarter of the top value is half as wide above the minimum (area follows the value).
    expect(nodeSize(0, 5_000, "activity", 40_000)).toBeCloseTo(MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) / 2);
    expect(nodeSize(0, 0, "activity", 0)).toBe(MIN_NODE_SIZE);
  });
});

describe("edge encodings", () => {
  it("gives every tie type its own colour", () => {
    const colors = GRAPH_EDGE_TYPES.map((t) => EDGE_STYLES[t].color);
    expect(new Set(colors).size).toBe(GRAPH_EDGE_TYPES.length);
  });
  it("draws arrows for directed types only, curves only for parallel ties", () => {
    expect(edgeProgram("SPLINTER_OF", 0)).toBe("arrow");
    expect(edgeProgram("ALLIED_WITH", 0)).toBe("line");
    expect(edgeProgram("SPLINTER_OF", 0.3)).toBe("curvedArrow");
    expect(edgeProgram("RIVAL_OF", -0.3)).toBe("curved");
    // Weak ties are dashed where straight; curves have no dashed program and stay solid (fainter).
    expect(edgeProgram("ALLIED_WITH", 0, "alleged")).toBe("dashed");
    expect(edgeProgram("SPLINTER_OF", 0, "disputed")).toBe("dashedArrow");
    expect(edgeProgram("ALLIED_WITH", 0, "probable")).toBe("line");
    expect(edgeProgram("ALLIED_WITH", 0.3, "alleged")).toBe("curved");
  });
  it("draws alleged and disputed ties fainter and thinner than confirmed ones", () => {
    expect(CONFIDENCE_STYLE.alleged.alpha).toBeLessThan(CONFIDENCE_STYLE.confirmed.alpha);
    expect(CONFIDENCE_STYLE.disputed.alpha).toBeLessThan(CONFIDENCE_STYLE.probable.alpha);
    expect(edgeWidth("ALLIED_WITH", "disputed")).toBeLessThan(edgeWidth("ALLIED_WITH", "confirmed"));
  });
  it("thickens clashes with their event count, relative to the most frequent clash shown", () => {
    expect(edgeWidth("CLASHED_WITH", "confirmed", 8, 8)).toBeGreaterThan(edgeWidth("CLASHED_WITH", "confirmed", 1, 8));
    expect(edgeWidth("CLASHED_WITH", "confirmed", 3, 3)).toBe(MAX_CLASH_WIDTH);
    expect(edgeWidth("CLASHED_WITH", "confirmed", 3_000, 3_000)).toBe(MAX_CLASH_WIDTH);
    expect(edgeWidth("CLASHED_WITH", "confirmed", 30, 3_000)).toBeLessThan(MAX_CLASH_WIDTH - 1);
    expect(edgeWidth("ALLIED_WITH", "confirmed", 30, 3_000)).toBe(edgeWidth("ALLIED_WITH", "confirmed"));
  });
  it("writes translucent colours as rgba and rejects other formats", () => {
    expect(withAlpha("#ff0080", 0.5)).toBe("rgba(255,0,128,0.5)");
    expect(withAlpha("#ff0080", 1)).toBe("#ff0080");
    expect(() => withAlpha("red", 0.5)).toThrow();
  });
});

describe("assignCurvatures", () => {
  it("leaves a single tie straight", () => {
    expect(assignCurvatures([{ key: "a", source: "x", target: "y" }]).get("a")).toBe(0);
  });
  it("fans out several ties between a pair, whatever their direction", () => {
    const c = assignCurvatures([
      { key: "r1", source: "mnla", target: "ansar-dine" },
      { key: "r2", source: "ansar-dine", target: "mnla" },
      { key: "r3", source: "mnla", target: "ansar-dine" },
    ]);
    // In the pair's canonical orientation (ansar-dine -> mnla), the three curvatures are distinct and non-zero.
    const canonical = [-c.get("r1")!, c.get("r2")!, -c.get("r3")!];
    expect(new Set(canonical).size).toBe(3);
    expect(canonical.every((v) => v !== 0)).toBe(true);
  });
});

describe("shortLabel", () => {
  it("keeps short names", () => {
    expect(shortLabel("Ansar Dine", ["AAD"])).toBe("Ansar Dine");
  });
  it("uses the acronym of a long name", () => {
    expect(shortLabel("Jama'at Nusrat al-Islam wal-Muslimin", ["JNIM", "GSIM"])).toBe("JNIM");
  });
  it("falls back to the shortest alias, then to a cut name", () => {
    expect(shortLabel("Platform of the Algiers movements of 14 June 2014", ["Platform", "Plateforme"])).toBe(
      "Platform",
    );
    expect(shortLabel("x".repeat(40), [])).toHaveLength(30);
  });
});

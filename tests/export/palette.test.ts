import { describe, expect, it } from "vitest";
import { EDGE_STYLES as SCREEN_EDGES, KIND_COLORS as SCREEN_KINDS } from "../../client/src/core/encodings/index.js";
import { ACTOR_KINDS, GRAPH_EDGE_TYPES } from "../../server/domain/index.js";
import { EDGE_STYLES as EXPORT_EDGES, KIND_COLORS as EXPORT_KINDS, kindLabel } from "../../server/export/palette.js";

describe("export palette", () => {
  it.each([...GRAPH_EDGE_TYPES])("draws %s in the explorer's colour and words", (t) => {
    expect(EXPORT_EDGES[t].color).toBe(SCREEN_EDGES[t].color);
    expect(EXPORT_EDGES[t].label).toBe(SCREEN_EDGES[t].label);
  });

  it("colours every actor kind as the explorer does", () => {
    for (const k of ACTOR_KINDS) expect(EXPORT_KINDS[k]).toBe(SCREEN_KINDS[k]);
    expect(kindLabel("separatist_movement")).toBe("Separatist / rebel movement");
  });
});

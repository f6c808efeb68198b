// The explorer's pure export helpers (client/src/core/export): the visible subgraph back to the wire format, the
// picture, the PNG legend layout (and the map picture's), file names; and the palette's dark-background rule used by
// both pictures.
import { describe, expect, it } from "vitest";
import {
  filenameFromDisposition,
  legendRows,
  pictureFilename,
  toSerializedGraph,
  viewSvg,
  type ViewEdge,
  type ViewNode,
} from "../../client/src/core/export/index.js";
import { mapLegendRows } from "../../client/src/views/map/export.js";
import { isDarkColor } from "../../server/export/palette.js";
import { contentDisposition } from "../../server/http/routes/export.js";
import { HOSTILE } from "./fixtures.js";

const nodes: ViewNode[] = [
  {
    key: "a",
    attributes: {
      label: "A…",
      fullLabel: HOSTILE.quotes,
      kind: "jihadist_group",
      aliases: ["x"],
      countries: ["MLI"],
      eventCount: 3,
      x: 1,
      y: 2,
    },
    x: 10,
    y: 20,
    size: 8,
    color: "#ff0000",
  },
  { key: "b", attributes: { label: "B", kind: "state_force" }, x: 50, y: 60, size: 4, color: "#00ff00" },
];
const edges: ViewEdge[] = [
  {
    key: "r1",
    source: "a",
    target: "b",
    undirected: false,
    attributes: {
      relType: "SUPPORTS",
      since: "2013",
      confidence: "alleged",
      sources: [{ sourceId: "s" }],
      curvature: 0.2,
      size: 3,
      color: "#123",
    },
  },
  { key: "r2", source: "a", target: "hidden", undirected: true, attributes: { relType: "ALLIED_WITH" } },
];

describe("client export core", () => {
  it("turns the visible sigma graph back into the /api/graph serialization", () => {
    const g = toSerializedGraph(nodes, edges, { at: "2022-11-01" });
    expect(g.attributes).toEqual({ at: "2022-11-01" });
    expect(g.nodes[0]).toEqual({
      key: "a",
      attributes: {
        label: HOSTILE.quotes,
        kind: "jihadist_group",
        countries: ["MLI"],
        provisional: false,
        aliases: ["x"],
        eventCount: 3,
      },
    });
    expect(g.edges).toEqual([
      {
        key: "r1",
        source: "a",
        target: "b",
        undirected: false,
        attributes: { since: "2013", confidence: "alleged", sources: [{ sourceId: "s" }], type: "SUPPORTS" },
      },
    ]);
  });

  it("draws the view as SVG with the shown colours and the given legend", () => {
    const svg = viewSvg(nodes, edges, [{ kind: "node", label: "al-Qaeda network", color: "#ff0000" }], {
      width: 400,
      height: 300,
      background: "#ffffff",
      legend: true,
    });
    expect(svg).toContain('fill="#ff0000"');
    expect(svg).toContain(">al-Qaeda network</text>");
    expect(svg.match(/<path d=/g)).toHaveLength(2); // one edge + one arrowhead marker path
  });

  it("wraps legend rows to the canvas width", () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ kind: "node" as const, label: `item ${i}`, color: "#000" }));
    const rows = legendRows(items, 300, (t) => t.length * 7);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row[0].x).toBe(16);
    expect(rows.flat()).toHaveLength(6);
  });

  it("lays the map legend out with the fatality marks on a row of their own, wrapping each part to the width", () => {
    const legend = {
      heading: "Event type",
      colours: [
        { label: "Battle", color: "#d55e00" },
        { label: "Other", color: "#6b7280" },
      ],
      marks: [
        { mark: "size" as const, label: "Area grows" },
        { mark: "ring" as const, label: "Not reported" },
      ],
    };
    const measure = (t: string) => t.length * 7;
    const labels = (rows: ReturnType<typeof mapLegendRows>) => rows.map((r) => r.map(({ item }) => item.label));
    // Wide: the colours on one row, "Fatalities:" and its marks on the next, though they would fit on the first.
    const wide = mapLegendRows(legend, 1600, measure);
    expect(labels(wide)).toEqual([
      ["Event type:", "Battle", "Other"],
      ["Fatalities:", "Area grows", "Not reported"],
    ]);
    // A heading takes no swatch room (11 characters + the gap); an entry takes its swatch, its text and the gap.
    expect(wide[0].map(({ x }) => x)).toEqual([16, 16 + 77 + 16, 16 + 77 + 16 + 20 + 42 + 16]);
    expect(labels(mapLegendRows(legend, 200, measure))).toEqual([
      ["Event type:"],
      ["Battle", "Other"],
      ["Fatalities:"],
      ["Area grows"],
      ["Not reported"],
    ]);
  });

  it("names files and reads them back from Content-Disposition", () => {
    expect(pictureFilename("png", "2022-11-01")).toBe("faultlines-view-2022-11-01.png");
    expect(pictureFilename("svg", null)).toBe("faultlines-view.svg");
    expect(filenameFromDisposition(contentDisposition("réseau.gexf"), "x")).toBe("réseau.gexf");
    expect(filenameFromDisposition('attachment; filename="a.json"', "x")).toBe("a.json");
    expect(filenameFromDisposition(null, "x")).toBe("x");
  });

  it("tells dark backgrounds from light ones", () => {
    expect(isDarkColor("#112233")).toBe(true);
    expect(isDarkColor("#000")).toBe(true);
    expect(isDarkColor("#ffffff")).toBe(false);
    expect(isDarkColor("#ffe")).toBe(false);
    expect(isDarkColor("transparent")).toBe(false);
  });
});

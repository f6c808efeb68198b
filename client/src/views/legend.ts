// Legend of the picture: node colours (by family or kind, or an external colouring), tie styles, confidence.
import { GRAPH_EDGE_TYPES } from "../../../server/domain/constants.js";
import {
  CONFIDENCE_STYLE,
  EDGE_STYLES,
  KIND_COLORS,
  KIND_LABELS,
  NO_FAMILY_COLOR,
  withAlpha,
  type ColorBy,
} from "../core/encodings/index.js";
import { h, replace, swatch } from "./dom.js";

export interface LegendInput {
  colorBy: ColorBy;
  familyColors: Map<string, string>;
  override: { title: string; entries: { label: string; color: string }[] } | null;
  lineage: boolean;
}

export function renderLegend(el: HTMLElement, input: LegendInput): void {
  const item = (swatch: HTMLElement, label: string) => h("li", {}, swatch, label);
  const dot = (c: string) => swatch("swatch-dot", c);
  const line = (c: string, directed: boolean, dashed = false) =>
    swatch(directed ? "swatch-line directed" : dashed ? "swatch-line dashed" : "swatch-line", c);
  let nodeTitle: string;
  let nodeItems: HTMLElement[];
  if (input.override) {
    nodeTitle = input.override.title;
    nodeItems = input.override.entries.map((e) => item(dot(e.color), e.label));
  } else if (input.colorBy === "kind") {
    nodeTitle = "Actor kind";
    nodeItems = Object.entries(KIND_LABELS).map(([k, l]) => item(dot(KIND_COLORS[k as keyof typeof KIND_COLORS]), l));
  } else {
    nodeTitle = "Family";
    nodeItems = [...input.familyColors].map(([f, c]) => item(dot(c), f));
    nodeItems.push(item(dot(NO_FAMILY_COLOR), "no family"));
  }
  const types = GRAPH_EDGE_TYPES.filter((t) => !input.lineage || EDGE_STYLES[t].lineage);
  replace(
    el,
    h(
      "details",
      { open: true },
      h("summary", {}, "Legend"),
      h("h3", {}, nodeTitle),
      h("ul", {}, nodeItems),
      h(
        "details",
        { class: "sub" },
        h("summary", {}, input.lineage ? "Lineage ties" : "Ties and confidence"),
        h(
          "ul",
          {},
          types.map((t) => item(line(EDGE_STYLES[t].color, EDGE_STYLES[t].directed), EDGE_STYLES[t].label)),
        ),
        h(
          "ul",
          { class: "conf" },
          (["confirmed", "probable", "alleged", "disputed"] as const).map((c) =>
            item(
              line(withAlpha("#333333", CONFIDENCE_STYLE[c].alpha), false, CONFIDENCE_STYLE[c].dashed),
              CONFIDENCE_STYLE[c].label,
            ),
          ),
        ),
        h(
          "p",
          { class: "muted" },
          input.lineage
            ? "Rows: founding year, oldest on top (axis on the left). Part of: only a founding membership. Arrows read “A splinter of B”. Dashed: alleged or disputed. “(by 2006)”: no founding date known; drawn at its earliest dated tie, above its descendants. “(?)”: no date at all."
            : "Arrows: directed ties. Dashed (or faint, when curved): alleged or disputed. Curves: several ties between a pair. Size: activity.",
        ),
      ),
    ),
  );
}

// Filter panel: relationship types, confidence, curation, actor kinds and countries as checkbox groups with counts of what is
// shown (a checked value) or what checking would add ("+3", an unchecked one), an "only" action on each value (the
// button on hover, or the O key on the checkbox), plus the totals line ("Showing 20 of 26 actors, 41 of 60 ties").
import {
  ACTOR_KINDS,
  CONFIDENCES,
  GRAPH_EDGE_TYPES,
  type ActorKind,
  type Confidence,
  type GraphEdgeType,
} from "../../../server/domain/constants.js";
import { CONFIDENCE_STYLE, EDGE_STYLES, KIND_COLORS, KIND_LABELS, withAlpha } from "../core/encodings/index.js";
import {
  ACTOR_DIMENSIONS,
  CURATIONS,
  CURATION_LABELS,
  type Curation,
  type FilterState,
  type ListDimension,
} from "../core/filters/index.js";
import { plural } from "../../../server/domain/tolls.js";
import { h, replace, swatch } from "./dom.js";

export interface FilterCounts {
  types: Map<string, number>;
  kinds: Map<string, number>;
  countries: Map<string, number>;
  confidence: Map<string, number>;
  curation: Map<string, number>;
  /** For the values a filter leaves out: how many actors or ties checking each would add. */
  gains: Record<Dim, Map<string, number>>;
  shownNodes: number;
  totalNodes: number;
  shownEdges: number;
  totalEdges: number;
}

export interface FilterHandlers {
  toggle(dimension: Dim, value: string): void;
  only(dimension: Dim, value: string | null): void;
  setHideIsolated(v: boolean): void;
  reset(): void;
}

export type Dim = ListDimension;

export function renderFilters(
  el: HTMLElement,
  f: FilterState,
  counts: FilterCounts,
  countries: string[],
  handlers: FilterHandlers,
): void {
  const group = (
    dim: Dim,
    title: string,
    values: readonly string[],
    label: (v: string) => string,
    swatch: (v: string) => HTMLElement | null,
  ) => {
    const selected = f[dim] as readonly string[] | null;
    return h(
      "fieldset",
      { class: "filter-group", "data-dim": dim },
      h(
        "legend",
        {},
        title,
        " ",
        h(
          "button",
          {
            type: "button",
            id: `all-${dim}`,
            class: "link",
            onclick: () => handlers.only(dim, null),
            "aria-label": `Show all ${title.toLowerCase()}`,
          },
          "all",
        ),
      ),
      values.map((v) => {
        const id = `f-${dim}-${v}`;
        const checked = selected === null || selected.includes(v);
        const input = h("input", {
          type: "checkbox",
          id,
          value: v,
          checked,
          "aria-keyshortcuts": "O",
          title: "O: only this",
        });
        input.addEventListener("change", () => handlers.toggle(dim, v));
        input.addEventListener("keydown", (ev) => {
          if (ev.key !== "o" && ev.key !== "O") return;
          ev.preventDefault();
          handlers.only(dim, v);
        });
        const unit = ACTOR_DIMENSIONS.includes(dim) ? "actor" : "tie";
        const gain = counts.gains[dim].get(v) ?? 0;
        const count = checked
          ? h(
              "span",
              { class: "count", title: `${plural(counts[dim].get(v) ?? 0, unit)} shown now` },
              String(counts[dim].get(v) ?? 0),
            )
          : h("span", { class: "count gain", title: `checking it would add ${plural(gain, unit)}` }, `+${gain}`);
        return h(
          "div",
          { class: "filter-row" },
          input,
          h("label", { for: id }, swatch(v), label(v)),
          // Out of the Tab order (a button per value would add dozens of stops): the O key does the same.
          h(
            "button",
            {
              type: "button",
              class: "only link",
              tabindex: "-1",
              "aria-label": `Only ${label(v)}`,
              onclick: () => handlers.only(dim, v),
            },
            "only",
          ),
          count,
        );
      }),
    );
  };
  const line = (color: string, directed: boolean, dashed = false) =>
    swatch(directed ? "swatch-line directed" : dashed ? "swatch-line dashed" : "swatch-line", color);
  const dot = (color: string) => swatch("swatch-dot", color);
  const isolated = h("input", { type: "checkbox", id: "f-isolated", checked: f.hideIsolated });
  isolated.addEventListener("change", () => handlers.setHideIsolated(isolated.checked));

  replace(
    el,
    h("h2", {}, "Filters"),
    h(
      "p",
      { id: "shown-counts", class: "counts", "aria-live": "polite" },
      `Showing ${counts.shownNodes} of ${plural(counts.totalNodes, "actor")}, ${counts.shownEdges} of ${plural(counts.totalEdges, "tie")}`,
    ),
    h(
      "button",
      { type: "button", id: "reset-filters", class: "small", onclick: () => handlers.reset() },
      "Reset filters",
    ),
    group(
      "types",
      "Relationships",
      GRAPH_EDGE_TYPES,
      (v) => EDGE_STYLES[v as GraphEdgeType].label,
      (v) => line(EDGE_STYLES[v as GraphEdgeType].color, EDGE_STYLES[v as GraphEdgeType].directed),
    ),
    group(
      "confidence",
      "Confidence",
      CONFIDENCES,
      (v) => CONFIDENCE_STYLE[v as Confidence].label,
      (v) =>
        line(
          withAlpha("#333333", CONFIDENCE_STYLE[v as Confidence].alpha),
          false,
          CONFIDENCE_STYLE[v as Confidence].dashed,
        ),
    ),
    group(
      "curation",
      "Curation",
      CURATIONS,
      (v) => CURATION_LABELS[v as Curation],
      () => null,
    ),
    group(
      "kinds",
      "Actor kinds",
      ACTOR_KINDS,
      (v) => KIND_LABELS[v as ActorKind],
      (v) => dot(KIND_COLORS[v as ActorKind]),
    ),
    group(
      "countries",
      "Countries",
      countries,
      (v) => v,
      () => null,
    ),
    h("div", { class: "filter-row" }, isolated, h("label", { for: "f-isolated" }, "Hide actors without a shown tie")),
  );
}

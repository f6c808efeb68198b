// The genealogy's year axis: a year label at the first row of each band and a faint line where each band starts,
// kept on the graph while it pans and zooms; above it, what is shown (whole genealogy or one actor's family) and the
// way back to the whole genealogy.
import type Sigma from "sigma";
import { h, replace } from "./dom.js";

export interface AxisTick {
  year: number;
  /** Graph y of the band's first row, and of the band's top edge. */
  y: number;
  top: number;
}

export interface YearAxis {
  show(
    ticks: readonly AxisTick[],
    caption: {
      title: string;
      note: string;
      showAll: (() => void) | null;
      families: { label: string; go: () => void }[];
    },
  ): void;
  /** While the layout runs (ELK loads on first use): the caption says so, the axis waits. */
  loading(title: string): void;
  hide(): void;
}

export function mountYearAxis(stage: HTMLElement, container: HTMLElement, sigma: Sigma): YearAxis {
  const axis = h("div", { class: "year-axis", id: "year-axis", "aria-hidden": "true", hidden: true });
  const caption = h("div", { class: "lineage-caption", id: "lineage-caption", hidden: true });
  stage.append(axis, caption);
  let current: { tick: AxisTick; label: HTMLElement; line: HTMLElement }[] = [];

  const place = () => {
    if (axis.hidden) return;
    axis.style.top = `${container.offsetTop}px`;
    axis.style.height = `${container.clientHeight}px`;
    // Zoomed out, years closer than a label's height skip (the band lines stay).
    let last = -Infinity;
    for (const c of current) {
      const y = sigma.graphToViewport({ x: 0, y: c.tick.y }).y;
      const top = sigma.graphToViewport({ x: 0, y: c.tick.top }).y;
      c.label.style.transform = `translateY(${Math.round(y)}px)`;
      c.line.style.transform = `translateY(${Math.round(top)}px)`;
      c.label.hidden = y - last < 16;
      if (!c.label.hidden) last = y;
    }
  };
  sigma.on("afterRender", place);

  return {
    show(ticks, cap) {
      current = ticks.map((tick) => ({
        tick,
        label: h("span", { class: "year", "data-year": String(tick.year) }, tick.year > 0 ? String(tick.year) : "?"),
        line: h("span", { class: "band-line" }),
      }));
      replace(
        axis,
        current.map((c) => c.line),
        current.map((c) => c.label),
      );
      replace(
        caption,
        h("strong", {}, cap.title),
        " ",
        h("span", { class: "muted" }, cap.note),
        cap.showAll && h("button", { type: "button", id: "lineage-all", onclick: cap.showAll }, "Whole genealogy"),
        cap.families.length > 0 &&
          h(
            "label",
            { class: "families" },
            "Go to ",
            h(
              "select",
              {
                id: "lineage-family",
                onchange: (ev: Event) => cap.families[Number((ev.target as HTMLSelectElement).value)]?.go(),
              },
              cap.families.map((f, i) => h("option", { value: String(i) }, f.label)),
            ),
          ),
      );
      axis.hidden = false;
      caption.hidden = false;
      place();
    },
    loading(title) {
      axis.hidden = true;
      replace(caption, h("strong", {}, title), " ", h("span", { class: "muted" }, "laying out…"));
      caption.hidden = false;
    },
    hide() {
      axis.hidden = true;
      caption.hidden = true;
      current = [];
      replace(axis);
    },
  };
}

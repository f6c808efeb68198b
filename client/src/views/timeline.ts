// The time bar: a slider over the whole date range (one step a month), a play button stepping year by year, a
// "whole history" switch, and the current as-of date always shown.
import { formatDate, tickIndexOf } from "../core/time/index.js";
import { h, replace } from "./dom.js";

export interface TimelineHandlers {
  onDate(at: string | null): void;
  onPlay(): void;
}

export interface Timeline {
  update(at: string | null, playing: boolean): void;
}

export function mountTimeline(el: HTMLElement, ticks: string[], handlers: TimelineHandlers): Timeline {
  if (!ticks.length) {
    replace(el, h("p", { class: "muted" }, "No dates in the data: the time slider is off."));
    return { update() {} };
  }
  const play = h(
    "button",
    { type: "button", class: "play", "aria-label": "Play year by year", title: "Play year by year" },
    "▶",
  );
  const slider = h("input", {
    type: "range",
    id: "time-slider",
    min: 0,
    max: ticks.length - 1,
    step: 1,
    value: ticks.length - 1,
    "aria-label": "As-of date",
  });
  const readout = h("output", { id: "as-of-date", for: "time-slider", "aria-live": "polite" });
  const whole = h("input", { type: "checkbox", id: "whole-history" });
  // Year marks along the slider, every 1, 2, 5 or 10 years so that at most about 12 fit, placed where that January is.
  const firstYear = Number(ticks[0].slice(0, 4));
  const lastYear = Number(ticks[ticks.length - 1].slice(0, 4));
  const step = [1, 2, 5, 10, 20].find((n) => (lastYear - firstYear) / n <= 12) ?? 50;
  const marks: HTMLElement[] = [];
  for (let y = Math.ceil(firstYear / step) * step; y <= lastYear; y += step) {
    const i = ticks.findIndex((t) => Number(t.slice(0, 4)) >= y);
    if (i < 0) continue;
    const mark = h("span", { class: "year-mark" }, String(y));
    mark.style.left = `${(100 * i) / Math.max(1, ticks.length - 1)}%`;
    marks.push(mark);
  }
  replace(
    el,
    play,
    h("div", { class: "slider-wrap" }, slider, h("div", { class: "slider-scale", "aria-hidden": "true" }, marks)),
    h("div", { class: "date-box" }, h("span", { class: "muted" }, "as of"), readout),
    h("label", { class: "whole" }, whole, " whole history"),
  );
  slider.addEventListener("input", () => handlers.onDate(ticks[Number(slider.value)]));
  whole.addEventListener("change", () => handlers.onDate(whole.checked ? null : ticks[Number(slider.value)]));
  play.addEventListener("click", () => handlers.onPlay());
  return {
    update(at, playing) {
      whole.checked = at === null;
      slider.disabled = at === null;
      if (at !== null) slider.value = String(tickIndexOf(ticks, at));
      readout.textContent = at === null ? "all dates" : formatDate(at);
      slider.setAttribute("aria-valuetext", readout.textContent);
      play.textContent = playing ? "❚❚" : "▶";
      play.setAttribute("aria-label", playing ? "Pause" : "Play year by year");
      play.setAttribute("aria-pressed", String(playing));
    },
  };
}

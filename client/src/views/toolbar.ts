// Toolbar: view mode (network / lineage / map), layout worker start/stop, spread (noverlap), show all, colour and size
// encodings, copy link. Native buttons and selects, so every control is keyboard reachable.
import { COLOR_BY, SIZE_BY, type ColorBy, type SizeBy } from "../core/encodings/index.js";
import type { ViewMode } from "../core/url-state/index.js";
import { h, replace } from "./dom.js";

export interface ToolbarHandlers {
  setMode(m: ViewMode): void;
  toggleLayout(): void;
  spread(): void;
  showAll(): void;
  setColorBy(c: ColorBy): void;
  setSizeBy(s: SizeBy): void;
  copyLink(): Promise<boolean>;
}

export interface ToolbarState {
  mode: ViewMode;
  layoutRunning: boolean;
  focused: boolean;
  colorBy: ColorBy;
  sizeBy: SizeBy;
}

export function renderToolbar(el: HTMLElement, s: ToolbarState, handlers: ToolbarHandlers): void {
  const select = <T extends string>(id: string, label: string, values: readonly T[], value: T, on: (v: T) => void) => {
    const sel = h(
      "select",
      { id },
      values.map((v) => h("option", { value: v, selected: v === value }, v)),
    );
    sel.addEventListener("change", () => on(sel.value as T));
    return h("label", { class: "inline" }, `${label} `, sel);
  };
  const copy = h("button", { type: "button", id: "copy-link" }, "Copy link");
  copy.addEventListener("click", async () => {
    const ok = await handlers.copyLink();
    copy.textContent = ok ? "Link copied" : "Copy the address bar";
    setTimeout(() => (copy.textContent = "Copy link"), 1800);
  });
  replace(
    el,
    h(
      "div",
      { class: "segmented", role: "group", "aria-label": "View" },
      h(
        "button",
        {
          type: "button",
          id: "mode-network",
          "aria-pressed": String(s.mode === "network"),
          onclick: () => handlers.setMode("network"),
        },
        "Network",
      ),
      h(
        "button",
        {
          type: "button",
          id: "mode-lineage",
          "aria-pressed": String(s.mode === "lineage"),
          onclick: () => handlers.setMode("lineage"),
        },
        "Lineage",
      ),
      h(
        "button",
        {
          type: "button",
          id: "mode-map",
          "aria-pressed": String(s.mode === "map"),
          onclick: () => handlers.setMode("map"),
        },
        "Map",
      ),
    ),
    h(
      "button",
      {
        type: "button",
        id: "layout-toggle",
        "aria-pressed": String(s.layoutRunning),
        disabled: s.mode !== "network",
        onclick: handlers.toggleLayout,
      },
      s.layoutRunning ? "■ Stop layout" : "▶ Run layout",
    ),
    h("button", { type: "button", id: "spread", disabled: s.mode !== "network", onclick: handlers.spread }, "Spread"),
    s.focused ? h("button", { type: "button", id: "show-all", onclick: handlers.showAll }, "Show all actors") : null,
    select("color-by", "Colour", COLOR_BY, s.colorBy, handlers.setColorBy),
    select("size-by", "Size", SIZE_BY, s.sizeBy, handlers.setSizeBy),
    copy,
  );
}

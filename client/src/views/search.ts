// Alias-aware search box (combobox + listbox): asks /api/search as you type and shows which name or alias matched.
import { ApiError, api, type SearchMatch } from "../api/client.js";
import { KIND_LABELS } from "../core/encodings/index.js";
import { h, replace } from "./dom.js";

export function mountSearch(el: HTMLElement, onPick: (match: SearchMatch) => void): { focus(): void } {
  const input = h("input", {
    type: "search",
    id: "search-input",
    placeholder: "Search actors or aliases (EIS, GSIM…)",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": "search-results",
    autocomplete: "off",
    "aria-label": "Search actors by name or alias",
  });
  const list = h("ul", { id: "search-results", role: "listbox", class: "search-results", hidden: true });
  replace(el, input, list);
  let items: SearchMatch[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ctrl: AbortController | null = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const pick = (i: number) => {
    const m = items[i];
    if (!m) return;
    close();
    input.value = m.actor.name;
    onPick(m);
  };
  const draw = (message?: string) => {
    if (message) replace(list, h("li", { class: "muted", role: "option", "aria-disabled": "true" }, message));
    else
      replace(
        list,
        items.map((m, i) => {
          const aliasMatched = m.matched.kind !== "name";
          return h(
            "li",
            {
              id: `search-opt-${i}`,
              role: "option",
              "aria-selected": String(i === active),
              class: i === active ? "active" : "",
              onmousedown: (ev: Event) => (ev.preventDefault(), pick(i)),
            },
            h("strong", {}, m.actor.name),
            h(
              "span",
              { class: "muted" },
              ` · ${KIND_LABELS[m.actor.kind as keyof typeof KIND_LABELS] ?? m.actor.kind}`,
            ),
            aliasMatched
              ? h(
                  "div",
                  { class: "matched" },
                  "matched ",
                  h("mark", {}, m.matched.name),
                  ` (${m.matched.kind}${m.matched.lang ? `, ${m.matched.lang}` : ""})`,
                )
              : null,
          );
        }),
      );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `search-opt-${active}`);
  };
  // Enter pressed before the answer arrived: pick the best match as soon as it does.
  let pickWhenReady = false;
  const run = async (q: string) => {
    ctrl?.abort();
    ctrl = new AbortController();
    try {
      const res = await api.search(q, ctrl.signal);
      if (input.value.trim() !== q) return;
      items = res.items;
      active = items.length ? 0 : -1;
      draw(items.length ? undefined : `No actor matches “${q}”.`);
      if (pickWhenReady && items.length) pick(0);
      pickWhenReady = false;
    } catch (err) {
      if ((err as Error).name === "AbortError") return;
      items = [];
      draw(err instanceof ApiError ? `Search failed: ${err.message}` : "Search failed.");
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    pickWhenReady = false;
    items = [];
    active = -1;
    const q = input.value.trim();
    if (!q) return close();
    timer = setTimeout(() => void run(q), 120);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) return;
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      draw();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      const q = input.value.trim();
      if (active >= 0 && !list.hidden) pick(active);
      else if (q) {
        pickWhenReady = true;
        clearTimeout(timer);
        void run(q);
      }
    } else if (ev.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return { focus: () => input.focus() };
}

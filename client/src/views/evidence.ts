// Pieces every evidence view shares: quoted source lists, confidence badges and actor links. All data as text.
import type { Source } from "../api/client.js";
import { CONFIDENCE_STYLE } from "../core/encodings/index.js";
import { formatDate } from "../core/time/index.js";
import { externalLink, h } from "./dom.js";

export type SourceRef = { sourceId: string; quote?: string; page?: string; source?: Source };

export function confidenceBadge(c: string): HTMLElement {
  return h("span", { class: `badge conf-${c}` }, CONFIDENCE_STYLE[c as keyof typeof CONFIDENCE_STYLE]?.label ?? c);
}

export function sourceList(refs: SourceRef[], lookup?: (id: string) => Source | undefined): HTMLElement {
  if (!refs.length) return h("p", { class: "muted" }, "No source given.");
  return h(
    "ul",
    { class: "sources" },
    refs.map((r) => {
      const s = r.source ?? lookup?.(r.sourceId);
      return h(
        "li",
        { class: "source" },
        r.quote ? h("blockquote", {}, `“${r.quote}”`) : null,
        h(
          "cite",
          {},
          s ? externalLink(s.url, s.title) : r.sourceId,
          s ? ` — ${s.publisher}${s.published ? `, ${formatDate(s.published)}` : ""}` : "",
          r.page ? `, p. ${r.page}` : "",
        ),
      );
    }),
  );
}

export function actorButton(id: string, name: string, selectActor: (id: string) => void): HTMLElement {
  return h("button", { type: "button", class: "link actor-link", onclick: () => selectActor(id) }, name);
}

// Detail panel: an actor (aliases, kind, dates, description, every tie with its dates, confidence and quoted sources,
// clashes, events timeline with fatalities), a tie's evidence, or shortest paths. All data rendered as text.
import type { ActorKind, GraphEdgeType } from "../../../server/domain/constants.js";
import type { ActorDetail, EventView, PathsResponse, Source } from "../api/client.js";
import { CONFIDENCE_STYLE, EDGE_STYLES, KIND_LABELS } from "../core/encodings/index.js";
import { formatDate, formatSpan } from "../core/time/index.js";
import type { EdgeData } from "../render/graph-model.js";
import { externalLink, h, replace } from "./dom.js";

export interface DetailHandlers {
  selectActor(id: string): void;
  selectEdge(key: string): void;
  focus(id: string): void;
  expand(id: string): void;
  pathFrom(id: string): void;
  pathTo(id: string): void;
  lineage(id: string): void;
  close(): void;
  /** Whether the actor is visible at the current date and filters (to warn when it is not). */
  isShown(id: string): boolean;
}

type SourceRef = { sourceId: string; quote?: string; page?: string; source?: Source };

const kindLabel = (k: string) => KIND_LABELS[k as ActorKind] ?? k;
const typeLabel = (t: string) => EDGE_STYLES[t as GraphEdgeType]?.label ?? t;

function confidenceBadge(c: string): HTMLElement {
  return h("span", { class: `badge conf-${c}` }, CONFIDENCE_STYLE[c as keyof typeof CONFIDENCE_STYLE]?.label ?? c);
}

function sourceList(refs: SourceRef[], lookup?: (id: string) => Source | undefined): HTMLElement {
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

function actorButton(id: string, name: string, handlers: DetailHandlers): HTMLElement {
  return h("button", { type: "button", class: "link actor-link", onclick: () => handlers.selectActor(id) }, name);
}

function eventItem(e: EventView, lookup: (id: string) => Source | undefined, handlers: DetailHandlers): HTMLElement {
  const f = e.fatalities;
  const fatalities = f
    ? `${f.best} killed${f.low !== undefined || f.high !== undefined ? ` (${f.low ?? "?"}–${f.high ?? "?"})` : ""}`
    : "fatalities not reported";
  return h(
    "li",
    { class: "event" },
    h(
      "div",
      { class: "event-head" },
      h("time", { datetime: e.date }, formatDate(e.date)),
      " · ",
      e.type.replace(/_/g, " "),
      " · ",
      h("strong", {}, fatalities),
    ),
    e.place ? h("div", { class: "muted" }, e.place.path.join(" ⊂ ")) : null,
    e.description ? h("p", {}, e.description) : null,
    e.participants?.length
      ? h(
          "p",
          { class: "participants" },
          "Side A: ",
          ...joinNodes(e.participants.filter((p) => p.side === "A").map((p) => participant(p, handlers))),
          " · Side B: ",
          ...joinNodes(e.participants.filter((p) => p.side === "B").map((p) => participant(p, handlers))),
        )
      : null,
    e.claims?.length
      ? h(
          "ul",
          { class: "claims" },
          e.claims.map((c) => h("li", {}, "Claim: ", c.text)),
        )
      : null,
    sourceList(e.sources, lookup),
  );
}

function participant(
  p: { actorId: string; actorName: string; attribution?: string; role?: string },
  handlers: DetailHandlers,
): HTMLElement {
  const extra = [p.role, p.attribution && p.attribution !== "confirmed" ? p.attribution : null]
    .filter(Boolean)
    .join(", ");
  return h("span", {}, actorButton(p.actorId, p.actorName, handlers), extra ? ` (${extra})` : "");
}

function joinNodes(nodes: HTMLElement[]): (HTMLElement | string)[] {
  if (!nodes.length) return ["—"];
  return nodes.flatMap((n, i) => (i ? [", ", n] : [n]));
}

export function renderActorDetail(el: HTMLElement, d: ActorDetail, handlers: DetailHandlers): void {
  const cited = new Map(d.cited.map((s) => [s.id, s]));
  const lookup = (id: string) => cited.get(id);
  const shown = handlers.isShown(d.id);
  replace(
    el,
    h(
      "div",
      { class: "panel-head" },
      h("h2", { id: "detail-title" }, d.name),
      h("button", { type: "button", class: "close", "aria-label": "Close details", onclick: handlers.close }, "×"),
    ),
    h(
      "p",
      { class: "meta" },
      kindLabel(d.kind),
      d.family ? ` · ${d.family}` : "",
      d.provisional ? " · provisional (unreviewed)" : "",
    ),
    !shown ? h("p", { class: "notice" }, "Not shown at the current date and filters.") : null,
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Active"),
      h("dd", {}, d.founded || d.dissolved ? formatSpan(d.founded, d.dissolved) : "dates unknown"),
      d.countries.length ? [h("dt", {}, "Countries"), h("dd", {}, d.countries.join(", "))] : null,
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", onclick: () => handlers.focus(d.id) }, "Focus"),
      h("button", { type: "button", onclick: () => handlers.expand(d.id) }, "Expand neighbours"),
      h("button", { type: "button", onclick: () => handlers.pathFrom(d.id) }, "Path from here"),
      h("button", { type: "button", onclick: () => handlers.pathTo(d.id) }, "Path to here"),
      h("button", { type: "button", onclick: () => handlers.lineage(d.id) }, "Lineage"),
    ),
    d.aliases.length
      ? h(
          "section",
          {},
          h("h3", {}, "Also known as"),
          h(
            "ul",
            { class: "aliases" },
            d.aliases.map((a) =>
              h(
                "li",
                {},
                a.name,
                h(
                  "span",
                  { class: "muted" },
                  ` ${a.kind}${a.lang ? `, ${a.lang}` : ""}${a.from || a.until ? `, ${formatSpan(a.from, a.until)}` : ""}`,
                ),
              ),
            ),
          ),
        )
      : null,
    d.description
      ? h("section", {}, h("h3", {}, "Description"), h("p", { class: "description" }, d.description))
      : null,
    d.sources.length ? h("section", {}, h("h3", {}, "Sources on this actor"), sourceList(d.sources)) : null,
    h(
      "section",
      {},
      h("h3", {}, `Relationships (${d.relationships.length})`),
      d.relationships.length
        ? h(
            "ul",
            { class: "relationships" },
            d.relationships.map((r) =>
              h(
                "li",
                { class: "relationship" },
                h(
                  "div",
                  { class: "rel-head" },
                  r.direction === "out"
                    ? [h("strong", {}, typeLabel(r.type)), " ", actorButton(r.other.id, r.other.name, handlers)]
                    : [
                        actorButton(r.other.id, r.other.name, handlers),
                        " ",
                        h("strong", {}, typeLabel(r.type).toLowerCase()),
                        " this actor",
                      ],
                ),
                h(
                  "div",
                  { class: "rel-meta" },
                  formatSpan(r.since, r.until),
                  " ",
                  confidenceBadge(r.confidence),
                  " ",
                  h(
                    "button",
                    { type: "button", class: "link small", onclick: () => handlers.selectEdge(r.id) },
                    "show tie",
                  ),
                ),
                r.note ? h("p", { class: "note" }, r.note) : null,
                sourceList(r.sources),
              ),
            ),
          )
        : h("p", { class: "muted" }, "No relationship recorded."),
    ),
    d.clashes.length
      ? h(
          "section",
          {},
          h("h3", {}, "Clashes"),
          h(
            "ul",
            {},
            d.clashes.map((c) =>
              h(
                "li",
                {},
                actorButton(c.other.id, c.other.name, handlers),
                `: ${c.count} event${c.count === 1 ? "" : "s"}, ${c.fatalities} killed, ${formatSpan(c.first, c.last === c.first ? null : c.last)}`,
              ),
            ),
          ),
        )
      : null,
    h(
      "section",
      {},
      h("h3", {}, `Events (${d.events.length})`),
      d.events.length
        ? h(
            "ol",
            { class: "timeline" },
            d.events.map((e) => eventItem(e as EventView, lookup, handlers)),
          )
        : h("p", { class: "muted" }, "No event recorded."),
    ),
  );
}

export function renderEdgeDetail(
  el: HTMLElement,
  e: EdgeData,
  names: (id: string) => string,
  lookup: (id: string) => Source | undefined,
  events: EventView[] | null,
  handlers: DetailHandlers,
): void {
  const a = e.attributes;
  const style = EDGE_STYLES[e.type];
  replace(
    el,
    h(
      "div",
      { class: "panel-head" },
      h("h2", { id: "detail-title" }, style.label),
      h("button", { type: "button", class: "close", "aria-label": "Close details", onclick: handlers.close }, "×"),
    ),
    h(
      "p",
      { class: "rel-head" },
      actorButton(e.source, names(e.source), handlers),
      style.directed ? " → " : " — ",
      actorButton(e.target, names(e.target), handlers),
    ),
    h("p", { class: "rel-meta" }, formatSpan(a.since, a.until), " ", confidenceBadge(e.confidence)),
    a.note ? h("p", { class: "note" }, a.note) : null,
    e.type === "CLASHED_WITH"
      ? h(
          "section",
          {},
          h("h3", {}, "Events behind this clash"),
          h(
            "p",
            {},
            `${a.count ?? 0} event${a.count === 1 ? "" : "s"}, ${a.fatalities ?? 0} killed, ${formatSpan(a.first, a.last === a.first ? null : a.last)}`,
          ),
          events === null
            ? h("p", { class: "muted" }, "Loading events…")
            : h(
                "ol",
                { class: "timeline" },
                events.map((ev) => eventItem(ev, lookup, handlers)),
              ),
        )
      : h("section", {}, h("h3", {}, "Evidence"), sourceList(a.sources, lookup)),
  );
}

export function renderPaths(
  el: HTMLElement,
  res: PathsResponse,
  names: (id: string) => string,
  handlers: DetailHandlers & { clearPath(): void },
): void {
  replace(
    el,
    h(
      "div",
      { class: "panel-head" },
      h("h2", { id: "detail-title" }, "Shortest path"),
      h("button", { type: "button", class: "close", "aria-label": "Clear path", onclick: handlers.clearPath }, "×"),
    ),
    h("p", {}, actorButton(res.from, names(res.from), handlers), " to ", actorButton(res.to, names(res.to), handlers)),
    res.paths.length === 0
      ? h("p", { class: "notice" }, "No path within 6 ties at this date.")
      : h(
          "ol",
          { class: "paths" },
          res.paths.map((p) => {
            // Walk the path from `from`, writing each hop in reading order.
            let at = res.from;
            const parts: (HTMLElement | string)[] = [actorButton(at, names(at), handlers)];
            for (const edge of p.edges) {
              const next = edge.source === at ? edge.target : edge.source;
              const t = edge.attributes.type as GraphEdgeType;
              const label = typeLabel(t).toLowerCase();
              // Read in path order: "— part of →" forwards, "← affiliated with —" against the tie's direction.
              const text = !EDGE_STYLES[t].directed
                ? `— ${label} —`
                : edge.source === at
                  ? `— ${label} →`
                  : `← ${label} —`;
              parts.push(
                " ",
                h("button", { type: "button", class: "link hop", onclick: () => handlers.selectEdge(edge.key) }, text),
                " ",
                actorButton(next, names(next), handlers),
              );
              at = next;
            }
            return h("li", {}, parts);
          }),
        ),
  );
}

export function renderEmptyDetail(el: HTMLElement): void {
  replace(
    el,
    h("h2", {}, "Details"),
    h(
      "p",
      { class: "muted" },
      "Click an actor or a tie to see its sources. Search finds actors by any alias (EIS, GSIM, MUJAO…).",
    ),
  );
}

export function renderDetailError(el: HTMLElement, message: string, retry: () => void): void {
  replace(
    el,
    h("h2", {}, "Details"),
    h("p", { class: "error", role: "alert" }, message),
    h("button", { type: "button", onclick: retry }, "Retry"),
  );
}

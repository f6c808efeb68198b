// Detail panel: an actor (aliases, kind, dates, description, every tie with its dates, confidence and quoted sources,
// clashes, events timeline with fatalities), a tie's evidence, or shortest paths. All data rendered as text.
import type { ActorKind, GraphEdgeType } from "../../../server/domain/constants.js";
import { describeClash, plural } from "../../../server/domain/tolls.js";
import type { ActorDetail, EventPage, EventPageOptions, EventView, PathsResponse, Source } from "../api/client.js";
import { EDGE_STYLES, KIND_LABELS } from "../core/encodings/index.js";
import { formatSpan } from "../core/time/index.js";
import type { EdgeData } from "../render/graph-model.js";
import { h, replace } from "./dom.js";
import { actorButton as linkTo, confidenceBadge, sourceList } from "./evidence.js";
import { renderEventsTimeline, type EventsTimelineContext } from "./events-timeline.js";

export interface DetailHandlers {
  /** The next page of an actor's events (latest first), or of one clash's with an opponent. */
  moreEvents(actor: string, options: EventPageOptions): Promise<EventPage>;
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

const kindLabel = (k: string) => KIND_LABELS[k as ActorKind] ?? k;
const typeLabel = (t: string) => EDGE_STYLES[t as GraphEdgeType]?.label ?? t;
const actorButton = (id: string, name: string, handlers: DetailHandlers) => linkTo(id, name, handlers.selectActor);

export function renderActorDetail(el: HTMLElement, d: ActorDetail, handlers: DetailHandlers): void {
  const cited = new Map(d.cited.map((s) => [s.id, s]));
  const lookup = (id: string) => cited.get(id);
  const shown = handlers.isShown(d.id);
  replace(
    el,
    h(
      "div",
      { class: "panel-head" },
      h("h2", { id: "detail-title", tabindex: -1 }, d.name),
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
                `: ${describeClash(c, d.events as EventView[])}`,
              ),
            ),
          ),
        )
      : null,
    h(
      "section",
      {},
      h("h3", {}, `Events (${d.totals.events.toLocaleString("en")}, latest first)`),
      d.totals.byYear.length
        ? h("p", { class: "muted by-year" }, d.totals.byYear.map((y) => `${y.year}: ${y.count}`).join(" · "))
        : null,
      pagedTimeline(
        d.events as EventView[],
        d.eventsPage.nextCursor,
        { lookup, selectActor: handlers.selectActor },
        (cursor) => handlers.moreEvents(d.id, { cursor }),
      ),
    ),
  );
}

/**
 * One page of events; "Load more events" appends the next page (never every event at once). A later page's events
 * cite sources the first page did not: each page brings its own (`cited`), looked up after the panel's.
 */
function pagedTimeline(
  events: EventView[],
  nextCursor: string | null,
  ctx: EventsTimelineContext,
  more: (cursor: string) => Promise<{ items: EventView[]; nextCursor: string | null; cited?: Source[] }>,
): HTMLElement {
  const wrap = h("div", { class: "events-paged" });
  const paged = new Map<string, Source>();
  const withPaged: EventsTimelineContext = { ...ctx, lookup: (id) => ctx.lookup(id) ?? paged.get(id) };
  const draw = (shown: EventView[], cursor: string | null, label = "Load more events") =>
    replace(
      wrap,
      renderEventsTimeline(
        shown,
        withPaged,
        cursor
          ? {
              label,
              load: () => {
                draw(shown, cursor, "Loading…");
                more(cursor).then(
                  (page) => {
                    for (const s of page.cited ?? []) paged.set(s.id, s);
                    draw([...shown, ...page.items], page.nextCursor);
                  },
                  () => draw(shown, cursor, "Could not load more events: try again"),
                );
              },
            }
          : undefined,
      ),
    );
  draw(events, nextCursor);
  return wrap;
}

export function renderEdgeDetail(
  el: HTMLElement,
  e: EdgeData,
  names: (id: string) => string,
  lookup: (id: string) => Source | undefined,
  events: EventPage | null,
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
    // A clash's dates are its events' (in the summary below, at their own precision), not a tie's "since".
    e.type === "CLASHED_WITH"
      ? null
      : h("p", { class: "rel-meta" }, formatSpan(a.since, a.until), " ", confidenceBadge(e.confidence)),
    a.note ? h("p", { class: "note" }, a.note) : null,
    e.type === "CLASHED_WITH"
      ? h(
          "section",
          {},
          h("h3", {}, "Events behind this clash"),
          h(
            "p",
            { class: "clash-summary" },
            events === null
              ? plural(a.count ?? 0, "event")
              : // Every event of the clash at hand (one page holds them all): written from them, their claims and
                // dates at their own precision; else from the aggregate.
                describeClash(
                  !events.nextCursor && events.items.length === a.count
                    ? { ...a, eventIds: events.items.map((x) => x.id) }
                    : a,
                  events.items,
                ),
          ),
          events === null
            ? h("p", { class: "muted" }, "Loading events…")
            : pagedTimeline(events.items, events.nextCursor, { lookup, selectActor: handlers.selectActor }, (cursor) =>
                handlers.moreEvents(e.source, { opponent: e.target, cursor }),
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
      ? h(
          "p",
          { class: "notice", role: "status" },
          "No path within 6 ties at this date: the two actors are not linked by ties that hold then. Move the time slider or choose “whole history”.",
        )
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

// An actor's or a clash's events as a vertical timeline: one entry per event (date at its own precision, type, toll or
// "fatalities not reported", place, participants by side, claims, quoted sources). Takes any list of events, so a
// panel can show a first page and append the next ones through `more`.
import type { EventView, Source } from "../api/client.js";
import { formatDate } from "../core/time/index.js";
import { h } from "./dom.js";
import { actorButton, sourceList } from "./evidence.js";

export interface EventsTimelineContext {
  lookup(id: string): Source | undefined;
  selectActor(id: string): void;
}

/** Events in the given order; `more`, when given, adds a button that asks for the next ones. */
export function renderEventsTimeline(
  events: readonly EventView[],
  ctx: EventsTimelineContext,
  more?: { label: string; load(): void },
): HTMLElement {
  if (!events.length && !more) return h("p", { class: "muted" }, "No event recorded.");
  return h(
    "div",
    { class: "events" },
    h(
      "ol",
      { class: "events-timeline" },
      events.map((e) => eventItem(e, ctx)),
    ),
    more ? h("button", { type: "button", class: "events-more", onclick: () => more.load() }, more.label) : null,
  );
}

function toll(e: EventView): string {
  const f = e.fatalities;
  if (!f) return "fatalities not reported";
  const range = f.low !== undefined || f.high !== undefined ? ` (${f.low ?? "?"}–${f.high ?? "?"})` : "";
  return `${f.best.toLocaleString("en")} killed${range}`;
}

function eventItem(e: EventView, ctx: EventsTimelineContext): HTMLElement {
  const side = (s: "A" | "B") => joinNodes(e.participants.filter((p) => p.side === s).map((p) => participant(p, ctx)));
  const nameOf = (id: string) => e.participants.find((p) => p.actorId === id)?.actorName ?? id;
  return h(
    "li",
    { class: "event" },
    h(
      "div",
      { class: "event-head" },
      h("time", { datetime: e.date }, formatDate(e.date)),
      e.endDate ? ["–", h("time", { datetime: e.endDate }, formatDate(e.endDate))] : null,
      " · ",
      e.type.replace(/_/g, " "),
      " · ",
      h("strong", { class: e.fatalities ? "toll" : "toll unknown" }, toll(e)),
    ),
    e.place ? h("div", { class: "muted" }, e.place.path.join(" ⊂ ")) : null,
    e.description ? h("p", { class: "event-description" }, e.description) : null,
    e.participants?.length
      ? h("p", { class: "participants" }, "Side A: ", ...side("A"), " · Side B: ", ...side("B"))
      : null,
    e.claims?.length
      ? h(
          "ul",
          { class: "claims" },
          e.claims.map((c) =>
            h(
              "li",
              {},
              `Claim by ${nameOf(c.by)}`,
              c.fatalities !== undefined ? ` (${c.fatalities.toLocaleString("en")} killed)` : "",
              `: ${c.text}`,
            ),
          ),
        )
      : null,
    sourceList(e.sources, ctx.lookup),
  );
}

function participant(
  p: { actorId: string; actorName: string; attribution?: string; role?: string },
  ctx: EventsTimelineContext,
): HTMLElement {
  const extra = [p.role, p.attribution && p.attribution !== "confirmed" ? p.attribution : null]
    .filter(Boolean)
    .join(", ");
  return h("span", {}, actorButton(p.actorId, p.actorName, ctx.selectActor), extra ? ` (${extra})` : "");
}

function joinNodes(nodes: HTMLElement[]): (HTMLElement | string)[] {
  if (!nodes.length) return ["—"];
  return nodes.flatMap((n, i) => (i ? [", ", n] : [n]));
}

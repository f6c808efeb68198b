// Engine-neutral plans: the statements that read the whole graph and those that write one ChangeSet, in order.
// Adapters only know how to run a statement; what to run lives here, once.
import {
  RELATIONSHIP_TYPES,
  dateStart,
  type Bundle,
  type Clash,
  type Event,
  type Participant,
  type Place,
  type Relationship,
  type RelationshipType,
} from "../domain/index.js";
import type { ChangeSet, StoreCounts } from "./port.js";
import type { QueryBook } from "./query-book.js";
import {
  fromActorRow,
  fromEventRow,
  fromParticipantRow,
  fromPlaceRow,
  fromRelationshipRow,
  fromSourceRow,
  toActorRow,
  toCiteRows,
  toClashRow,
  toEventRow,
  toParticipantRows,
  toPlaceRow,
  toRelationshipRow,
  toSourceRow,
} from "./rows.js";

export type Row = Record<string, unknown>;
export type ReadFn = (text: string, params?: Row) => Promise<Row[]>;

export interface Statement {
  text: string;
  /**
   * The parameters. For a batch of rows this is a getter that builds the rows each time it is read: a plan of 100k
   * creates holds the domain objects, not every row at once. Read it once per execution.
   */
  readonly params: Row;
  /**
   * For a batch: the parameter holding the rows, how many domain items the batch covers, and, when its items are
   * heavy (a clash carries its events' ids), how many values in all (what decides whether it is worth a COPY).
   */
  batch?: { key: "rows" | "ids"; items: number; values?: number };
}

const BATCH = 5_000;

/**
 * One statement per BATCH items; `toRows` maps a slice of items to the statement's rows (one item may give several);
 * `weight`, for heavy items, counts the values an item carries.
 */
function batched<T>(
  text: string,
  key: "rows" | "ids",
  items: T[],
  toRows: (slice: T[]) => unknown[] = (slice) => slice,
  weight?: (item: T) => number,
): Statement[] {
  const out: Statement[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const slice = items.slice(i, i + BATCH);
    out.push({
      text,
      get params() {
        return { [key]: toRows(slice) };
      },
      batch: weight
        ? { key, items: slice.length, values: slice.reduce((n, x) => n + weight(x), 0) }
        : { key, items: slice.length },
    });
  }
  return out;
}

const each =
  <T>(fn: (x: T) => unknown) =>
  (slice: T[]) =>
    slice.map(fn);

function groupByType<T extends { type: RelationshipType }>(items: T[]): Map<RelationshipType, T[]> {
  const m = new Map<RelationshipType, T[]>();
  for (const it of items) m.set(it.type, [...(m.get(it.type) ?? []), it]);
  return m;
}

/** Counts of every label, of curated relationships and of derived clashes, in one statement (counts-all). */
export async function readCounts(book: QueryBook, read: ReadFn): Promise<StoreCounts> {
  const [r] = await read(book.text("counts-all"));
  const n = (key: keyof StoreCounts) => Number(r?.[key] ?? 0);
  return {
    actors: n("actors"),
    relationships: n("relationships"),
    events: n("events"),
    places: n("places"),
    sources: n("sources"),
    clashes: n("clashes"),
  };
}

/** Every row of a query, each handed to `each` as it is read (an adapter's fast path need not keep the rows). */
export type ReadEachFn = (text: string, each: (row: Row) => void) => Promise<void>;

/** ReadEachFn over a ReadFn: the rows read whole, then handed over one by one. */
export const eachRowOf =
  (read: ReadFn): ReadEachFn =>
  async (text, each) => {
    for (const r of await read(text)) each(r);
  };

/**
 * The whole graph. `readEach`, when the adapter has a faster path for the two large reads (every event, every
 * participation), serves those; it must give the same rows, though cells may come as text.
 */
export async function readBundle(
  book: QueryBook,
  read: ReadFn,
  readEach: ReadEachFn = eachRowOf(read),
): Promise<Bundle> {
  const sources = (await read(book.text("sources-all"))).map(fromSourceRow);
  const places = (await read(book.text("places-all"))).map(fromPlaceRow);
  const actors = (await read(book.text("actors-all"))).map(fromActorRow);
  const relationships = await readRelationships(book, read);
  const participants = new Map<string, Participant[]>();
  await readEach(book.text("participants-all"), (r) => {
    const id = String(r.eventId);
    participants.set(id, [...(participants.get(id) ?? []), fromParticipantRow(r)]);
  });
  const events: Event[] = [];
  await readEach(book.text("events-all"), (r) => {
    events.push(fromEventRow(r, participants.get(String(r.id)) ?? []));
  });
  return { sources, places, actors, relationships, events };
}

/** Every curated relationship, by id: one statement per type, or one for all where the engine's file reads them all. */
export async function readRelationships(book: QueryBook, read: ReadFn): Promise<Relationship[]> {
  const rows: Row[] = [];
  if (!book.perType("relationships-all")) rows.push(...(await read(book.text("relationships-all"))));
  else for (const type of RELATIONSHIP_TYPES) rows.push(...(await read(book.text("relationships-all", { type }))));
  return rows.map(fromRelationshipRow).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The node labels an open write can write ahead. */
export const AHEAD_LABELS = ["Event", "Place", "Source", "Actor"] as const;
export type AheadLabel = (typeof AHEAD_LABELS)[number];

/** Ids, as much of a Set as `keep` needs (100k events written ahead are kept without a second set of their ids). */
export interface IdSet {
  has(id: string): boolean;
  readonly size: number;
}

/**
 * What an open write already holds, written ahead while an import read its file (server/store/embedded/bulk.ts).
 * `keep` are nodes the ChangeSet creates exactly as written: their creates are skipped, and so are the edges written
 * with them (a place's LOCATED_IN, an actor's CITES; an event's OCCURRED_AT and CITES when `eventEdges`, its
 * PARTICIPATED_IN when `participants`). `undo` are deleted first, with their edges.
 */
export interface WrittenAhead {
  keep: Record<AheadLabel, IdSet>;
  undo: Record<AheadLabel, string[]>;
  eventEdges: boolean;
  participants: boolean;
}

/** Items whose id is not in `keep`. */
const without = <T extends { id: string }>(items: T[], keep?: IdSet): T[] =>
  keep?.size ? items.filter((x) => !keep.has(x.id)) : items;

/** An event's edges to its place and to its sources (written with the event, or ahead of it). */
export function planEventEdges(book: QueryBook, events: Event[]): Statement[] {
  const placed = (slice: Event[]) => slice.filter((e) => e.placeId).map((e) => ({ eventId: e.id, placeId: e.placeId }));
  return [
    ...batched(book.text("events-place"), "rows", events, placed),
    ...batched(book.text("cites-create", { label: "Event" }), "rows", events, toCiteRows),
  ];
}

/** The PARTICIPATED_IN edges of events (written with them, or ahead of them once their participants are final). */
export function planParticipations(book: QueryBook, events: Event[]): Statement[] {
  return batched(book.text("participants-create"), "rows", events, (slice) => slice.flatMap(toParticipantRows));
}

/**
 * The write's changes to the stored event counts (ActivityMonth, ActivityDay: what readActivity reads), as signed
 * deltas from the ChangeSet: each updated event's stored version (`previous`) taken off, each created or updated event
 * added; one row per key, keys whose delta is zero left out. The same arithmetic as the read model's applyChanges.
 */
export function planActivity(book: QueryBook, c: ChangeSet): Statement[] {
  const months = new Map<string, { key: string; actorId: string; month: string; count: number }>();
  const days = new Map<string, number>();
  const add = (e: Event, sign: 1 | -1) => {
    const day = dateStart(e.date);
    const month = day.slice(0, 7);
    days.set(day, (days.get(day) ?? 0) + sign);
    for (const actorId of new Set(e.participants.map((p) => p.actorId))) {
      const key = `${actorId}|${month}`;
      const row = months.get(key) ?? { key, actorId, month, count: 0 };
      row.count += sign;
      months.set(key, row);
    }
  };
  for (const e of c.events.previous) add(e, -1);
  for (const e of [...c.events.create, ...c.events.update]) add(e, 1);
  const dayRows = [...days].filter(([, n]) => n !== 0).map(([day, count]) => ({ day, count }));
  return [
    ...batched(
      book.text("activity-months-add"),
      "rows",
      [...months.values()].filter((r) => r.count !== 0),
    ),
    ...batched(book.text("activity-days-add"), "rows", dayRows),
  ];
}

/**
 * The statements that write the stored event counts from the events, once, in a store from before them: the months,
 * then the days (whose presence says the build is done, activityMissing).
 */
export function planActivityBuild(book: QueryBook): [months: Statement, days: Statement] {
  return [
    { text: book.text("activity-months-build"), params: {} },
    { text: book.text("activity-days-build"), params: {} },
  ];
}

/**
 * Whether the store holds events but no stored event counts (a store from before them): ActivityDay has a row for
 * every day that has an event, so it is empty exactly when there are no events.
 */
export async function activityMissing(book: QueryBook, read: ReadFn): Promise<boolean> {
  if (Number((await read(book.text("activity-stored")))[0]?.n ?? 0) > 0) return false;
  return Number((await read(book.text("counts", { label: "Event" })))[0]?.n ?? 0) > 0;
}

/**
 * The ordered statements of one atomic write. `placeRow` lets an engine adjust place rows (see places-create.embedded).
 * The stored event counts move in the same write (planActivity).
 */
export function planWrites(
  book: QueryBook,
  c: ChangeSet,
  placeRow: (r: Row) => Row = (r) => r,
  ahead?: WrittenAhead,
  /** The ChangeSet whose event counts this write moves: `c` itself, unless its creates were written apart (staged). */
  counted: ChangeSet = c,
): Statement[] {
  const s: Statement[] = [];
  const ids = (items: { id: string }[]) => items.map((x) => x.id);
  if (ahead) {
    for (const label of AHEAD_LABELS) {
      s.push(...batched(book.text("nodes-delete", { label }), "ids", ahead.undo[label]));
    }
  }
  s.push(
    ...batched(book.text("sources-create"), "rows", without(c.sources.create, ahead?.keep.Source), each(toSourceRow)),
  );
  s.push(...batched(book.text("sources-update"), "rows", c.sources.update, each(toSourceRow)));

  const toPlace = each((p: Place) => placeRow(toPlaceRow(p)));
  const placesCreated = without(c.places.create, ahead?.keep.Place);
  s.push(...batched(book.text("places-create"), "rows", placesCreated, toPlace));
  s.push(...batched(book.text("places-update"), "rows", c.places.update, toPlace));
  s.push(...batched(book.text("places-unlink"), "ids", ids(c.places.update)));
  const links = [...placesCreated, ...c.places.update]
    .filter((p) => p.parent)
    .map((p) => ({ id: p.id, parentId: p.parent }));
  s.push(...batched(book.text("places-link"), "rows", links));

  const actorsCreated = without(c.actors.create, ahead?.keep.Actor);
  s.push(...batched(book.text("actors-create"), "rows", actorsCreated, each(toActorRow)));
  s.push(...batched(book.text("actors-update"), "rows", c.actors.update, each(toActorRow)));
  s.push(...batched(book.text("cites-unlink", { label: "Actor" }), "ids", ids(c.actors.update)));
  s.push(
    ...batched(
      book.text("cites-create", { label: "Actor" }),
      "rows",
      [...actorsCreated, ...c.actors.update],
      toCiteRows,
    ),
  );

  for (const [type, items] of groupByType(c.relationships.remove)) {
    s.push(...batched(book.text("relationships-delete", { type }), "ids", ids(items)));
  }
  for (const [type, items] of groupByType([...c.relationships.create, ...c.relationships.update])) {
    s.push(...batched(book.text("relationships-create", { type }), "rows", items, each(toRelationshipRow)));
  }

  const eventsCreated = without(c.events.create, ahead?.keep.Event);
  // The events whose edges are not in yet: all of them, or those not written ahead.
  const events = [...c.events.create, ...c.events.update];
  const eventsNotAhead = eventsCreated === c.events.create ? events : [...eventsCreated, ...c.events.update];
  const updatedEventIds = ids(c.events.update);
  s.push(...batched(book.text("events-create"), "rows", eventsCreated, each(toEventRow)));
  s.push(...batched(book.text("events-update"), "rows", c.events.update, each(toEventRow)));
  s.push(...batched(book.text("events-unlink"), "ids", updatedEventIds));
  s.push(...batched(book.text("events-unplace"), "ids", updatedEventIds));
  s.push(...batched(book.text("cites-unlink", { label: "Event" }), "ids", updatedEventIds));
  s.push(...planParticipations(book, ahead?.participants ? eventsNotAhead : events));
  s.push(...planEventEdges(book, ahead?.eventEdges ? eventsNotAhead : events));
  s.push(...planActivity(book, counted));

  if (c.clashes) {
    if (c.clashes.replaceAll) s.push({ text: book.text("clashes-delete-all"), params: {} });
    else s.push(...batched(book.text("clashes-delete"), "ids", [...ids(c.clashes.upsert), ...c.clashes.remove]));
    const values = (x: Clash) => 8 + 5 * Object.keys(x.months).length;
    s.push(...batched(book.text("clashes-create"), "rows", c.clashes.upsert, each(toClashRow), values));
  }
  return s;
}

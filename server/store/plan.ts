// Engine-neutral plans: the statements that read the whole graph and those that write one ChangeSet, in order.
// Adapters only know how to run a statement; what to run lives here, once.
import { RELATIONSHIP_TYPES, type Bundle, type Participant, type RelationshipType } from "../domain/index.js";
import type { ChangeSet, StoreCounts } from "./port.js";
import type { NodeLabel, QueryBook } from "./query-book.js";
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
  params: Row;
}

const BATCH = 5_000;

function batched(text: string, key: "rows" | "ids", items: unknown[]): Statement[] {
  const out: Statement[] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push({ text, params: { [key]: items.slice(i, i + BATCH) } });
  return out;
}

function groupByType<T extends { type: RelationshipType }>(items: T[]): Map<RelationshipType, T[]> {
  const m = new Map<RelationshipType, T[]>();
  for (const it of items) m.set(it.type, [...(m.get(it.type) ?? []), it]);
  return m;
}

export async function readCounts(book: QueryBook, read: ReadFn): Promise<StoreCounts> {
  const count = async (label: NodeLabel) => Number((await read(book.text("counts", { label })))[0]?.n ?? 0);
  const rel = async (type: string) => Number((await read(book.text("relationships-count", { type })))[0]?.n ?? 0);
  let relationships = 0;
  for (const t of RELATIONSHIP_TYPES) relationships += await rel(t);
  return {
    actors: await count("Actor"),
    relationships,
    events: await count("Event"),
    places: await count("Place"),
    sources: await count("Source"),
    clashes: await rel("CLASHED_WITH"),
  };
}

export async function readBundle(book: QueryBook, read: ReadFn): Promise<Bundle> {
  const sources = (await read(book.text("sources-all"))).map(fromSourceRow);
  const places = (await read(book.text("places-all"))).map(fromPlaceRow);
  const actors = (await read(book.text("actors-all"))).map(fromActorRow);
  const relationships = [];
  for (const type of RELATIONSHIP_TYPES) {
    relationships.push(...(await read(book.text("relationships-all", { type }))).map(fromRelationshipRow));
  }
  relationships.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const participants = new Map<string, Participant[]>();
  for (const r of await read(book.text("participants-all"))) {
    const id = String(r.eventId);
    participants.set(id, [...(participants.get(id) ?? []), fromParticipantRow(r)]);
  }
  const events = (await read(book.text("events-all"))).map((r) =>
    fromEventRow(r, participants.get(String(r.id)) ?? []),
  );
  return { sources, places, actors, relationships, events };
}

/** The ordered statements of one atomic write. `placeRow` lets an engine adjust place rows (see places-create.embedded). */
export function planWrites(book: QueryBook, c: ChangeSet, placeRow: (r: Row) => Row = (r) => r): Statement[] {
  const s: Statement[] = [];
  s.push(...batched(book.text("sources-create"), "rows", c.sources.create.map(toSourceRow)));
  s.push(...batched(book.text("sources-update"), "rows", c.sources.update.map(toSourceRow)));

  s.push(...batched(book.text("places-create"), "rows", c.places.create.map(toPlaceRow).map(placeRow)));
  s.push(...batched(book.text("places-update"), "rows", c.places.update.map(toPlaceRow).map(placeRow)));
  s.push(
    ...batched(
      book.text("places-unlink"),
      "ids",
      c.places.update.map((p) => p.id),
    ),
  );
  const links = [...c.places.create, ...c.places.update]
    .filter((p) => p.parent)
    .map((p) => ({ id: p.id, parentId: p.parent }));
  s.push(...batched(book.text("places-link"), "rows", links));

  s.push(...batched(book.text("actors-create"), "rows", c.actors.create.map(toActorRow)));
  s.push(...batched(book.text("actors-update"), "rows", c.actors.update.map(toActorRow)));
  s.push(
    ...batched(
      book.text("cites-unlink", { label: "Actor" }),
      "ids",
      c.actors.update.map((a) => a.id),
    ),
  );
  s.push(
    ...batched(
      book.text("cites-create", { label: "Actor" }),
      "rows",
      toCiteRows([...c.actors.create, ...c.actors.update]),
    ),
  );

  for (const [type, items] of groupByType(c.relationships.remove)) {
    s.push(
      ...batched(
        book.text("relationships-delete", { type }),
        "ids",
        items.map((r) => r.id),
      ),
    );
  }
  for (const [type, items] of groupByType([...c.relationships.create, ...c.relationships.update])) {
    s.push(...batched(book.text("relationships-create", { type }), "rows", items.map(toRelationshipRow)));
  }

  const events = [...c.events.create, ...c.events.update];
  const updatedEventIds = c.events.update.map((e) => e.id);
  s.push(...batched(book.text("events-create"), "rows", c.events.create.map(toEventRow)));
  s.push(...batched(book.text("events-update"), "rows", c.events.update.map(toEventRow)));
  s.push(...batched(book.text("events-unlink"), "ids", updatedEventIds));
  s.push(...batched(book.text("events-unplace"), "ids", updatedEventIds));
  s.push(...batched(book.text("cites-unlink", { label: "Event" }), "ids", updatedEventIds));
  s.push(...batched(book.text("participants-create"), "rows", events.flatMap(toParticipantRows)));
  const placed = events.filter((e) => e.placeId).map((e) => ({ eventId: e.id, placeId: e.placeId }));
  s.push(...batched(book.text("events-place"), "rows", placed));
  s.push(...batched(book.text("cites-create", { label: "Event" }), "rows", toCiteRows(events)));

  if (c.clashes) {
    s.push({ text: book.text("clashes-delete-all"), params: {} });
    s.push(...batched(book.text("clashes-create"), "rows", c.clashes.map(toClashRow)));
  }
  return s;
}

// The storage port: what the services need from a graph store. Two adapters implement it (embedded, neo4j) and one
// contract suite (tests/store/contract.ts) runs against both.
import type {
  Actor,
  Bundle,
  Clash,
  Event,
  EventType,
  Place,
  Relationship,
  RelationshipType,
  Source,
} from "../domain/index.js";
import type { Engine } from "./query-book.js";

export interface StoreCounts {
  actors: number;
  relationships: number;
  events: number;
  places: number;
  sources: number;
  clashes: number;
}

export interface Upserts<T> {
  create: T[];
  update: T[];
}

/** Derived clashes a write changes: aggregates to (re)write whole, pairs that no longer clash. */
export interface ClashChanges {
  /** Every CLASHED_WITH edge is removed first (a rebuild); otherwise only those named in upsert and remove. */
  replaceAll: boolean;
  upsert: Clash[];
  remove: string[];
}

/** One atomic write: what to create, what to overwrite, and the derived clashes it changes. */
export interface ChangeSet {
  sources: Upserts<Source>;
  places: Upserts<Place>;
  actors: Upserts<Actor>;
  /** Updated relationships are removed (under their stored type) then created again. */
  relationships: Upserts<Relationship> & { remove: { id: string; type: RelationshipType }[] };
  /** `previous`: the stored versions of the updated events (not written; what a read model and the stored event counts subtract). */
  events: Upserts<Event> & { previous: Event[] };
  /** When set, the CLASHED_WITH edges to write; null leaves them alone. */
  clashes: ClashChanges | null;
}

/** The small actor-level graph: what the server keeps in memory. */
export interface ActorGraph {
  actors: Actor[];
  relationships: Relationship[];
  clashes: Clash[];
}

/** Events per actor and month, per month, and the span of event days (aggregated by the store). */
export interface Activity {
  actors: { actorId: string; month: string; count: number }[];
  months: { month: string; count: number }[];
  range: { min: string | null; max: string | null };
}

export type EntityIds = Partial<Record<"sources" | "places" | "actors" | "relationships" | "events", string[]>>;

/** The position after which a page starts (its last item's sort key). */
export interface EventKey {
  date: string;
  id: string;
}

/** A page of events, filtered in the store: by participants, opponent, day window and places; keyset paging. */
export interface EventPageQuery {
  /** Events with at least one of these actors (any side). */
  actors?: string[];
  /** With `actors` of one actor: only events where this actor is on the opposite side (a clash's events). */
  opponent?: string;
  /** ISO days, inclusive. */
  from?: string;
  to?: string;
  /** Only events at these places. */
  places?: string[];
  order: "asc" | "desc";
  after?: EventKey;
  limit: number;
  /**
   * With `actors`: where a store that can choose should start, when the caller knows better than its planner (the read
   * model counts events per actor and month): "actors" when they hold few of the window's events, else "days".
   */
  start?: "actors" | "days";
}

export interface EventPage {
  items: Event[];
  /** Set when more events match after the last item. */
  next: EventKey | null;
}

export interface ClashDerivation {
  /** Only pairs with one of these actors. */
  actors?: string[];
  /** Events left out (those a write is replacing). */
  exclude?: string[];
  /** Only events between these ISO days (inclusive). */
  from?: string;
  to?: string;
}

export interface ReadOptions {
  timeoutMs: number;
  maxRows: number;
}

export interface ReadResult {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/** The places and sources an import has created so far (each final once created). */
export interface CreatedSoFar {
  places(): Place[];
  sources(): Source[];
}

/**
 * A write transaction opened before its ChangeSet is known (embedded store). An import opens one before it reads its
 * file, hands it each new event as soon as the event's own fields are final, and the store may write those ahead
 * while the rest of the file is read. Nothing is visible to readers before `apply` commits; other writes wait.
 */
export interface OpenWrite {
  /** Where to read the places and sources the import creates as it goes: they may go ahead with its events. */
  creating(created: CreatedSoFar): void;
  /** New events (ids not in the store) whose own fields will not change; participants may still change. */
  writeAhead(event: Event): void;
  /** The file is read: the places and sources the import creates (final). No event is written ahead after this. */
  readDone(created: { places: Place[]; sources: Source[] }): void;
  /**
   * After readDone: every event written ahead has its final participants, in their stored order (by side, then
   * actor), and the actors the import creates are known (final). Both may be written ahead.
   */
  resolved(created: { actors: Actor[] }): void;
  /**
   * Writes the ChangeSet and commits, all or nothing. Events written ahead that it does not create exactly as they
   * were written are undone in the same transaction.
   */
  apply(changes: ChangeSet): Promise<void>;
  /** Rolls back whatever was written ahead and ends the write; a no-op once apply ran. */
  abort(): Promise<void>;
}

/** Which events the map asks for (plain data; every bound optional but the cap). */
export interface EventPointsFilter {
  /** Partial dates, both ends included ("2022" ends on 31 December 2022). */
  from?: string;
  to?: string;
  /** Only the events this actor took part in. */
  actor?: string;
  /** Only these event types (none or empty: every type). */
  types?: EventType[];
  /** [minLon, minLat, maxLon, maxLat]: only events whose place is located inside (minLon > maxLon crosses 180°). */
  bbox?: [number, number, number, number];
  /** At most this many events, oldest first; `truncated` says when more matched. */
  limit: number;
}

/**
 * Event points as columns: `events.*[i]` describe one event (oldest first, then by id). `type` indexes `types`,
 * `place` indexes the `places` columns (-1: no place), `actors` index `actors`; `fatalities` is null when unknown.
 * A place without coordinates takes its nearest located ancestor's, with `approx` true; lat/lon stay null when no
 * place of its hierarchy is located.
 */
export interface EventPoints {
  types: EventType[];
  events: {
    id: string[];
    date: string[];
    type: number[];
    fatalities: (number | null)[];
    place: number[];
    actors: number[][];
  };
  places: {
    id: string[];
    name: string[];
    lat: (number | null)[];
    lon: (number | null)[];
    approx: boolean[];
    region: (string | null)[];
    country: (string | null)[];
  };
  actors: string[];
  truncated: boolean;
  limit: number;
}

export interface Store {
  readonly engine: Engine;
  /** Opens the store and applies the schema (idempotent). */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Throws StoreUnavailableError when the store cannot answer. */
  ping(): Promise<void>;
  counts(): Promise<StoreCounts>;
  /** The whole curated graph, sorted by id (events with participants). Linear in events: tools and tests only. */
  readAll(): Promise<Bundle>;
  /** The map's event points (see EventPoints), read without loading whole events. */
  eventPoints(filter: EventPointsFilter): Promise<EventPoints>;
  /** Actors, relationships and stored clash aggregates, by id. */
  readActorGraph(): Promise<ActorGraph>;
  /**
   * Event counts per actor and month, per month, and the first and last event day: the counts the store keeps with
   * every write that changes events (a few rows per actor and per day, whatever the number of events).
   */
  readActivity(): Promise<Activity>;
  /** The same counts from the events themselves (linear in events): what the stored counts must equal. */
  deriveActivity(): Promise<Activity>;
  /** The stored entities with these ids (events with participants); unknown ids are left out. */
  readByIds(ids: EntityIds): Promise<Bundle>;
  /**
   * Of these event ids, those the store holds (nothing else read: much cheaper than readByIds when most are not
   * stored, as with an import's new events).
   */
  storedEventIds(ids: string[]): Promise<string[]>;
  /** The country places (kind country, with an ISO3 code): a few hundred at most, by id. */
  readCountries(): Promise<Place[]>;
  /** One page of events by (date, id) in the order asked. */
  readEvents(query: EventPageQuery): Promise<EventPage>;
  /**
   * Every event within the days [from, to] (ISO days, inclusive) with at least one of these actors (any side), by
   * (date, id), with its participants: no limit, so the caller sizes the window (an export, from its counts per month).
   */
  readEventWindow(query: { actors: string[]; from: string; to: string }): Promise<Event[]>;
  /** The ids of places whose coordinates fall in [minLon, minLat, maxLon, maxLat]. */
  placesInBox(bbox: [number, number, number, number]): Promise<string[]>;
  /** One page of sources by id. */
  readSources(query: { after?: string; limit: number }): Promise<{ items: Source[]; next: string | null }>;
  /** Clash aggregates derived by the store from its events (what the stored aggregates must equal). */
  deriveClashes(query: ClashDerivation): Promise<Clash[]>;
  /** Writes all of it or nothing. */
  apply(changes: ChangeSet): Promise<void>;
  /** Opens a write whose ChangeSet comes later (engines without it: importers call apply). */
  openWrite?(): Promise<OpenWrite>;
  /**
   * Runs one analyst query read-only, enforced by the engine (ReadOnlyViolationError before anything runs),
   * bounded by a timeout (QueryTimeoutError) and a row cap (truncated). Values come back as plain JSON.
   */
  runReadOnly(query: string, params: Record<string, unknown>, options: ReadOptions): Promise<ReadResult>;
}

export function emptyChangeSet(): ChangeSet {
  return {
    sources: { create: [], update: [] },
    places: { create: [], update: [] },
    actors: { create: [], update: [] },
    relationships: { create: [], update: [], remove: [] },
    events: { create: [], update: [], previous: [] },
    clashes: null,
  };
}

/** Clash changes that replace every stored aggregate with these. */
export function replaceClashes(upsert: Clash[]): ClashChanges {
  return { replaceAll: true, upsert, remove: [] };
}

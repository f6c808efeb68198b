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

/** One atomic write: what to create, what to overwrite, and the full set of derived clashes. */
export interface ChangeSet {
  sources: Upserts<Source>;
  places: Upserts<Place>;
  actors: Upserts<Actor>;
  /** Updated relationships are removed (under their stored type) then created again. */
  relationships: Upserts<Relationship> & { remove: { id: string; type: RelationshipType }[] };
  events: Upserts<Event>;
  /** When set, replaces every CLASHED_WITH edge. */
  clashes: Clash[] | null;
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
  /** The whole curated graph, sorted by id (events with participants). */
  readAll(): Promise<Bundle>;
  /** The map's event points (see EventPoints), read without loading whole events. */
  eventPoints(filter: EventPointsFilter): Promise<EventPoints>;
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
    events: { create: [], update: [] },
    clashes: null,
  };
}

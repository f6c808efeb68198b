// What an importer gets while it reads one file: the resolver and actor book, place and source builders, and the
// row notes (skipped = not data for this graph, rejected = malformed) that end up in the import report.
import type { Bundle, Event } from "../domain/index.js";
import type { DayOrder } from "./dates.js";
import type { ActorBook } from "./actors.js";
import type { createPlaceBuilder } from "./places.js";
import type { Resolver } from "./resolver.js";
import type { createSourceRegistry } from "./sources.js";

export interface RowNote {
  row: number;
  line?: number;
  reason: string;
}

export interface ImportContext {
  file: string;
  /** The dataset release the file is (ACLED export date, GED version): from --release or the file name. */
  release?: string;
  /** How this file writes numeric dates, decided for the whole file (null: it does not). */
  dayOrder: DayOrder | null;
  resolver: Resolver;
  actors: ActorBook;
  places: ReturnType<typeof createPlaceBuilder>;
  sources: ReturnType<typeof createSourceRegistry>;
  /** A well-formed row that holds nothing for this graph (only civilians, an unidentified group). */
  skip(note: RowNote): void;
  /** A malformed row: the whole file is refused unless skipBadRows. */
  reject(note: RowNote): void;
  progress(bytesRead: number): void;
  /** A remark for the import report (how the file was read). */
  note(message: string): void;
  /** Where each event/relationship/actor id came from, for error messages ("row 12"). */
  origin: Map<string, number>;
  /** Another answer to "which row" for ids not in `origin` (an importer that keeps each id's row already). */
  originFrom(lookup: (id: string) => number | undefined): void;
  /**
   * An event whose own fields (id, date, type, place, fatalities, claims, description, sources) are final, though its
   * participants may not be: the store may write it ahead while the file is still read, and freeze it (fill its
   * participants array in place). It must still be in the returned bundle to be kept.
   */
  eventReady(event: Event): void;
  /** The whole file is read: the places and sources are all known, and no event will be ready after this. */
  fileRead(): void;
  /**
   * After fileRead: these events have their final participants (they may then be sorted in place and frozen), and
   * the actors the importer creates are all known.
   */
  eventsResolved(events: Event[]): void;
}

export interface ImporterResult {
  bundle: Bundle;
  rowsRead: number;
  layout?: string;
  notes: string[];
}

export type Importer = (ctx: ImportContext) => Promise<ImporterResult>;

/** With FAULTLINES_BULK_DEBUG=1, prints how long an import step took, on stderr (benchmarks). */
export function debugStep(label: string, since: number): void {
  if (process.env.FAULTLINES_BULK_DEBUG === "1")
    console.error(`  [import] ${label}: ${(performance.now() - since).toFixed(0)} ms`);
}

/**
 * Long synchronous loops over an import's items await this every YIELD_EVERY items: the store writes ahead on its own
 * threads meanwhile, and each of its steps needs the event loop to start the next (measured: a 20k-event COPY that
 * finished while a 1 s loop ran was only seen, and followed, after the loop).
 */
export const YIELD_EVERY = 2_000;
export const yieldToEngine = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// What the store holds of what one import touches, asked by id in batches while the file is read: the events the
// file holds, and the places and sources its builders meet. Never the whole store (issue 17: an import into a store of
// 300k events read all of them first). The answers are the loader's diff (KnownRecords) and the write-ahead's guard:
// an event goes ahead only once the store said it does not hold it.
import type { Event, Place, Source } from "../domain/index.js";
import type { KnownRecords } from "../services/loader.js";
import type { Store } from "../store/port.js";
import type { LookedUp } from "./looked-up.js";

/**
 * Events per look-up (one statement each: reads.ts ID_CHUNK). Measured on a store of 296k events (embedded), 5,000 ids
 * it does not hold: storedEventIds 38 ms (median of 6), readByIds 141 ms (it also gathers participations); 5,000 it
 * holds, both 580 ms.
 */
export const LOOKUP_BATCH = 5_000;

export interface StoredLookup {
  /**
   * An event of the file, to look up with the next batch. `ahead` is then called for it if the store does not hold it
   * (never for a stored one), in the order the events came.
   */
  event(event: Event, ahead?: (event: Event) => void): void;
  /** Looks up everything met so far (events, places, sources); resolves once every look-up so far is answered. */
  flush(): Promise<void>;
  /** Runs `step` after the look-ups queued so far (a step that must follow their write-ahead calls). */
  after(step: () => void): void;
  /** The answers so far: stored records by id, null for ids the store does not hold. */
  readonly known: KnownRecords & {
    sources: Map<string, Source | null>;
    places: Map<string, Place | null>;
    events: Map<string, Event | null>;
  };
}

export function createStoredLookup(
  store: Pick<Store, "readByIds" | "storedEventIds">,
  builders: {
    places: Pick<LookedUp<Place>, "unchecked" | "checked">;
    sources: Pick<LookedUp<Source>, "unchecked" | "checked">;
  },
  batch = LOOKUP_BATCH,
): StoredLookup {
  const known = {
    sources: new Map<string, Source | null>(),
    places: new Map<string, Place | null>(),
    events: new Map<string, Event | null>(),
  };
  let waiting: { event: Event; ahead?: (event: Event) => void }[] = [];
  let chain: Promise<void> = Promise.resolve();

  const record = <T extends { id: string }>(into: Map<string, T | null>, ids: readonly string[], found: T[]) => {
    const stored = new Set<string>();
    for (const x of found) {
      into.set(x.id, x);
      stored.add(x.id);
    }
    for (const id of ids) if (!stored.has(id)) into.set(id, null);
    return stored;
  };

  const lookUp = async (items: typeof waiting) => {
    const events = [...new Set(items.map((x) => x.event.id).filter((id) => !known.events.has(id)))];
    const places = builders.places.unchecked();
    const sources = builders.sources.unchecked();
    if (events.length + places.length + sources.length > 0) {
      // Most events of a file are usually new: which are stored is asked first, and only those are read whole.
      const held = events.length ? await store.storedEventIds(events) : [];
      const found = await store.readByIds({ events: held, places, sources });
      record(known.events, events, found.events);
      builders.places.checked(places, record(known.places, places, found.places));
      builders.sources.checked(sources, record(known.sources, sources, found.sources));
    }
    for (const x of items) if (x.ahead && known.events.get(x.event.id) === null) x.ahead(x.event);
  };

  const queue = (step: () => Promise<void> | void) => {
    chain = chain.then(step);
    // A failure surfaces from flush(); never an unhandled rejection meanwhile.
    chain.catch(() => undefined);
  };
  const lookUpWaiting = () => {
    const items = waiting;
    waiting = [];
    queue(() => lookUp(items));
  };

  return {
    event(event, ahead) {
      waiting.push(ahead ? { event, ahead } : { event });
      if (waiting.length >= batch) lookUpWaiting();
    },
    flush() {
      lookUpWaiting();
      return chain;
    },
    after(step) {
      queue(step);
    },
    known,
  };
}

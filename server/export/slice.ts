// What an export reads from the store: the events among its actors within its dates, a page at a time in the order
// the files list them (day, then id), each page as views (places up to the country, participants named), and then
// the sources the file cites. An export of a subgraph may hold all of its events: no more than a page of them is in
// memory at once, and a given-up export starts no further read.
import type { Source } from "../domain/index.js";
import { eventViews, sourcesOf, type EventView } from "../services/actors.js";
import type { ReadModel } from "../services/read-model.js";
import type { EventKey, Store } from "../store/port.js";

export type SliceReads = Pick<Store, "readByIds" | "readEvents" | "placesInBox">;

export interface PagesInput {
  nodeKeys: string[];
  /** The days the export's events fall in (eventWindow of its graph): only those are read from the store. */
  window?: { from?: string; to?: string };
  /** Aborted when the export is given up (past its time, or its client left): no further store read starts. */
  signal?: AbortSignal;
  /** Events per page read (default EXPORT_PAGE). */
  pageSize?: number;
}

/**
 * Events per page an export reads. Measured on a 300k-event embedded store (2 cores, loaded): a page costs about
 * 1 s however small (the keys of the actors' events are found and sorted for each page) plus 0.25 ms an event, so
 * 2,000-event pages read 1,200-1,500 events a second and 10,000-event pages 2,300-2,900; a page of views is a few
 * MB, and an export holds at most three pages at once (one read, one in its worker, one being made into views).
 */
export const EXPORT_PAGE = 10_000;

/** The store's reads, each refused once `signal` is aborted (a given-up export reads no further). */
export function guarded(store: SliceReads, signal: AbortSignal | undefined): SliceReads {
  if (!signal) return store;
  return {
    readByIds: (ids) => (signal.throwIfAborted(), store.readByIds(ids)),
    readEvents: (q) => (signal.throwIfAborted(), store.readEvents(q)),
    placesInBox: (box) => (signal.throwIfAborted(), store.placesInBox(box)),
  };
}

/** The export's events, a page at a time (keyset pages of the store), as views. */
export async function* exportEventPages(
  model: ReadModel,
  store: SliceReads,
  input: PagesInput,
): AsyncGenerator<EventView[]> {
  const reads = guarded(store, input.signal);
  if (!input.nodeKeys.length) return;
  const window = {
    ...(input.window?.from ? { from: input.window.from } : {}),
    ...(input.window?.to ? { to: input.window.to } : {}),
  };
  for (let after: EventKey | null | undefined = undefined; after !== null;) {
    const page = await reads.readEvents({
      actors: input.nodeKeys,
      order: "asc",
      limit: input.pageSize ?? EXPORT_PAGE,
      ...window,
      ...(after ? { after } : {}),
    });
    after = page.next;
    if (page.items.length) yield await eventViews(model, reads, page.items);
  }
}

/** The sources with these ids, by id (those the model has read once are not read again). */
export function exportSources(
  model: ReadModel,
  store: SliceReads,
  ids: Iterable<string>,
  signal?: AbortSignal,
): Promise<Map<string, Source>> {
  return sourcesOf(model, guarded(store, signal), ids);
}

// What an export reads from the store: the events among its actors within its dates, a window of days at a time in
// the order the files list them (day, then id), each window as views (places up to the country, participants named),
// and then the sources the file cites. An export of a subgraph may hold all of its events: no more than a window of
// them is in memory at once, and a given-up export starts no further read.
import type { Source } from "../domain/index.js";
import { eventViews, sourcesOf, type EventView } from "../services/actors.js";
import type { ReadModel } from "../services/read-model.js";
import type { Store } from "../store/port.js";

export type SliceReads = Pick<Store, "readByIds" | "readEventWindow" | "placesInBox">;

export interface PagesInput {
  nodeKeys: string[];
  /** The days the export's events fall in (eventWindow of its graph): only those are read from the store. */
  window?: { from?: string; to?: string };
  /** Aborted when the export is given up (past its time, or its client left): no further store read starts. */
  signal?: AbortSignal;
  /** Events per window read, at most (default EXPORT_PAGE), as the read model counts them: a month is never cut. */
  pageSize?: number;
}

/**
 * Events per window an export reads. Measured on a 300k-event embedded store (2 cores, loaded): keyset pages of the
 * actors' events (Store.readEvents, what an export read before) cost about 1 s each however small (the keys of all
 * the actors' events are found and sorted for each page) plus 0.25 ms an event (looked up by id), 1,200-1,500 events
 * a second in pages of 2,000 and 2,100-2,900 in pages of 10,000; a window of days read whole (Store.readEventWindow)
 * reads 5,200-6,300 a second. A window of views is a few MB; an export holds at most three at once (one read, one in
 * its worker, one being made into views).
 */
export const EXPORT_PAGE = 10_000;

const NO_LOWER = "0000-00-00";
const NO_UPPER = "9999-99-99";

/** The ISO day before another. */
function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The export's days cut into consecutive windows of at most `per` events each by the read model's counts per actor and
 * month (an event between two of the actors counts twice; one month above `per` is a window of its own). The windows
 * cover every day of the export's dates, so an event the counts do not know yet (written since) is read too.
 */
export function eventWindows(
  model: Pick<ReadModel, "activity">,
  nodeKeys: string[],
  window: { from?: string; to?: string },
  per: number,
): { from: string; to: string }[] {
  const perMonth = new Map<string, number>();
  for (const key of nodeKeys) {
    for (const [month, n] of model.activity.get(key) ?? []) perMonth.set(month, (perMonth.get(month) ?? 0) + n);
  }
  const first = window.from ?? NO_LOWER;
  const last = window.to ?? NO_UPPER;
  const out: { from: string; to: string }[] = [];
  let from = first;
  let held = 0;
  for (const month of [...perMonth.keys()].sort()) {
    const start = `${month}-01`;
    const n = perMonth.get(month)!;
    if (`${month}-31` < first || start > last) continue;
    if (start <= first) {
      // A month the window starts in: its first window's.
      held += n;
      continue;
    }
    if (held && held + n > per) {
      out.push({ from, to: dayBefore(start) });
      [from, held] = [start, 0];
    }
    held += n;
  }
  out.push({ from, to: last });
  return out;
}

/** The store's reads, each refused once `signal` is aborted (a given-up export reads no further). */
export function guarded(store: SliceReads, signal: AbortSignal | undefined): SliceReads {
  if (!signal) return store;
  return {
    readByIds: (ids) => (signal.throwIfAborted(), store.readByIds(ids)),
    readEventWindow: (q) => (signal.throwIfAborted(), store.readEventWindow(q)),
    placesInBox: (box) => (signal.throwIfAborted(), store.placesInBox(box)),
  };
}

/** The export's events, a window of days at a time (eventWindows), as views. */
export async function* exportEventPages(
  model: ReadModel,
  store: SliceReads,
  input: PagesInput,
): AsyncGenerator<EventView[]> {
  const reads = guarded(store, input.signal);
  if (!input.nodeKeys.length) return;
  for (const days of eventWindows(model, input.nodeKeys, input.window ?? {}, input.pageSize ?? EXPORT_PAGE)) {
    const events = await reads.readEventWindow({ actors: input.nodeKeys, ...days });
    if (events.length) yield await eventViews(model, reads, events);
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

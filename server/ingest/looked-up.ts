// The records an import meets (places, sources), sorted once the store was asked about them: those it holds are
// reused as they are, the others are created. The caller looks them up by id in batches while the file is read
// (stored-lookup.ts): no import reads every place or source of the store.

export interface LookedUp<T extends { id: string }> {
  /** Meets a record (the first sighting of an id wins); returns its id. */
  ensure(record: T): string;
  /** The ids met and not looked up yet. */
  unchecked(): string[];
  /** The store's answer for these ids: those in `stored` are reused as they are, the others are created. */
  checked(ids: readonly string[], stored: ReadonlySet<string>): void;
  /** The records to create: met, and looked up without being found in the store, in the order they were met. */
  created(): T[];
}

/** `known`: ids already known to be stored (no look-up needed). */
export function lookedUp<T extends { id: string }>(known: Iterable<string> = []): LookedUp<T> {
  const stored = new Set(known);
  const unchecked = new Map<string, T>();
  const created = new Map<string, T>();
  return {
    ensure(record) {
      const id = record.id;
      if (!stored.has(id) && !created.has(id) && !unchecked.has(id)) unchecked.set(id, record);
      return id;
    },
    unchecked: () => [...unchecked.keys()],
    checked(ids, found) {
      for (const id of ids) {
        const record = unchecked.get(id);
        if (!record) continue;
        unchecked.delete(id);
        if (found.has(id)) stored.add(id);
        else created.set(id, record);
      }
    },
    created: () => [...created.values()],
  };
}

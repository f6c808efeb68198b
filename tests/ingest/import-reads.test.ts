// An import reads only what its file touches (issue 17 point 1): into a store already holding other events, it reads
// none of them, and of its own events only those the store holds, once; the diff stays exact on a re-import (nothing
// changes) and on a file that updates some events, adds others and names a new place; an event the store holds is
// never written ahead. A real store underneath, counted by a wrapper.
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile, type ImportReport } from "../../server/ingest/import-file.js";
import type { Store } from "../../server/store/port.js";
import { csvCell, generateAcledDyadic, generateAcledMonadic } from "../bench/samples.js";
import { HAS_DATA, seededStore, tempCsv } from "./helpers.js";

/** The store, with a count of the events its reads hand back and of its whole-store reads, and the events sent ahead. */
function counted(store: Store) {
  const seen = { readAll: 0, events: 0, ahead: [] as string[] };
  const openWrite = store.openWrite;
  const wrapped: Store = {
    ...store,
    async readAll() {
      seen.readAll++;
      const b = await store.readAll();
      seen.events += b.events.length;
      return b;
    },
    async readEvents(q) {
      const page = await store.readEvents(q);
      seen.events += page.items.length;
      return page;
    },
    async readByIds(ids) {
      const b = await store.readByIds(ids);
      seen.events += b.events.length;
      return b;
    },
    openWrite: openWrite
      ? async () => {
          const write = await openWrite();
          return {
            ...write,
            writeAhead(event) {
              seen.ahead.push(event.id);
              write.writeAhead(event);
            },
          };
        }
      : undefined,
  };
  return { store: wrapped, seen };
}

const reset = (seen: ReturnType<typeof counted>["seen"]) => {
  seen.readAll = 0;
  seen.events = 0;
  seen.ahead = [];
};

/** Rewrites a generated ACLED monadic file: `edit` changes each row (by column name) in place. */
function rewrite(from: string, to: string, edit: (row: Record<string, string>) => void): void {
  const [header, ...rows] = parse(readFileSync(from, "utf8")) as string[][];
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) {
    const row = Object.fromEntries(header.map((h, i) => [h, r[i]]));
    edit(row);
    lines.push(header.map((h) => csvCell(row[h])).join(","));
  }
  writeFileSync(to, lines.join("\n") + "\n");
}

describe.skipIf(!HAS_DATA)("an import into a store holding other events", () => {
  let store: Store;
  let seen: ReturnType<typeof counted>["seen"];
  let background: number;
  let first: ImportReport;
  let base: string;
  beforeAll(async () => {
    const real = await seededStore();
    // Other events: a dyadic file of fresh ids (acled-mld…), imported without the counting wrapper.
    const other = tempCsv("other-dyadic.csv", "");
    await generateAcledDyadic(other, 600);
    background = (await importFile(real, { format: "acled", file: other })).load.counts.events.created;
    ({ store, seen } = counted(real));
    base = tempCsv("base-monadic.csv", "");
    await generateAcledMonadic(base, 120);
    first = await importFile(store, { format: "acled", file: base });
  }, 180_000);
  afterAll(() => store.close());

  it("reads none of the store's other events, and never the whole store", () => {
    expect(background).toBeGreaterThan(300);
    expect(first.load.counts.events.created).toBeGreaterThan(20);
    expect(first.load.counts.events.created).toBe(first.load.counts.events.read);
    expect(seen.readAll).toBe(0);
    // Its events are all new: the store had none of them to hand back.
    expect(seen.events).toBe(0);
    if (store.openWrite) expect([...seen.ahead].sort()).toEqual([...first.load.changes.events.created].sort());
  });

  it("changes nothing on a re-import, reads each of its events once and writes none ahead", async () => {
    reset(seen);
    const before = await store.counts();
    const again = await importFile(store, { format: "acled", file: base });
    for (const c of Object.values(again.load.counts)) expect([c.created, c.updated]).toEqual([0, 0]);
    expect(again.load.counts.events.unchanged).toBe(first.load.counts.events.read);
    expect(again.load.written).toBe(false);
    expect(seen.readAll).toBe(0);
    expect(seen.events).toBe(again.load.counts.events.read);
    expect(seen.ahead).toEqual([]);
    expect(await store.counts()).toEqual(before);
  }, 60_000);

  it("updates the events a file changes, creates its new ones and place, and writes ahead only the new", async () => {
    reset(seen);
    // The base file's events again (a prefix of the longer file), three with more deaths, one at a new place, and more.
    const longer = tempCsv("longer-monadic.csv", "");
    await generateAcledMonadic(longer, 200);
    const [a, b, c, moved] = first.load.changes.events.created.slice(0, 4).map((id) => id.replace(/^acled-/, ""));
    const update = tempCsv("update-monadic.csv", "");
    rewrite(longer, update, (row) => {
      const id = row.event_id_cnty.toLowerCase();
      if (id === a || id === b || id === c) row.fatalities = String(Number(row.fatalities) + 5);
      if (id === moved) row.location = "Testville";
    });
    const report = await importFile(store, { format: "acled", file: update });
    const events = report.load.counts.events;
    const added = events.read - first.load.counts.events.read;
    expect(added).toBeGreaterThan(10);
    expect(events).toEqual({
      read: events.read,
      created: added,
      updated: 4,
      unchanged: first.load.counts.events.read - 4,
    });
    expect([...report.load.changes.events.updated].sort()).toEqual([a, b, c, moved].map((x) => `acled-${x}`).sort());
    expect(report.load.counts.places).toMatchObject({ created: 1, updated: 0 });
    expect(report.load.changes.places.created[0]).toMatch(/-testville$/);
    expect(seen.readAll).toBe(0);
    // Of its events, only those the store held, each once.
    expect(seen.events).toBe(first.load.counts.events.read);
    if (store.openWrite) expect([...seen.ahead].sort()).toEqual([...report.load.changes.events.created].sort());

    const stored = await store.readByIds({ events: [`acled-${a}`, `acled-${moved}`] });
    const prev = await importFile(store, { format: "acled", file: base, dryRun: true });
    expect(prev.load.counts.events.updated).toBe(4);
    expect(stored.events.find((e) => e.id === `acled-${a}`)!.fatalities?.best ?? 0).toBeGreaterThanOrEqual(5);
    expect(stored.events.find((e) => e.id === `acled-${moved}`)!.placeId).toMatch(/-testville$/);
    // The clash aggregates, kept by the write, equal a full derivation from the store.
    expect((await store.readActorGraph()).clashes).toEqual(await store.deriveClashes({}));
  }, 60_000);
});

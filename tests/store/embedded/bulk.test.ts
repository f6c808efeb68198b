// The embedded store's bulk path (server/store/embedded/bulk.ts) on the real engine: large creates go in by COPY,
// and when a value cannot go through COPY or the temp dir is unusable they still go in (by UNWIND), exactly.
import { afterEach, describe, expect, it } from "vitest";
import { deriveClashes, type Actor, type Event } from "../../../server/domain/index.js";
import { BULK_MIN_ROWS, runStatements } from "../../../server/store/embedded/bulk.js";
import { createEmbeddedStore } from "../../../server/store/embedded/embedded-store.js";
import { planWrites } from "../../../server/store/plan.js";
import { emptyChangeSet, replaceClashes, type Store } from "../../../server/store/port.js";
import { createQueryBook } from "../../../server/store/query-book.js";
import { createAll, fixtureBundle } from "../fixtures.js";

const N = BULK_MIN_ROWS + 500;
const pad = (i: number) => String(i).padStart(5, "0");

function events(): Event[] {
  return Array.from({ length: N }, (_, i) => ({
    id: `ev-${pad(i)}`,
    date: "2021-03-0" + ((i % 9) + 1),
    type: "battle" as const,
    placeId: "gao",
    fatalities: { best: i },
    claims: [],
    participants: [
      { actorId: "aqim", side: "A" as const, attribution: "confirmed" as const },
      { actorId: "eis", side: "B" as const, attribution: "alleged" as const },
    ],
    ...(i % 2 ? { description: `"Quoted", with commas,\nand a line break ${i}` } : {}),
    sources: [{ sourceId: "apa-2022", quote: `q ${i}` }],
  }));
}

describe("embedded bulk path", () => {
  let store: Store | null = null;
  const saved = process.env.FAULTLINES_BULK_TMPDIR;
  afterEach(async () => {
    await store?.close();
    store = null;
    if (saved === undefined) delete process.env.FAULTLINES_BULK_TMPDIR;
    else process.env.FAULTLINES_BULK_TMPDIR = saved;
  });

  async function fresh(): Promise<Store> {
    store = createEmbeddedStore({ path: ":memory:" });
    await store.init();
    await store.apply(createAll(fixtureBundle()));
    return store;
  }

  it("sends large creates through COPY, each file complete when its COPY runs", async () => {
    const book = createQueryBook("embedded");
    const c = emptyChangeSet();
    c.events.create = events();
    const seen: { text: string; lines?: number }[] = [];
    const { readFileSync } = await import("node:fs");
    const result = await runStatements(book, planWrites(book, c), async (text) => {
      const file = /^COPY \w+ FROM '([^']+)'/.exec(text)?.[1];
      seen.push({
        text: text.split(" ").slice(0, 2).join(" "),
        lines: file ? readFileSync(file, "utf8").split("\n").length : undefined,
      });
    });
    expect(result.copies).toBe(4);
    const copies = seen.filter((s) => s.text.startsWith("COPY"));
    expect(copies.map((s) => s.text)).toEqual(["COPY Event", "COPY PARTICIPATED_IN", "COPY OCCURRED_AT", "COPY CITES"]);
    // header + rows + the final line break; quoted line breaks add lines to the events file
    expect(copies[1].lines).toBe(1 + 2 * N + 1);
    expect(copies[3].lines).toBe(1 + N + 1);
  });

  /** The events spread one a month over two centuries: one clash with thousands of months (a heavy aggregate). */
  const monthly = () =>
    events().map((e, i) => ({
      ...e,
      date: `${1800 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-0${(i % 9) + 1}`,
    }));

  it("sends clashes carrying many months through COPY (a few clashes with few months stay UNWIND)", async () => {
    const book = createQueryBook("embedded");
    const copiedTables = async (c: ReturnType<typeof emptyChangeSet>) => {
      const seen: string[] = [];
      await runStatements(book, planWrites(book, c), async (text) => {
        if (text.startsWith("COPY")) seen.push(text.split(" ")[1]);
      });
      return seen;
    };
    const heavy = emptyChangeSet();
    heavy.clashes = replaceClashes(deriveClashes(monthly()));
    expect(heavy.clashes.upsert).toHaveLength(1);
    expect(await copiedTables(heavy)).toEqual(["CLASHED_WITH"]);
    const light = emptyChangeSet();
    light.clashes = replaceClashes(deriveClashes(monthly().slice(0, 50)));
    expect(await copiedTables(light)).toEqual([]);
  });

  it("replaces the stored clashes by a COPY in the same transaction, exactly", async () => {
    const s = await fresh();
    const before = (await s.counts()).clashes;
    expect(before).toBeGreaterThan(1);
    const c = emptyChangeSet();
    c.events.create = monthly();
    const all = [...fixtureBundle().events, ...c.events.create];
    c.clashes = replaceClashes(deriveClashes(all));
    await s.apply(c);
    expect((await s.readActorGraph()).clashes).toEqual(c.clashes.upsert);
    expect(await s.deriveClashes({})).toEqual(c.clashes.upsert);
    const aqimEis = c.clashes.upsert.find((x) => x.id === "clash:aqim:eis")!;
    expect(Object.keys(aqimEis.months)).toHaveLength(N + 1); // and the fixture's July 2022
  });

  it("round-trips large creates through COPY exactly", async () => {
    const s = await fresh();
    const c = emptyChangeSet();
    c.events.create = events();
    await s.apply(c);
    const back = (await s.readAll()).events.filter((e) => e.id.startsWith("ev-"));
    expect(back).toEqual(events());
  });

  it("round-trips short cells with quotes, commas, tabs, line breaks and non-ASCII text through COPY", async () => {
    const s = await fresh();
    const short = [
      'a"b',
      "x,y",
      "l\nm",
      "r\rs",
      "Ségou",
      "✓ ok",
      "ⴰⵣⵓⵍ",
      "تمبكتو",
      "plain",
      " lead",
      "\\",
      "t\tu",
      "\u0001",
    ];
    const c = emptyChangeSet();
    c.events.create = events().map((e, i) => ({
      ...e,
      description: short[i % short.length],
      sources: [{ sourceId: "apa-2022", quote: short[(i + 3) % short.length] }],
    }));
    await s.apply(c);
    const back = (await s.readAll()).events.filter((e) => e.id.startsWith("ev-"));
    expect(back).toEqual(c.events.create);
  });

  it("falls back to UNWIND when a list value cannot be written as a COPY cell", async () => {
    const s = await fresh();
    const actors: Actor[] = Array.from({ length: N }, (_, i) => ({
      id: `act-${pad(i)}`,
      name: `Front, branch ${i}`, // a comma inside the aliasNames list cell
      kind: "communal_militia" as const,
      aliases: [],
      countries: ["MLI"],
      externalIds: {},
      sources: [{ sourceId: "apa-2022" }],
      provisional: true,
    }));
    const c = emptyChangeSet();
    c.actors.create = actors;
    await s.apply(c);
    const back = (await s.readAll()).actors.filter((a) => a.id.startsWith("act-"));
    expect(back).toEqual(actors);
  });

  it("keeps empty strings, which COPY would read as null (by UNWIND)", async () => {
    const s = await fresh();
    const c = emptyChangeSet();
    c.events.create = events().map((e) => ({ ...e, description: "" }));
    await s.apply(c);
    const back = (await s.readAll()).events.filter((e) => e.id.startsWith("ev-"));
    expect(back).toEqual(c.events.create);
  });

  it("falls back to UNWIND when the temp dir cannot be written", async () => {
    process.env.FAULTLINES_BULK_TMPDIR = "/nonexistent/faultlines-bulk";
    const s = await fresh();
    const c = emptyChangeSet();
    c.events.create = events();
    await s.apply(c);
    expect((await s.counts()).events).toBe(fixtureBundle().events.length + N);
  });
});

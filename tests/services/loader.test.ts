import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, type BundleInput } from "../../server/domain/index.js";
import { loadInputs, relationshipIdOf, sameContent } from "../../server/services/loader.js";
import type { Store } from "../../server/store/port.js";
import { createTestStore } from "../helpers/store.js";

function fixture(): BundleInput {
  return {
    sources: [
      { id: "src", title: "A report", publisher: "Pub & Co", language: "en", kind: "report", published: "2022-11" },
    ],
    places: [
      { id: "mali", name: "Mali", kind: "country", lat: 17, lon: -4 },
      { id: "gao", name: "Gao", kind: "region", parent: "mali", lat: 16.27, lon: -0.04 },
    ],
    actors: [
      {
        id: "aqim",
        name: "AQIM",
        kind: "jihadist_group",
        founded: "2007",
        aliases: [{ name: "AQMI", kind: "translation", lang: "fr" }],
      },
      { id: "mujao", name: "MUJAO", kind: "jihadist_group", founded: "2011-10", dissolved: "2013-08" },
      { id: "fama", name: "FAMa", kind: "state_force", countries: ["MLI"] },
    ],
    relationships: [
      {
        type: "SPLINTER_OF",
        from: "mujao",
        to: "aqim",
        since: "2011",
        sources: [{ sourceId: "src", quote: "an offshoot" }],
      },
    ],
    events: [
      {
        id: "ev1",
        date: "2012-06-27",
        type: "battle",
        placeId: "gao",
        fatalities: { best: 20 },
        participants: [
          { actorId: "mujao", side: "A" },
          { actorId: "fama", side: "B", attribution: "alleged" },
        ],
        sources: [{ sourceId: "src" }],
      },
    ],
  };
}

async function load(store: Store, data: unknown, file = "fixture.json", dryRun = false) {
  return loadInputs(store, [{ file, data }], { dryRun });
}

async function rejection(store: Store, data: unknown): Promise<ValidationError> {
  const err = await load(store, data).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return err as ValidationError;
}

describe("loader", () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(() => store.close());

  it("creates everything on a first load and derives the clash", async () => {
    const report = await load(store, fixture());
    expect(report.counts.actors.created).toBe(3);
    expect(report.counts.relationships.created).toBe(1);
    expect(report.clashes).toBe(1);
    expect(report.written).toBe(true);
    const counts = await store.counts();
    expect(counts).toMatchObject({ actors: 3, relationships: 1, events: 1, places: 2, sources: 1, clashes: 1 });
  });

  it("changes nothing on a second identical load", async () => {
    await load(store, fixture());
    const second = await load(store, fixture());
    expect(second.written).toBe(false);
    expect(second.counts.actors).toEqual({ read: 3, created: 0, updated: 0, unchanged: 3 });
    expect(second.counts.events.unchanged).toBe(1);
    expect(second.counts.relationships.unchanged).toBe(1);
  });

  it("reads back exactly what it wrote, dates keeping their precision", async () => {
    await load(store, fixture());
    const b = await store.readAll();
    const mujao = b.actors.find((a) => a.id === "mujao")!;
    expect(mujao.founded).toBe("2011-10");
    expect(mujao.dissolved).toBe("2013-08");
    expect(b.relationships[0]).toMatchObject({
      id: relationshipIdOf({ type: "SPLINTER_OF", from: "mujao", to: "aqim", since: "2011" }),
      since: "2011",
    });
    expect(b.places.find((p) => p.id === "mali")!.lat).toBe(17);
    expect(b.events[0].participants).toHaveLength(2);
  });

  it("is idempotent whatever the order of an event's participants", async () => {
    const data = fixture();
    data.events![0].participants.reverse();
    await load(store, data);
    expect((await load(store, data)).written).toBe(false);
  });

  it("updates events whose fatalities are unknown (null in every row)", async () => {
    const data = fixture();
    delete data.events![0].fatalities;
    await load(store, data);
    data.events![0].description = "changed";
    const report = await load(store, data);
    expect(report.counts.events.updated).toBe(1);
    expect((await store.readAll()).events[0]).toMatchObject({ description: "changed" });
    expect((await store.readAll()).events[0].fatalities).toBeUndefined();
  });

  it("updates a changed actor and reports it", async () => {
    await load(store, fixture());
    const changed = fixture();
    changed.actors![0].description = "Al-Qaeda in the Islamic Maghreb";
    const report = await load(store, changed);
    expect(report.counts.actors).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect((await store.readAll()).actors.find((a) => a.id === "aqim")!.description).toBe(
      "Al-Qaeda in the Islamic Maghreb",
    );
  });

  it("a dry run reports the diff and writes nothing", async () => {
    const report = await load(store, fixture(), "f.json", true);
    expect(report.changes.actors.created).toEqual(["aqim", "mujao", "fama"]);
    expect(report.written).toBe(false);
    expect((await store.counts()).actors).toBe(0);
  });

  it("rejects an unknown relationship type, naming the file and field, and writes nothing", async () => {
    const bad = fixture();
    (bad.relationships![0] as { type: string }).type = "FRIENDS_WITH";
    const err = await rejection(store, bad);
    expect(err.issues[0].path).toBe("fixture.json: relationships.0.type");
    expect((await store.counts()).actors).toBe(0);
  });

  it("rejects a relationship without a source", async () => {
    const bad = fixture();
    bad.relationships![0].sources = [];
    const err = await rejection(store, bad);
    expect(err.issues[0]).toMatchObject({ path: "fixture.json: relationships.0.sources" });
    expect(err.issues[0].message).toMatch(/at least one source/);
  });

  it("rejects a dangling actor id and leaves the store untouched", async () => {
    await load(store, fixture());
    const before = await store.readAll();
    const bad = fixture();
    bad.actors![0].description = "changed";
    bad.relationships!.push({ type: "ALLIED_WITH", from: "mujao", to: "nobody", sources: [{ sourceId: "src" }] });
    const err = await rejection(store, bad);
    expect(err.issues).toEqual([
      { path: "fixture.json: relationships.1.to", code: "dangling_reference", message: "unknown actor 'nobody'" },
    ]);
    expect(await store.readAll()).toEqual(before);
  });

  it("rejects a bad date", async () => {
    const bad = fixture();
    bad.events![0].date = "2012-02-30";
    const err = await rejection(store, bad);
    expect(err.issues[0].path).toBe("fixture.json: events.0.date");
  });

  it("rejects an id defined twice across files", async () => {
    const err = await loadInputs(store, [
      { file: "a.json", data: { actors: [{ id: "x", name: "X", kind: "coalition" }] } },
      { file: "b.json", data: { actors: [{ id: "x", name: "X2", kind: "coalition" }] } },
    ]).catch((e: unknown) => e as ValidationError);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: "b.json: actors.0.id", code: "duplicate_id" });
  });

  it("keeps names with quotes, ampersands, angle brackets and non-Latin scripts intact", async () => {
    const data = fixture();
    data.actors![0].name = `Tanẓīm al-Qāʿida <"AQIM"> & تنظيم القاعدة`;
    await load(store, data);
    expect((await store.readAll()).actors.find((a) => a.id === "aqim")!.name).toBe(
      `Tanẓīm al-Qāʿida <"AQIM"> & تنظيم القاعدة`,
    );
  });
});

describe("sameContent (the loader's change test)", () => {
  it("ignores key order and keys holding undefined, as JSON would", () => {
    expect(sameContent({ a: 1, b: { c: [1, "x"] } }, { b: { c: [1, "x"] }, a: 1 })).toBe(true);
    expect(sameContent({ a: 1, d: undefined }, { a: 1 })).toBe(true);
    expect(sameContent({ a: 1 }, { a: 1, d: undefined })).toBe(true);
  });

  it("sees every change: a value, a type, a missing or extra key, list order and length", () => {
    expect(sameContent({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameContent({ a: 1 }, { a: "1" })).toBe(false);
    expect(sameContent({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameContent({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameContent({ l: [1, 2] }, { l: [2, 1] })).toBe(false);
    expect(sameContent({ l: [1] }, { l: [1, 1] })).toBe(false);
    expect(sameContent({ l: [] }, { l: {} })).toBe(false);
    expect(sameContent({ o: { p: { q: "x" } } }, { o: { p: { q: "y" } } })).toBe(false);
  });
});

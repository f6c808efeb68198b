// The store contract: one spec factory that every Store adapter runs (embedded.test.ts, neo4j.test.ts), in the manner
// of unstorage's testDriver and Auth.js's runBasicTests. Each test gets a fresh, empty, initialised store.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  InvalidInputError,
  QueryTimeoutError,
  ReadOnlyViolationError,
  dateStart,
  deriveClashes,
  emptyBundle,
  type Bundle,
  type Event,
} from "../../server/domain/index.js";
import { loadInputs } from "../../server/services/loader.js";
import { buildReadModel, createReadModelHolder } from "../../server/services/read-model.js";
import {
  emptyChangeSet,
  replaceClashes,
  type EventKey,
  type EventPage,
  type EventPageQuery,
  type ReadOptions,
  type Store,
} from "../../server/store/port.js";
import type { Engine } from "../../server/store/query-book.js";
import { FIXTURE_INPUT, createAll, fixtureBundle } from "./fixtures.js";

const OPTS: ReadOptions = { timeoutMs: 5_000, maxRows: 1_000 };

/** A query that would run for minutes (10^10 rows) but ends: the timeout has to stop it. */
const RUNAWAY =
  "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS n";

/** Keys that would betray engine-internal ids in a plain value. */
const INTERNAL_KEYS = ["_id", "_label", "_src", "_dst", "identity", "elementId", "start", "end"];

function keysDeep(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysDeep(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysDeep(v, out);
    }
  }
  return out;
}

async function snapshot(store: Store) {
  return { bundle: await store.readAll(), counts: await store.counts() };
}

/** Writes the workbench must refuse; the text follows the engine where the dialects differ. */
const WRITE_CASES: { what: string; query: (engine: Engine, csv: string) => string }[] = [
  { what: "CREATE", query: () => "CREATE (:Actor {id: 'intruder', name: 'Intruder'})" },
  { what: "MERGE", query: () => "MERGE (a:Actor {id: 'intruder'}) RETURN a.id AS id" },
  { what: "SET", query: () => "MATCH (a:Actor) SET a.name = 'defaced' RETURN count(a) AS n" },
  { what: "DETACH DELETE", query: () => "MATCH (a:Actor) DETACH DELETE a" },
  {
    what: "a write after a read",
    query: () => "MATCH (a:Actor) WITH a LIMIT 1 CREATE (:Actor {id: 'intruder'}) RETURN 1 AS x",
  },
  {
    what: "DDL that creates",
    query: (e) =>
      e === "embedded"
        ? "CREATE NODE TABLE Intruder(id STRING PRIMARY KEY)"
        : "CREATE INDEX intruder IF NOT EXISTS FOR (a:Actor) ON (a.name)",
  },
  { what: "DDL that drops", query: (e) => (e === "embedded" ? "DROP TABLE CITES" : "DROP CONSTRAINT actor_id") },
  {
    // The engine's bulk loader: COPY in LadybugDB, LOAD CSV ... CREATE in Neo4j (which has no COPY).
    what: "the bulk loader (COPY)",
    query: (e, csv) =>
      e === "embedded"
        ? `COPY Source FROM '${csv}' (header=false)`
        : `LOAD CSV FROM 'file://${csv}' AS row CREATE (:Source {id: row[0]})`,
  },
];

/** Contract cases an adapter may skip, loudly and with the reason printed, while a known engine bug is open. */
export const SKIPPABLE_CASES = ["rollback-after-large-batch"] as const;
export type SkippableCase = (typeof SKIPPABLE_CASES)[number];

export interface ContractOptions {
  /** Case -> why it is skipped (name the bug); printed when the suite is defined. */
  knownIssues?: Partial<Record<SkippableCase, string>>;
}

export function runStoreContract(name: string, makeStore: () => Promise<Store>, options: ContractOptions = {}): void {
  const known = options.knownIssues ?? {};
  for (const [what, why] of Object.entries(known)) console.log(`store contract ${name}: '${what}' skipped: ${why}`);
  const itUnlessKnown = (c: SkippableCase) => (known[c] ? it.skip : it);
  describe(`store contract: ${name}`, () => {
    let store: Store;
    const scratch = mkdtempSync(path.join(tmpdir(), "faultlines-contract-"));
    // A valid Source row: were a COPY to run, the store would change and the test would see it.
    const csv = path.join(scratch, "source.csv");
    writeFileSync(csv, "intruder,Intruder,Nobody,,,,en,news,\n");

    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store?.close();
    });
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    describe("empty store", () => {
      it("counts zero of everything and reads an empty bundle", async () => {
        expect(await store.counts()).toEqual({
          actors: 0,
          relationships: 0,
          events: 0,
          places: 0,
          sources: 0,
          clashes: 0,
        });
        expect(await store.readAll()).toEqual(emptyBundle());
      });

      it("answers ping", async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it("applies an empty ChangeSet as a no-op", async () => {
        await store.apply(emptyChangeSet());
        expect((await store.counts()).actors).toBe(0);
      });

      it("runs a read-only query over nothing: columns, no rows, not truncated", async () => {
        const r = await store.runReadOnly("MATCH (a:Actor) RETURN a.id AS id", {}, OPTS);
        expect(r).toEqual({ columns: ["id"], rows: [], truncated: false });
      });
    });

    describe("apply and readAll", () => {
      it("round-trips every entity type: dates with precision, aliases, unicode, quotes, coordinates, empty lists", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        expect(await store.readAll()).toEqual(fixture);
      });

      it("counts what it stored, derived clashes included", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        expect(await store.counts()).toEqual({
          actors: 4,
          relationships: 3,
          events: 3,
          places: 4,
          sources: 3,
          clashes: deriveClashes(fixture.events).length,
        });
      });

      it("answers many reads at once, all the same (the server's requests overlap)", async () => {
        // On the embedded store two queries at once on one reader connection segfaulted the process.
        await store.apply(createAll(fixtureBundle()));
        const expected = await store.counts();
        for (let round = 0; round < 4; round++) {
          const all = await Promise.all([
            ...Array.from({ length: 30 }, () => store.counts()),
            ...Array.from({ length: 4 }, () => store.readAll().then((b) => ({ actors: b.actors.length }))),
          ]);
          expect(all.slice(0, 30)).toEqual(Array.from({ length: 30 }, () => expected));
          expect(all.slice(30)).toEqual(Array.from({ length: 4 }, () => ({ actors: expected.actors })));
        }
      });

      it("keeps integral coordinates as numbers and fractional ones exact", async () => {
        await store.apply(createAll(fixtureBundle()));
        const places = (await store.readAll()).places;
        expect(places.find((p) => p.id === "mali")).toMatchObject({ lat: 17, lon: -4 });
        expect(places.find((p) => p.id === "gao")).toMatchObject({ lat: 16.2717, lon: -0.0447 });
        expect(places.find((p) => p.id === "kadji")).toMatchObject({ lat: 16.2, lon: 0 });
        expect(places.find((p) => p.id === "nowhere")).not.toHaveProperty("lat");
      });

      it("writes the place hierarchy, event places, participations and citations as edges", async () => {
        await store.apply(createAll(fixtureBundle()));
        const q = async (text: string) => (await store.runReadOnly(text, {}, OPTS)).rows;
        expect(
          await q("MATCH (p:Place)-[:LOCATED_IN]->(q:Place) RETURN p.id AS place, q.id AS parent ORDER BY place"),
        ).toEqual([
          { place: "gao", parent: "mali" },
          { place: "kadji", parent: "gao" },
        ]);
        expect(
          await q("MATCH (e:Event)-[:OCCURRED_AT]->(p:Place) RETURN e.id AS event, p.id AS place ORDER BY event"),
        ).toEqual([
          { event: "gao-2012", place: "gao" },
          { event: "kadji-2022-11-21", place: "kadji" },
        ]);
        expect(await q("MATCH (a:Actor)-[:PARTICIPATED_IN]->(e:Event) RETURN count(*) AS n")).toEqual([{ n: 6 }]);
        expect(
          await q(
            "MATCH (a:Actor)-[c:CITES]->(s:Source) RETURN a.id AS actor, s.id AS source, c.quote AS quote ORDER BY actor, source",
          ),
        ).toEqual([
          { actor: "aqim", source: "ucdp-221", quote: "AQIM (formerly GSPC)" },
          { actor: "eis", source: "apa-2022", quote: null },
        ]);
      });
    });

    describe("event points (the map)", () => {
      // The fixture, plus a camp without coordinates inside Kadji (drawn at Kadji's, approximately).
      const withCamp = () =>
        fixtureBundle({
          ...FIXTURE_INPUT,
          places: [...(FIXTURE_INPUT.places ?? []), { id: "camp", name: "Camp", kind: "other", parent: "kadji" }],
          events: [
            ...(FIXTURE_INPUT.events ?? []),
            {
              id: "camp-2023-03",
              date: "2023-03",
              type: "other",
              placeId: "camp",
              participants: [{ actorId: "aqim", side: "A" }],
              sources: [{ sourceId: "zz-undated" }],
            },
          ],
        });
      /** The columns back as one object per event, with names instead of indexes. */
      const rowsOf = (p: Awaited<ReturnType<Store["eventPoints"]>>) =>
        p.events.id.map((id, i) => {
          const pi = p.events.place[i];
          return {
            id,
            date: p.events.date[i],
            type: p.types[p.events.type[i]],
            fatalities: p.events.fatalities[i],
            actors: p.events.actors[i].map((a) => p.actors[a]),
            place:
              pi < 0
                ? null
                : {
                    id: p.places.id[pi],
                    lat: p.places.lat[pi],
                    lon: p.places.lon[pi],
                    approx: p.places.approx[pi],
                    region: p.places.region[pi],
                    country: p.places.country[pi],
                  },
          };
        });
      const ids = async (filter: Parameters<Store["eventPoints"]>[0]) => (await store.eventPoints(filter)).events.id;

      it("answers an empty store with empty columns, not truncated", async () => {
        const p = await store.eventPoints({ limit: 10 });
        expect(p.events.id).toEqual([]);
        expect(p.places.id).toEqual([]);
        expect(p.truncated).toBe(false);
      });

      it("gives every event oldest first: dates with precision, unknown fatalities as null, places located", async () => {
        await store.apply(createAll(withCamp()));
        const p = await store.eventPoints({ limit: 10 });
        expect(p.truncated).toBe(false);
        expect(JSON.parse(JSON.stringify(p))).toEqual(p);
        expect(rowsOf(p)).toEqual([
          {
            id: "gao-2012",
            date: "2012",
            type: "occupation",
            fatalities: null,
            actors: ["mujao"],
            place: { id: "gao", lat: 16.2717, lon: -0.0447, approx: false, region: "Gao", country: "MLI" },
          },
          {
            id: "talataye-2022-07",
            date: "2022-07",
            type: "battle",
            fatalities: 60,
            actors: ["aqim", "eis", "fama"],
            place: null,
          },
          {
            id: "kadji-2022-11-21",
            date: "2022-11-21",
            type: "attack_on_civilians",
            fatalities: 11,
            actors: ["eis", "fama"],
            place: { id: "kadji", lat: 16.2, lon: 0, approx: false, region: "Gao", country: "MLI" },
          },
          {
            id: "camp-2023-03",
            date: "2023-03",
            type: "other",
            fatalities: null,
            actors: ["aqim"],
            place: { id: "camp", lat: 16.2, lon: 0, approx: true, region: "Gao", country: "MLI" },
          },
        ]);
      });

      it("filters by date window (partial dates, both ends included), actor, type and bounding box", async () => {
        await store.apply(createAll(withCamp()));
        expect(await ids({ from: "2022", to: "2022", limit: 10 })).toEqual(["talataye-2022-07", "kadji-2022-11-21"]);
        expect(await ids({ from: "2022-11-21", limit: 10 })).toEqual(["kadji-2022-11-21", "camp-2023-03"]);
        expect(await ids({ to: "2022-07", limit: 10 })).toEqual(["gao-2012", "talataye-2022-07"]);
        expect(await ids({ actor: "eis", limit: 10 })).toEqual(["talataye-2022-07", "kadji-2022-11-21"]);
        expect(await ids({ actor: "eis", from: "2022-08", limit: 10 })).toEqual(["kadji-2022-11-21"]);
        expect(await ids({ actor: "nobody", limit: 10 })).toEqual([]);
        expect(await ids({ types: ["battle", "occupation"], limit: 10 })).toEqual(["gao-2012", "talataye-2022-07"]);
        expect(await ids({ bbox: [-0.1, 16.25, -0.01, 16.3], limit: 10 })).toEqual(["gao-2012"]);
        expect(await ids({ bbox: [-0.01, 16.1, 0.01, 16.21], limit: 10 })).toEqual([
          "kadji-2022-11-21",
          "camp-2023-03",
        ]);
        expect(await ids({ bbox: [10, 10, 11, 11], limit: 10 })).toEqual([]);
        // A box across the antimeridian (minLon > maxLon) holds every longitude east of 179 and west of 1.
        expect(await ids({ bbox: [179, 16, 1, 17], limit: 10 })).toEqual([
          "gao-2012",
          "kadji-2022-11-21",
          "camp-2023-03",
        ]);
      });

      it("stops at the cap, oldest first, and says it was truncated", async () => {
        await store.apply(createAll(withCamp()));
        const two = await store.eventPoints({ limit: 2 });
        expect(two.events.id).toEqual(["gao-2012", "talataye-2022-07"]);
        expect(two.truncated).toBe(true);
        expect(two.places.id).toEqual(["gao"]);
        expect((await store.eventPoints({ limit: 4 })).truncated).toBe(false);
        await expect(store.eventPoints({ limit: 0 })).rejects.toThrow(RangeError);
      });
    });

    describe("updates", () => {
      it("overwrite every property, drop removed optionals and relink edges", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));

        const source = { ...fixture.sources[0], title: "Updated title", published: "2022-11-20" };
        delete (source as { url?: string }).url;
        const kadji = { ...fixture.places.find((p) => p.id === "kadji")!, lat: 16.25, lon: 1, parent: "mali" };
        const gao = { ...fixture.places.find((p) => p.id === "gao")! };
        delete (gao as { parent?: string }).parent;
        const aqim = {
          ...fixture.actors.find((a) => a.id === "aqim")!,
          name: "AQIM (renamed)",
          aliases: [],
          countries: [],
          sources: [{ sourceId: "apa-2022", quote: "new quote" }],
        };
        delete (aqim as { family?: string }).family;
        const rival = {
          ...fixture.relationships.find((r) => r.id === "eis-rival_of-aqim")!,
          confidence: "confirmed" as const,
        };
        delete (rival as { until?: string }).until;
        const kadjiEvent: Event = {
          ...fixture.events.find((e) => e.id === "kadji-2022-11-21")!,
          placeId: "gao",
          fatalities: { best: 12, low: 10 },
          participants: [
            { actorId: "fama", side: "A", attribution: "confirmed" },
            { actorId: "mujao", side: "B", attribution: "alleged" },
          ],
          sources: [{ sourceId: "zz-undated" }],
        };
        const gaoEvent = { ...fixture.events.find((e) => e.id === "gao-2012")! };
        delete (gaoEvent as { placeId?: string }).placeId;

        const c = emptyChangeSet();
        c.sources.update = [source];
        c.places.update = [kadji, gao];
        c.actors.update = [aqim];
        c.relationships.update = [rival];
        c.relationships.remove = [{ id: rival.id, type: "RIVAL_OF" }];
        c.events.update = [kadjiEvent, gaoEvent];
        const replace = <T extends { id: string }>(xs: T[], ys: T[]) =>
          xs.map((x) => ys.find((y) => y.id === x.id) ?? x);
        const events = replace(fixture.events, [kadjiEvent, gaoEvent]);
        c.clashes = replaceClashes(deriveClashes(events));
        await store.apply(c);

        const expected: Bundle = {
          sources: replace(fixture.sources, [source]),
          places: replace(fixture.places, [kadji, gao]),
          actors: replace(fixture.actors, [aqim]),
          relationships: replace(fixture.relationships, [rival]),
          events,
        };
        expect(await store.readAll()).toEqual(expected);
        const q = async (text: string) => (await store.runReadOnly(text, {}, OPTS)).rows;
        expect(
          await q("MATCH (p:Place)-[:LOCATED_IN]->(q:Place) RETURN p.id AS place, q.id AS parent ORDER BY place"),
        ).toEqual([{ place: "kadji", parent: "mali" }]);
        expect(
          await q("MATCH (e:Event)-[:OCCURRED_AT]->(p:Place) RETURN e.id AS event, p.id AS place ORDER BY event"),
        ).toEqual([{ event: "kadji-2022-11-21", place: "gao" }]);
        expect(
          await q("MATCH (a:Actor {id: 'aqim'})-[c:CITES]->(s:Source) RETURN s.id AS source, c.quote AS quote"),
        ).toEqual([{ source: "apa-2022", quote: "new quote" }]);
        expect((await store.counts()).relationships).toBe(3);
      });

      it("change a relationship's type by removing it under the old type and creating it under the new", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        const old = fixture.relationships.find((r) => r.id === "fama-rival_of-mujao")!;
        const c = emptyChangeSet();
        c.relationships.update = [{ ...old, type: "ALLIED_WITH" }];
        c.relationships.remove = [{ id: old.id, type: "RIVAL_OF" }];
        await store.apply(c);

        const rels = (await store.readAll()).relationships;
        expect(rels.find((r) => r.id === old.id)?.type).toBe("ALLIED_WITH");
        expect(rels).toHaveLength(3);
        const rivals = await store.runReadOnly(
          "MATCH (:Actor)-[r:RIVAL_OF]->(:Actor) RETURN r.id AS id ORDER BY id",
          {},
          OPTS,
        );
        expect(rivals.rows).toEqual([{ id: "eis-rival_of-aqim" }]);
      });
    });

    describe("derived clashes", () => {
      const clashQuery =
        "MATCH (a:Actor)-[c:CLASHED_WITH]->(b:Actor) RETURN c.id AS id, a.id AS a, b.id AS b, c.count AS n, " +
        "c.fatalities AS fatalities, c.unknownFatalities AS unknown, c.first AS first, c.last AS last ORDER BY id";

      it("are stored as aggregates with months, integer counts, and unknown fatalities kept unknown", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        const rows = (await store.runReadOnly(clashQuery, {}, OPTS)).rows;
        expect(rows).toEqual(
          deriveClashes(fixture.events).map((c) => ({
            id: c.id,
            a: c.a,
            b: c.b,
            n: c.count,
            fatalities: c.fatalities,
            unknown: c.unknownFatalities,
            first: c.first,
            last: c.last,
          })),
        );
        expect(rows.find((r) => r.id === "clash:eis:fama")).toMatchObject({ n: 2, fatalities: 71, unknown: 0 });
        expect((await store.readActorGraph()).clashes).toEqual(deriveClashes(fixture.events));
      });

      it("are derived by the store exactly as in memory, by actor, without some events and within days", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        expect(await store.deriveClashes({})).toEqual(deriveClashes(fixture.events));
        const withoutKadji = fixture.events.filter((e) => e.id !== "kadji-2022-11-21");
        expect(await store.deriveClashes({ exclude: ["kadji-2022-11-21"] })).toEqual(deriveClashes(withoutKadji));
        expect(await store.deriveClashes({ actors: ["aqim"] })).toEqual(
          deriveClashes(fixture.events).filter((c) => c.a === "aqim" || c.b === "aqim"),
        );
        expect(await store.deriveClashes({ from: "2022-08-01", to: "2022-12-31" })).toEqual(
          deriveClashes(fixture.events.filter((e) => e.id === "kadji-2022-11-21")),
        );
      });

      it("are upserted and removed by id; replaceAll replaces them whole; null leaves them alone", async () => {
        await store.apply(createAll(fixtureBundle()));
        const [first, ...rest] = deriveClashes(fixtureBundle().events);
        const changed = {
          ...first,
          months: { "2012-01": { count: 3, fatalities: 9, unknown: 1, first: "2012-01-01", last: "2012-01-20" } },
        };
        const one = emptyChangeSet();
        one.clashes = {
          replaceAll: false,
          upsert: [
            { ...changed, count: 3, fatalities: 9, unknownFatalities: 1, first: "2012-01-01", last: "2012-01-20" },
          ],
          remove: rest.map((c) => c.id),
        };
        await store.apply(one);
        expect((await store.readActorGraph()).clashes).toEqual([one.clashes.upsert[0]]);

        await store.apply(emptyChangeSet()); // clashes: null
        expect((await store.counts()).clashes).toBe(1);
        const none = emptyChangeSet();
        none.clashes = replaceClashes([]);
        await store.apply(none);
        expect((await store.counts()).clashes).toBe(0);
      });
    });

    describe("reads that stay small (actor graph, activity, ids, pages)", () => {
      it("reads the actor-level graph and the activity per actor and month", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        const graph = await store.readActorGraph();
        expect(graph.actors).toEqual(fixture.actors);
        expect(graph.relationships).toEqual(fixture.relationships);
        const activity = await store.readActivity();
        expect(activity.range).toEqual({ min: "2012-01-01", max: "2022-11-21" });
        expect(activity.months).toEqual([
          { month: "2012-01", count: 1 },
          { month: "2022-07", count: 1 },
          { month: "2022-11", count: 1 },
        ]);
        expect(activity.actors.filter((r) => r.actorId === "fama")).toEqual([
          { actorId: "fama", month: "2022-07", count: 1 },
          { actorId: "fama", month: "2022-11", count: 1 },
        ]);
      });

      it("reads entities by id, leaving unknown ids out", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        const got = await store.readByIds({
          sources: ["apa-2022", "nope"],
          places: ["gao", "kadji", "nope"],
          events: ["talataye-2022-07", "nope"],
        });
        expect(got.sources).toEqual(fixture.sources.filter((s) => s.id === "apa-2022"));
        expect(got.places).toEqual(fixture.places.filter((p) => p.id === "gao" || p.id === "kadji"));
        expect(got.events).toEqual(fixture.events.filter((e) => e.id === "talataye-2022-07"));
        expect(await store.readByIds({})).toEqual(emptyBundle());
      });

      it("pages events by (date, id) with a keyset cursor in both orders, every event once", async () => {
        const b = fixtureBundle();
        const many: Event[] = Array.from({ length: 23 }, (_, i) => ({
          ...b.events[0],
          id: `ev-${String(i).padStart(2, "0")}`,
          date: `2020-0${1 + (i % 3)}-1${i % 5}`,
        }));
        await store.apply(createAll({ ...b, events: [...b.events, ...many] }));
        const all = [...b.events, ...many].map((e) => ({ id: e.id, day: dateStart(e.date) }));
        for (const order of ["asc", "desc"] as const) {
          const seen: string[] = [];
          for (let after: EventKey | null | undefined = undefined; after !== null;) {
            const page: EventPage = await store.readEvents({ order, limit: 5, ...(after ? { after } : {}) });
            expect(page.items.length).toBeLessThanOrEqual(5);
            seen.push(...page.items.map((e) => e.id));
            after = page.next;
          }
          const expected = [...all]
            .sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : x.id < y.id ? -1 : 1))
            .map((x) => x.id);
          expect(seen).toEqual(order === "asc" ? expected : expected.reverse());
        }
        const eis = await store.readEvents({ actors: ["eis"], order: "asc", limit: 100 });
        expect(eis.items.map((e) => e.id)).toEqual(["talataye-2022-07", "kadji-2022-11-21"]);
        const clash = await store.readEvents({ actors: ["fama"], opponent: "eis", order: "desc", limit: 100 });
        expect(clash.items.map((e) => e.id)).toEqual(["kadji-2022-11-21", "talataye-2022-07"]);
        const window = await store.readEvents({ from: "2020-02-01", to: "2020-02-28", order: "asc", limit: 100 });
        expect(window.items.every((e) => e.date >= "2020-02-01" && e.date <= "2020-02-28")).toBe(true);
        expect(window.items).toHaveLength(many.filter((e) => e.date.startsWith("2020-02")).length);
        const atKadji = await store.readEvents({
          places: await store.placesInBox([-1, 15, 1, 17]),
          order: "asc",
          limit: 100,
        });
        expect(atKadji.items.map((e) => e.placeId)).toEqual(expect.arrayContaining(["kadji"]));
      });

      it("reads the country places alone (what an import reads whole of the places)", async () => {
        await store.apply(createAll(fixtureBundle()));
        const countries = fixtureBundle().places.filter((p) => p.kind === "country" && p.country);
        expect(countries.length).toBeGreaterThan(0);
        expect(fixtureBundle().places.length).toBeGreaterThan(countries.length);
        expect(await store.readCountries()).toEqual(countries);
      });

      const omitPlace = ({ placeId: _placeId, ...rest }: Event): Event => rest;

      it("walks every kind of event page (actors, a clash's pair, places, a day window) with no duplicate or gap", async () => {
        const b = fixtureBundle();
        const sides = [
          ["eis", "fama"],
          ["fama", "eis"],
          ["eis", "aqim"],
          ["mujao", "fama"],
        ] as const;
        // 40 more events over three months, some on one day (ids break the tie), at Kadji or Gao or nowhere,
        // an actor listed on both sides of one of them (it counts once).
        const many: Event[] = Array.from({ length: 40 }, (_, i) => ({
          ...omitPlace(b.events[0]),
          id: `pg-${String((i * 7) % 40).padStart(2, "0")}`,
          date: `2021-0${1 + (i % 3)}-${String(1 + (i % 4)).padStart(2, "0")}`,
          ...(i % 3 === 2 ? {} : { placeId: i % 3 === 0 ? "kadji" : "gao" }),
          participants: [
            { actorId: sides[i % 4][0], side: "A" as const, attribution: "confirmed" as const },
            { actorId: sides[i % 4][1], side: "B" as const, attribution: "confirmed" as const },
            ...(i === 4 ? [{ actorId: sides[i % 4][0], side: "B" as const, attribution: "confirmed" as const }] : []),
          ],
        }));
        const events = [...b.events, ...many];
        await store.apply(createAll({ ...b, events }));
        const kadjiGao = await store.placesInBox([-1, 15, 1, 17]);
        expect(kadjiGao.sort()).toEqual(["gao", "kadji"]);
        const sideOf = (e: Event, a: string) =>
          new Set(e.participants.filter((p) => p.actorId === a).map((p) => p.side));
        const kinds: [string, Omit<EventPageQuery, "order" | "limit" | "after">, (e: Event) => boolean][] = [
          ["eis", { actors: ["eis"] }, (e) => e.participants.some((p) => p.actorId === "eis")],
          [
            "eis or mujao",
            { actors: ["eis", "mujao"] },
            (e) => e.participants.some((p) => p.actorId === "eis" || p.actorId === "mujao"),
          ],
          [
            "fama against eis",
            { actors: ["fama"], opponent: "eis" },
            (e) => [...sideOf(e, "fama")].some((x) => [...sideOf(e, "eis")].some((y) => x !== y)),
          ],
          ["at Kadji or Gao", { places: kadjiGao }, (e) => e.placeId === "kadji" || e.placeId === "gao"],
          [
            "eis at Kadji",
            { actors: ["eis"], places: ["kadji"] },
            (e) => e.placeId === "kadji" && e.participants.some((p) => p.actorId === "eis"),
          ],
          [
            "February 2021",
            { from: "2021-02-01", to: "2021-02-28" },
            (e) => e.date >= "2021-02-01" && e.date <= "2021-02-28",
          ],
          ["everything", {}, () => true],
        ];
        for (const [label, query, keep] of kinds) {
          const expected = events
            .filter(keep)
            .map((e) => ({ id: e.id, day: dateStart(e.date) }))
            .sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : x.id < y.id ? -1 : 1))
            .map((x) => x.id);
          expect(expected.length, label).toBeGreaterThan(3);
          // With actors, both places a store may start from (the Neo4j variants differ) give the same pages.
          const starts = query.actors ? (["days", "actors"] as const) : ([undefined] as const);
          for (const [order, start] of (["asc", "desc"] as const).flatMap((o) => starts.map((x) => [o, x] as const))) {
            const seen: string[] = [];
            let pages = 0;
            for (let after: EventKey | null | undefined = undefined; after !== null; pages++) {
              const page: EventPage = await store.readEvents({
                ...query,
                order,
                limit: 3,
                ...(start ? { start } : {}),
                ...(after ? { after } : {}),
              });
              expect(page.items.length, label).toBeLessThanOrEqual(3);
              if (page.next) expect(page.items.length, label).toBe(3);
              seen.push(...page.items.map((e) => e.id));
              after = page.next;
              expect(pages, label).toBeLessThan(50);
            }
            expect(seen, `${label} ${order} ${start}`).toEqual(order === "asc" ? expected : [...expected].reverse());
          }
          // A page holds whole events, as read by id.
          const one = await store.readEvents({ ...query, order: "asc", limit: 2 });
          const byId = [...one.items].sort((x, y) => (x.id < y.id ? -1 : 1));
          expect(byId).toEqual((await store.readByIds({ events: one.items.map((e) => e.id) })).events);
        }
      });

      it("reads a window of days whole: every event of some actors in it, by (date, id), as read by id", async () => {
        const b = fixtureBundle();
        const many: Event[] = Array.from({ length: 12 }, (_, i) => ({
          ...b.events[0],
          id: `win-${String(11 - i).padStart(2, "0")}`,
          date: `2021-0${1 + (i % 3)}-0${1 + (i % 4)}`,
          participants: [{ actorId: i % 2 ? "eis" : "mujao", side: "A" as const, attribution: "confirmed" as const }],
        }));
        const events = [...b.events, ...many];
        await store.apply(createAll({ ...b, events }));
        const order = (xs: Event[]) =>
          [...xs].sort((x, y) => {
            const [dx, dy] = [dateStart(x.date), dateStart(y.date)];
            return dx < dy ? -1 : dx > dy ? 1 : x.id < y.id ? -1 : 1;
          });
        for (const [actors, from, to] of [
          [["eis"], "2021-01-01", "2021-02-28"],
          [["eis", "mujao"], "2021-02-01", "2021-03-31"],
          [["eis", "mujao", "fama"], "0000-00-00", "9999-99-99"],
          [["nobody"], "0000-00-00", "9999-99-99"],
        ] as const) {
          const got = await store.readEventWindow({ actors: [...actors], from, to });
          const expected = order(
            events.filter(
              (e) =>
                dateStart(e.date) >= from &&
                dateStart(e.date) <= to &&
                e.participants.some((p) => (actors as readonly string[]).includes(p.actorId)),
            ),
          );
          expect(
            got.map((e) => e.id),
            `${actors} ${from}`,
          ).toEqual(expected.map((e) => e.id));
          const byId = [...got].sort((x, y) => (x.id < y.id ? -1 : 1));
          expect(byId).toEqual((await store.readByIds({ events: got.map((e) => e.id) })).events);
        }
        expect(await store.readEventWindow({ actors: [], from: "0000-00-00", to: "9999-99-99" })).toEqual([]);
      });

      it("tells which of some event ids it holds, reading nothing else", async () => {
        await store.apply(createAll(fixtureBundle()));
        const held = fixtureBundle().events.map((e) => e.id);
        expect(await store.storedEventIds([held[1], "no-such-event", held[0], held[1]])).toEqual(
          [held[0], held[1]].sort(),
        );
        expect(await store.storedEventIds([])).toEqual([]);
      });

      it("pages sources by id", async () => {
        await store.apply(createAll(fixtureBundle()));
        const first = await store.readSources({ limit: 2 });
        const second = await store.readSources({ limit: 2, after: first.next! });
        expect([...first.items, ...second.items].map((s) => s.id)).toEqual(fixtureBundle().sources.map((s) => s.id));
        expect(second.next).toBeNull();
      });
    });

    describe("incremental read model", () => {
      /** The model kept by applying commits must equal a rebuild from the store, and the stored clashes a full derivation. */
      async function expectRebuildEquals(holder: ReturnType<typeof createReadModelHolder>) {
        const kept = await holder.get();
        const rebuilt = buildReadModel(
          await store.readActorGraph(),
          await store.readActivity(),
          await store.counts(),
          kept.version,
        );
        expect(kept).toEqual(rebuilt);
        expect((await store.readActorGraph()).clashes).toEqual(await store.deriveClashes({}));
      }

      it("equals a rebuild after loads that create, update and move events, and add a relationship", async () => {
        const holder = createReadModelHolder(store);
        await holder.get();
        const writer = holder.store;
        await loadInputs(writer, [{ file: "fixture.json", data: FIXTURE_INPUT }]);
        await expectRebuildEquals(holder);

        const input = structuredClone(FIXTURE_INPUT) as unknown as { events: Record<string, unknown>[] };
        // Talataye moves a month and loses FAMa; Kadji gains AQIM on side A; a new clash appears in 2021.
        input.events[1] = {
          ...input.events[1],
          date: "2022-06-30",
          participants: (input.events[1].participants as unknown[]).slice(0, 2),
        };
        input.events[0] = {
          ...input.events[0],
          participants: [...(input.events[0].participants as unknown[]), { actorId: "aqim", side: "A" }],
        };
        input.events.push({
          id: "new-2021",
          date: "2021-03-02",
          type: "battle",
          participants: [
            { actorId: "mujao", side: "A" },
            { actorId: "aqim", side: "B" },
          ],
          sources: [{ sourceId: "apa-2022" }],
        });
        const report = await loadInputs(writer, [{ file: "changed.json", data: input }]);
        expect(report.counts.events).toMatchObject({ created: 1, updated: 2 });
        await expectRebuildEquals(holder);

        const rel = await loadInputs(writer, [
          {
            file: "one.json",
            data: {
              relationships: [
                {
                  type: "ALLIED_WITH",
                  from: "aqim",
                  to: "mujao",
                  since: "2012",
                  confidence: "probable",
                  sources: [{ sourceId: "apa-2022" }],
                },
              ],
            },
          },
        ]);
        expect(rel.counts.relationships.created).toBe(1);
        const model = await holder.get();
        expect(model.relationships.has("aqim-allied_with-mujao-2012")).toBe(true);
        await expectRebuildEquals(holder);
      });
    });

    describe("atomicity", () => {
      it("leaves the store exactly as before when a later statement of the ChangeSet fails", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        const before = await snapshot(store);

        const c = emptyChangeSet();
        // Planned first and valid on their own: a new source and a new place...
        c.sources.create = [{ id: "new-src", title: "New", publisher: "P", language: "en", kind: "news" }];
        c.places.create = [{ id: "new-place", name: "New place", kind: "town", lat: 1.5, lon: 2 }];
        // ...then an actor whose id already exists: the primary key / unique constraint refuses it.
        c.actors.create = [{ ...fixture.actors[0], name: "Duplicate" }];
        c.actors.update = [{ ...fixture.actors[1], name: "Should not stick" }];
        await expect(store.apply(c)).rejects.toThrow();

        expect(await snapshot(store)).toEqual(before);
      });

      it("still writes after a failed ChangeSet", async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        const bad = emptyChangeSet();
        bad.actors.create = [fixture.actors[0]];
        await expect(store.apply(bad)).rejects.toThrow();

        const good = emptyChangeSet();
        good.sources.create = [{ id: "new-src", title: "New", publisher: "P", language: "en", kind: "news" }];
        await store.apply(good);
        expect((await store.counts()).sources).toBe(4);
      });
    });

    describe("large ChangeSets (beyond one batch; the embedded store's COPY path)", () => {
      const LARGE = 2_500;
      const pad = (i: number) => String(i).padStart(5, "0");
      // Free text with every character a CSV or a JSON cast could trip on.
      const awkward = (i: number) =>
        `Row ${i}: "quoted", 'single', comma, semicolon; tab\there\nnew line, \\ back & <b>É ✓`;

      function largeEvents(): Event[] {
        return Array.from({ length: LARGE }, (_, i) => ({
          id: `bulk-${pad(i)}`,
          date: i % 3 === 0 ? "2020" : i % 3 === 1 ? "2020-05" : "2020-05-17",
          type: "battle" as const,
          ...(i % 4 === 0 ? {} : { placeId: "gao" }),
          ...(i % 5 === 0 ? {} : { fatalities: i % 2 ? { best: i } : { best: i, low: 0, high: i * 2 } }),
          claims: [],
          participants: [
            { actorId: "aqim", side: "A" as const, attribution: "confirmed" as const },
            { actorId: "eis", side: "B" as const, role: "defender" as const, attribution: "claimed" as const },
          ],
          description: awkward(i),
          sources: [{ sourceId: "apa-2022", quote: awkward(i) }],
        }));
      }

      it(`round-trips ${LARGE} events with awkward text exactly`, async () => {
        const fixture = fixtureBundle();
        await store.apply(createAll(fixture));
        const c = emptyChangeSet();
        c.events.create = largeEvents();
        await store.apply(c);
        const back = await store.readAll();
        expect(back.events.length).toBe(fixture.events.length + LARGE);
        expect(back.events.filter((e) => e.id.startsWith("bulk-"))).toEqual(largeEvents());
        const placed = await store.runReadOnly(
          "MATCH (e:Event)-[:OCCURRED_AT]->(:Place {id: 'gao'}) RETURN count(e) AS n",
          {},
          OPTS,
        );
        expect(placed.rows).toEqual([{ n: 1 + (LARGE - Math.ceil(LARGE / 4)) }]);
      });

      itUnlessKnown("rollback-after-large-batch")(
        `rolls back ${LARGE} created sources when a later statement fails`,
        async () => {
          const fixture = fixtureBundle();
          await store.apply(createAll(fixture));
          const before = await snapshot(store);
          const c = emptyChangeSet();
          c.sources.create = Array.from({ length: LARGE }, (_, i) => ({
            id: `bulk-src-${pad(i)}`,
            title: awkward(i),
            publisher: "P",
            language: "en",
            kind: "news" as const,
          }));
          c.actors.create = [fixture.actors[0]]; // an existing id: refused after the sources went in
          await expect(store.apply(c)).rejects.toThrow();
          expect(await snapshot(store)).toEqual(before);
        },
      );
    });

    describe("loader", () => {
      it("is idempotent: a second load of the same input reports everything unchanged and writes nothing", async () => {
        const input = [{ file: "fixture.json", data: FIXTURE_INPUT }];
        const first = await loadInputs(store, input);
        expect(first.written).toBe(true);
        expect(first.counts.actors).toEqual({ read: 4, created: 4, updated: 0, unchanged: 0 });

        const second = await loadInputs(store, input);
        expect(second.written).toBe(false);
        for (const kind of ["sources", "places", "actors", "relationships", "events"] as const) {
          expect(second.counts[kind]).toEqual({
            read: first.counts[kind].read,
            created: 0,
            updated: 0,
            unchanged: first.counts[kind].read,
          });
        }
        expect(await store.readAll()).toEqual(fixtureBundle());
      });
    });

    describe("runReadOnly", () => {
      beforeEach(async () => {
        await store.apply(createAll(fixtureBundle()));
      });

      it("returns aliased columns and plain JSON rows (numbers, lists, unicode)", async () => {
        const r = await store.runReadOnly(
          "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.countries AS countries ORDER BY id",
          {},
          OPTS,
        );
        expect(r.columns).toEqual(["id", "name", "countries"]);
        expect(r.rows).toEqual([
          { id: "aqim", name: "al-Qaeda in the Islamic Maghreb", countries: ["DZA", "MLI"] },
          { id: "eis", name: "État islamique au Sahel", countries: ["MLI", "NER", "BFA"] },
          { id: "fama", name: "Forces armées maliennes", countries: [] },
          { id: "mujao", name: "MUJAO", countries: [] },
        ]);
        const n = await store.runReadOnly(
          "MATCH (e:Event) RETURN count(e) AS n, sum(e.fatalitiesBest) AS dead",
          {},
          OPTS,
        );
        expect(n.rows).toEqual([{ n: 3, dead: 71 }]);
        expect(JSON.parse(JSON.stringify(n.rows))).toEqual(n.rows);
      });

      it("binds parameters", async () => {
        const r = await store.runReadOnly(
          "MATCH (a:Actor) WHERE a.id = $id RETURN a.name AS name",
          { id: "eis" },
          OPTS,
        );
        expect(r.rows).toEqual([{ name: "État islamique au Sahel" }]);
      });

      it("returns nodes, relationships and paths as {kind, label|type, properties} without internal ids", async () => {
        const r = await store.runReadOnly(
          "MATCH p = (a:Actor)-[r:SPLINTER_OF*1..1]->(b:Actor) MATCH (a)-[s:SPLINTER_OF]->(b) RETURN a AS a, s AS s, p AS p",
          {},
          OPTS,
        );
        expect(r.rows).toHaveLength(1);
        const { a, s, p } = r.rows[0] as Record<string, Record<string, unknown>>;
        expect(a).toMatchObject({ kind: "node", label: "Actor", properties: { id: "mujao", name: "MUJAO" } });
        expect(s).toMatchObject({
          kind: "relationship",
          type: "SPLINTER_OF",
          properties: { id: "mujao-splinter_of-aqim-2011" },
        });
        expect(p.kind).toBe("path");
        expect((p.nodes as { properties: { id: string } }[]).map((x) => x.properties.id)).toEqual(["mujao", "aqim"]);
        expect((p.relationships as { type: string }[]).map((x) => x.type)).toEqual(["SPLINTER_OF"]);
        expect(keysDeep(r.rows).filter((k) => INTERNAL_KEYS.includes(k))).toEqual([]);
        expect(JSON.parse(JSON.stringify(r.rows))).toEqual(r.rows);
      });

      it("caps rows and says so", async () => {
        const q = "UNWIND range(1, 25) AS i RETURN i AS i";
        const capped = await store.runReadOnly(q, {}, { ...OPTS, maxRows: 10 });
        expect(capped.truncated).toBe(true);
        expect(capped.rows.map((r) => r.i)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        const exact = await store.runReadOnly(q, {}, { ...OPTS, maxRows: 25 });
        expect(exact.truncated).toBe(false);
        expect(exact.rows).toHaveLength(25);
      });

      it("refuses a syntax error with InvalidInputError", async () => {
        await expect(store.runReadOnly("RETRN 1", {}, OPTS)).rejects.toBeInstanceOf(InvalidInputError);
      });

      it.each(WRITE_CASES.map((w) => [w.what, w] as const))(
        "refuses %s with ReadOnlyViolationError and leaves the store unchanged",
        async (_what, w) => {
          const before = await snapshot(store);
          await expect(store.runReadOnly(w.query(store.engine, csv), {}, OPTS)).rejects.toBeInstanceOf(
            ReadOnlyViolationError,
          );
          expect(await snapshot(store)).toEqual(before);
        },
      );

      it("refuses to read server files (LOAD FROM / LOAD CSV)", async () => {
        const q =
          store.engine === "embedded"
            ? `LOAD FROM '${csv}' (header=false) RETURN *`
            : `LOAD CSV FROM 'file://${csv}' AS row RETURN row`;
        await expect(store.runReadOnly(q, {}, OPTS)).rejects.toBeInstanceOf(ReadOnlyViolationError);
      });

      it("stops a runaway query at its timeout and answers afterwards", async () => {
        const started = Date.now();
        await expect(store.runReadOnly(RUNAWAY, {}, { timeoutMs: 300, maxRows: 10 })).rejects.toBeInstanceOf(
          QueryTimeoutError,
        );
        expect(Date.now() - started).toBeLessThan(10_000);
        expect((await store.runReadOnly("RETURN 1 AS ok", {}, OPTS)).rows).toEqual([{ ok: 1 }]);
        expect((await store.counts()).actors).toBe(4);
        const c = emptyChangeSet();
        c.sources.create = [{ id: "after-timeout", title: "T", publisher: "P", language: "en", kind: "news" }];
        await store.apply(c);
        expect((await store.counts()).sources).toBe(4);
      });
    });
  });
}

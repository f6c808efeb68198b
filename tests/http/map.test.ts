// The map's endpoints on the seeded store: /api/events/points (compact columns, cap, validation) and /api/events/:id.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POINTS_MAX } from "../../server/http/routes/map.js";
import type { EventPoints as Points } from "../../server/store/port.js";
import { createSeededApp } from "../helpers/server.js";

type App = Awaited<ReturnType<typeof createSeededApp>>;
interface EventItem {
  id: string;
  date: string;
  type: string;
  fatalities?: { best: number };
  participants: { actorId: string }[];
}

describe("map endpoints on the seeded store", () => {
  let t: App;
  let all: EventItem[];
  beforeAll(async () => {
    t = await createSeededApp();
    all = [];
    for (let cursor: string | null | undefined = undefined; cursor !== null;) {
      const page: { body: { items: typeof all; nextCursor: string | null } } = await request(t.app)
        .get("/api/events")
        .query({ limit: 500, ...(cursor ? { cursor } : {}) })
        .expect(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
  });
  afterAll(() => t.close());

  const points = async (query: Record<string, string | number> = {}) =>
    (await request(t.app).get("/api/events/points").query(query).expect(200)).body as Points;

  it("gives every event once, oldest first, with its type, actors and fatalities (null when not reported)", async () => {
    const p = await points();
    expect(p.truncated).toBe(false);
    expect(p.limit).toBe(POINTS_MAX);
    expect([...p.events.id].sort()).toEqual(all.map((e) => e.id).sort());
    expect([...p.events.date]).toEqual(
      [...p.events.date].sort((a, b) => (a.padEnd(10, "-") < b.padEnd(10, "-") ? -1 : 1)),
    );
    const byId = new Map(all.map((e) => [e.id, e]));
    p.events.id.forEach((id, i) => {
      const e = byId.get(id)!;
      expect(p.events.date[i]).toBe(e.date);
      expect(p.types[p.events.type[i]]).toBe(e.type);
      expect(p.events.fatalities[i]).toBe(e.fatalities ? e.fatalities.best : null);
      expect(p.events.actors[i].map((a) => p.actors[a])).toEqual(
        [...new Set(e.participants.map((x) => x.actorId))].sort(),
      );
    });
    // The seeds hold events whose fatalities were not reported: they stay null, never 0.
    expect(p.events.fatalities).toContain(null);
    // Every place referenced is a located one or says it is not (lat null), and none is referenced twice.
    expect(new Set(p.places.id).size).toBe(p.places.id.length);
    expect(p.places.lat.some((x) => x !== null)).toBe(true);
  });

  it("filters by actor, date window, type and bounding box", async () => {
    const isSahel = await points({ actor: "is-sahel" });
    const expected = all.filter((e) => e.participants.some((x) => x.actorId === "is-sahel")).map((e) => e.id);
    expect([...isSahel.events.id].sort()).toEqual(expected.sort());
    const y2022 = await points({ from: "2022", to: "2022" });
    expect([...y2022.events.id].sort()).toEqual(
      all
        .filter((e) => e.date.startsWith("2022"))
        .map((e) => e.id)
        .sort(),
    );
    const battles = await points({ types: "battle" });
    expect(battles.events.type.every((x) => battles.types[x] === "battle")).toBe(true);
    expect(battles.events.id.length).toBe(all.filter((e) => e.type === "battle").length);
    // A box around Gao and Ménaka holds only events located inside it.
    const box = await points({ bbox: "-1,15,3.5,17.5" });
    expect(box.events.id.length).toBeGreaterThan(0);
    box.events.place.forEach((pi) => {
      expect(box.places.lon[pi]).toBeGreaterThanOrEqual(-1);
      expect(box.places.lat[pi]).toBeLessThanOrEqual(17.5);
    });
    expect((await points({ bbox: "100,-10,110,0" })).events.id).toEqual([]);
  });

  it("caps the answer and says it was truncated", async () => {
    const p = await points({ limit: 2 });
    expect(p.events.id).toHaveLength(2);
    expect(p.truncated).toBe(true);
    expect(p.limit).toBe(2);
  });

  it("compresses the answer for clients that accept gzip", async () => {
    const res = await request(t.app).get("/api/events/points").set("Accept-Encoding", "gzip").expect(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.body.events.id.length).toBe(all.length);
  });

  it.each([
    ["a limit above the cap", { limit: POINTS_MAX + 1 }, "limit"],
    ["a zero limit", { limit: 0 }, "limit"],
    ["a bad date", { from: "2022-13" }, "from"],
    ["an unknown type", { types: "battle,picnic" }, "types"],
    ["a bbox with three numbers", { bbox: "1,2,3" }, "bbox"],
    ["a latitude out of range", { bbox: "0,-95,1,1" }, "bbox"],
    ["an id that is not a slug", { actor: "Robert'); DROP" }, "actor"],
    ["an unknown parameter", { at: "2022" }, ""],
  ])("refuses %s with a validation problem naming the field", async (_what, query, field) => {
    const res = await request(t.app).get("/api/events/points").query(query).expect(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe("validation_failed");
    if (field) expect(res.body.issues.map((i: { path: string }) => i.path.split(".")[0])).toContain(field);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await request(t.app).get("/api/openapi.json").expect(200)).body;
    expect(doc.paths["/api/events/points"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["from", "to", "actor", "types", "bbox", "limit"]),
    );
    expect(doc.paths["/api/events/{id}"]).toBeDefined();
  });

  it("gives one event with its place hierarchy, participants' names and quoted sources", async () => {
    const withQuote = all.find((e) => e.id === "kadji-idp-camp-attack-2022-11-21") ?? all[0];
    const res = await request(t.app).get(`/api/events/${withQuote.id}`).expect(200);
    expect(res.body.id).toBe(withQuote.id);
    expect(res.body.participants[0].actorName).toBeTruthy();
    expect(res.body.sources.length).toBeGreaterThan(0);
    expect(res.body.cited.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(res.body.sources.map((s: { sourceId: string }) => s.sourceId)),
    );
    if (res.body.place) expect(res.body.place.path.length).toBeGreaterThan(0);
  });

  it("answers the same query again from the same data, and a load's new event at once", async () => {
    const before = await points({ actor: "jnim" });
    expect(await points({ actor: "jnim" })).toEqual(before);
    const event = {
      id: "map-test-event-2024-03-02",
      date: "2024-03-02",
      type: "battle",
      placeId: "talataye",
      participants: [{ actorId: "jnim", side: "A" }],
      sources: [{ sourceId: "apa-2022-gao" }],
    };
    await request(t.app)
      .post("/api/load")
      .set("Authorization", "Bearer test-token-123")
      .send({ events: [event] })
      .expect(200);
    const after = await points({ actor: "jnim" });
    expect([...after.events.id].sort()).toEqual([...before.events.id, event.id].sort());
    expect(after.events.fatalities[after.events.id.indexOf(event.id)]).toBeNull();
  });

  it("answers an unknown event with not_found", async () => {
    const res = await request(t.app).get("/api/events/no-such-event").expect(404);
    expect(res.body.code).toBe("not_found");
  });
});

import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededApp } from "../helpers/server.js";
import { TEST_STORE } from "../helpers/store.js";
import { readSeedInputs } from "../../server/services/seeds.js";

type App = Awaited<ReturnType<typeof createSeededApp>>;

describe("HTTP API on the seeded store", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp();
  });
  afterAll(() => t.close());

  it("reports health with the store kind and counts", async () => {
    const res = await request(t.app).get("/api/health").expect(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.store).toBe(TEST_STORE);
    expect(res.body.counts.actors).toBeGreaterThanOrEqual(20);
    expect(res.body.counts.relationships).toBeGreaterThan(10);
    expect(res.body.counts.events).toBeGreaterThanOrEqual(4);
  });

  it.each([
    "EIS",
    "EIGS",
    "ISGS",
    "ISSP",
    "État islamique au Sahel",
    "etat islamique au sahel",
    "ÉTAT ISLAMIQUE AU SAHEL",
  ])("search %s finds the Islamic State in the Sahel first", async (q) => {
    const res = await request(t.app).get("/api/search").query({ q }).expect(200);
    expect(res.body.items[0].actor.id).toBe("is-sahel");
    expect(res.body.items[0].matched.name).toBeTruthy();
  });

  it("search names the alias that matched", async () => {
    const res = await request(t.app).get("/api/search").query({ q: "GSIM" }).expect(200);
    expect(res.body.items[0]).toMatchObject({ actor: { id: "jnim" }, matched: { name: "GSIM" } });
  });

  it("search understands the forms datasets write, as the importers' resolver does", async () => {
    const res = await request(t.app)
      .get("/api/search")
      .query({ q: "JNIM: Group for Support of Islam and Muslims" })
      .expect(200);
    expect(res.body.items[0].actor.id).toBe("jnim");
  });

  it("search finds by prefix below exact matches", async () => {
    const res = await request(t.app).get("/api/search").query({ q: "mour" }).expect(200);
    expect(res.body.items.map((i: { actor: { id: string } }) => i.actor.id)).toContain("al-mourabitoun");
  });

  it("search without q is a validation problem with a stable code", async () => {
    const res = await request(t.app).get("/api/search").expect(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.issues[0].path).toBe("q");
  });

  it("MUJAO's detail lists SPLINTER_OF AQIM with its source", async () => {
    const res = await request(t.app).get("/api/actors/mujao").expect(200);
    const rel = res.body.relationships.find(
      (r: { type: string; other: { id: string } }) => r.type === "SPLINTER_OF" && r.other.id === "aqim",
    );
    expect(rel).toBeDefined();
    expect(rel.direction).toBe("out");
    expect(rel.sources.length).toBeGreaterThan(0);
    expect(rel.sources[0].source.title).toBeTruthy();
  });

  it("an unknown actor is a not_found problem", async () => {
    const res = await request(t.app).get("/api/actors/nobody").expect(404);
    expect(res.body.code).toBe("not_found");
  });

  it("the graph as of 2012-06-01 holds MUJAO and AQIM but not JNIM", async () => {
    const res = await request(t.app).get("/api/graph").query({ at: "2012-06-01" }).expect(200);
    const keys = res.body.nodes.map((n: { key: string }) => n.key);
    expect(keys).toContain("mujao");
    expect(keys).toContain("aqim");
    expect(keys).not.toContain("jnim");
    expect(res.body.options).toEqual({ type: "mixed", multi: true, allowSelfLoops: false });
  });

  it("the whole-history graph holds JNIM and every edge has a source or is a derived clash", async () => {
    const res = await request(t.app).get("/api/graph").expect(200);
    expect(res.body.nodes.map((n: { key: string }) => n.key)).toContain("jnim");
    for (const e of res.body.edges) {
      if (e.attributes.type === "CLASHED_WITH") expect(e.attributes.count).toBeGreaterThan(0);
      else expect(e.attributes.sources.length).toBeGreaterThan(0);
    }
  });

  it("the graph filters by relationship type", async () => {
    const res = await request(t.app).get("/api/graph").query({ types: "SPLINTER_OF" }).expect(200);
    expect(res.body.edges.length).toBeGreaterThan(0);
    expect(new Set(res.body.edges.map((e: { attributes: { type: string } }) => e.attributes.type))).toEqual(
      new Set(["SPLINTER_OF"]),
    );
  });

  it("an unknown relationship type in the filter is refused", async () => {
    const res = await request(t.app).get("/api/graph").query({ types: "FRIENDS_WITH" }).expect(400);
    expect(res.body.code).toBe("validation_failed");
  });

  it("a bad date in the filter is refused", async () => {
    const res = await request(t.app).get("/api/graph").query({ at: "2012-13-01" }).expect(400);
    expect(res.body.issues[0].path).toBe("at");
  });

  it("the ego network of MUJAO at depth 1 holds its neighbours only", async () => {
    const res = await request(t.app).get("/api/graph").query({ actor: "mujao", depth: 1 }).expect(200);
    const keys = res.body.nodes.map((n: { key: string }) => n.key);
    expect(keys).toContain("mujao");
    expect(keys).toContain("aqim");
    for (const e of res.body.edges) expect(keys).toContain(e.source);
  });

  it("finds a shortest path between MUJAO and JNIM", async () => {
    const res = await request(t.app).get("/api/paths").query({ from: "mujao", to: "jnim" }).expect(200);
    expect(res.body.paths.length).toBeGreaterThan(0);
    const first = res.body.paths[0];
    expect(first.edges.length).toBe(res.body.hops);
    expect(first.nodes.map((n: { key: string }) => n.key)).toEqual(expect.arrayContaining(["mujao", "jnim"]));
  });

  it("lists the Kadji attack among IS Sahel's events, with its place path", async () => {
    const res = await request(t.app)
      .get("/api/events")
      .query({ actor: "is-sahel", from: "2022-11", to: "2022-11" })
      .expect(200);
    const kadji = res.body.items.find((e: { place?: { path: string[] } }) => e.place?.path[0] === "Kadji");
    expect(kadji).toBeDefined();
    expect(kadji.fatalities.best).toBe(11);
    expect(kadji.place.path[kadji.place.path.length - 1]).toBe("Mali");
    expect(kadji.place.path.some((n: string) => n.startsWith("Gao"))).toBe(true);
  });

  it("filters events by bounding box", async () => {
    const all = await request(t.app).get("/api/events").expect(200);
    const none = await request(t.app).get("/api/events").query({ bbox: "100,0,101,1" }).expect(200);
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(none.body.items).toEqual([]);
  });

  it("pages actors with a cursor", async () => {
    const first = await request(t.app).get("/api/actors").query({ limit: 5 }).expect(200);
    expect(first.body.items).toHaveLength(5);
    const next = await request(t.app).get("/api/actors").query({ limit: 5, cursor: first.body.nextCursor }).expect(200);
    expect(next.body.items[0].id > first.body.items[4].id).toBe(true);
  });

  it("serves an OpenAPI document generated from the routes", async () => {
    const res = await request(t.app).get("/api/openapi.json").expect(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(["/api/graph", "/api/actors/{id}", "/api/search", "/api/paths"]),
    );
  });

  it("refuses a write without the token", async () => {
    const res = await request(t.app).post("/api/load").send({}).expect(401);
    expect(res.body.code).toBe("unauthorized");
  });

  it("loads a bundle with the token, all or nothing", async () => {
    const bad = {
      actors: [{ id: "new-group", name: "New", kind: "jihadist_group" }],
      relationships: [{ type: "ALLIED_WITH", from: "new-group", to: "ghost", sources: [{ sourceId: "apa-2022-gao" }] }],
    };
    const res = await request(t.app)
      .post("/api/load")
      .set("Authorization", "Bearer test-token-123")
      .send(bad)
      .expect(400);
    expect(res.body.issues[0].path).toContain("relationships.0.to");
    await request(t.app).get("/api/actors/new-group").expect(404);
  });

  it("an actor's detail holds one page of events, the totals by year and by opponent, and clash aggregates", async () => {
    const res = await request(t.app).get("/api/actors/is-sahel").query({ limit: 2 }).expect(200);
    expect(res.body.events.length).toBeLessThanOrEqual(2);
    expect(res.body.totals.events).toBeGreaterThan(2);
    expect(res.body.eventsPage.total).toBe(res.body.totals.events);
    expect(res.body.eventsPage.nextCursor).toEqual(expect.any(String));
    const byYear = res.body.totals.byYear.reduce((n: number, y: { count: number }) => n + y.count, 0);
    expect(byYear).toBe(res.body.totals.events);
    expect(res.body.clashes.length).toBeGreaterThan(0);
    for (const c of res.body.clashes) {
      expect(c).not.toHaveProperty("eventIds");
      expect(c.fatalities === null || typeof c.fatalities === "number").toBe(true);
    }
    expect(res.body.totals.byOpponent.map((o: { other: { id: string } }) => o.other.id)).toEqual(
      res.body.clashes.map((c: { other: { id: string } }) => c.other.id),
    );
    const dates = res.body.events.map((e: { date: string }) => e.date);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it("pages an actor's events with a cursor: every event once, latest first, as many as the total", async () => {
    const detail = await request(t.app).get("/api/actors/is-sahel").query({ limit: 3 }).expect(200);
    const seen: string[] = detail.body.events.map((e: { id: string }) => e.id);
    let cursor: string | null = detail.body.eventsPage.nextCursor;
    while (cursor) {
      const page = await request(t.app)
        .get("/api/events")
        .query({ actor: "is-sahel", order: "desc", limit: 3, cursor })
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(detail.body.totals.events);
  });

  it("lists one clash's events with actor and opponent, as many as the clash counts", async () => {
    const detail = await request(t.app).get("/api/actors/is-sahel").expect(200);
    const clash = detail.body.clashes[0];
    const res = await request(t.app)
      .get("/api/events")
      .query({ actor: "is-sahel", opponent: clash.other.id, limit: 500 })
      .expect(200);
    expect(res.body.items).toHaveLength(clash.count);
    for (const e of res.body.items) {
      const sides = new Map(e.participants.map((p: { actorId: string; side: string }) => [p.actorId, p.side]));
      expect(sides.get("is-sahel")).not.toBe(sides.get(clash.other.id));
    }
  });

  it("pages search with a cursor: the same matches in the same order as one large page, none twice", async () => {
    const whole = await request(t.app).get("/api/search").query({ q: "mali", limit: 50 }).expect(200);
    expect(whole.body.items.length).toBeGreaterThan(4);
    expect(whole.body.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { actor: { id: string } }[]; nextCursor: string | null } } = await request(t.app)
        .get("/api/search")
        .query({ q: "mali", limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      if (page.body.nextCursor) expect(page.body.items).toHaveLength(2);
      seen.push(...page.body.items.map((m) => m.actor.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.body.items.map((m: { actor: { id: string } }) => m.actor.id));
    const bad = await request(t.app).get("/api/search").query({ q: "mali", cursor: "nope" }).expect(422);
    expect(bad.body.code).toBe("invalid_input");
  });

  it.each([
    ["every event", {}],
    ["a bounding box", { bbox: "-12,10,5,25" }],
    ["a year", { from: "2022", to: "2022" }],
    ["an actor, latest first", { actor: "jnim", order: "desc" }],
  ])("pages events of %s with a cursor: the same events as one large page, none twice", async (_, query) => {
    const whole = await request(t.app)
      .get("/api/events")
      .query({ ...query, limit: 500 })
      .expect(200);
    expect(whole.body.nextCursor).toBeNull();
    expect(whole.body.items.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await request(t.app)
        .get("/api/events")
        .query({ ...query, limit: 3, ...(cursor ? { cursor } : {}) })
        .expect(200);
      if (page.body.nextCursor) expect(page.body.items).toHaveLength(3);
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.body.items.map((e: { id: string }) => e.id));
  });

  it("refuses a cursor it did not give out", async () => {
    const res = await request(t.app).get("/api/events").query({ cursor: "not-a-cursor" }).expect(422);
    expect(res.body.code).toBe("invalid_input");
  });

  it("pages sources by id", async () => {
    const first = await request(t.app).get("/api/sources").query({ limit: 3 }).expect(200);
    expect(first.body.items).toHaveLength(3);
    const next = await request(t.app)
      .get("/api/sources")
      .query({ limit: 3, cursor: first.body.nextCursor })
      .expect(200);
    expect(next.body.items[0].id > first.body.items[2].id).toBe(true);
  });

  it("sends with each page of events every source its events cite, a later page's included", async () => {
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await request(t.app)
        .get("/api/events")
        .query({ actor: "jnim", order: "desc", limit: 4, ...(cursor ? { cursor } : {}) })
        .expect(200);
      const cited = new Set(res.body.cited.map((s: { id: string; title: string }) => s.id));
      for (const e of res.body.items as { sources: { sourceId: string }[]; claims: { sourceId: string }[] }[])
        for (const id of [...e.sources, ...e.claims].map((r) => r.sourceId)) expect(cited).toContain(id);
      for (const s of res.body.cited) expect(s.title).toBeTruthy();
      cursor = res.body.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
  });

  it("makes a one-relationship load visible at once, without rebuilding from the store", async () => {
    const before = await request(t.app).get("/api/graph").expect(200);
    const bundle = {
      relationships: [
        {
          type: "RIVAL_OF",
          from: "mujao",
          to: "jnim",
          since: "2017",
          confidence: "alleged",
          sources: [{ sourceId: "apa-2022-gao" }],
        },
      ],
    };
    await request(t.app).post("/api/load").set("Authorization", "Bearer test-token-123").send(bundle).expect(200);
    const after = await request(t.app).get("/api/graph").expect(200);
    expect(after.body.edges.length).toBe(before.body.edges.length + 1);
    expect(after.body.edges.map((e: { key: string }) => e.key)).toContain("mujao-rival_of-jnim-2017");
  });

  it("diffs a load against what is stored: the seeds sent again change nothing, two same loads at once write once", async () => {
    const bundle: Record<string, unknown[]> = {};
    for (const input of readSeedInputs()) {
      for (const [kind, list] of Object.entries(input.data as Record<string, unknown[]>)) {
        (bundle[kind] ??= []).push(...list);
      }
    }
    const auth = "Bearer test-token-123";
    const again = await request(t.app).post("/api/load").set("Authorization", auth).send(bundle).expect(200);
    expect(again.body.written).toBe(false);
    for (const kind of ["sources", "places", "actors", "relationships", "events"]) {
      expect(again.body.counts[kind], kind).toMatchObject({ created: 0, updated: 0 });
      expect(again.body.counts[kind].unchanged, kind).toBe(bundle[kind].length);
    }
    const tie = {
      type: "RIVAL_OF",
      from: "mujao",
      to: "is-sahel",
      since: "2031",
      confidence: "alleged",
      sources: [{ sourceId: "apa-2022-gao" }],
    };
    const both = await Promise.all(
      [0, 1].map(() =>
        request(t.app)
          .post("/api/load")
          .set("Authorization", auth)
          .send({ relationships: [tie] }),
      ),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.counts.relationships.created).sort()).toEqual([0, 1]);
    const changed = await request(t.app)
      .post("/api/load")
      .set("Authorization", auth)
      .send({ relationships: [{ ...tie, confidence: "probable" }] })
      .expect(200);
    expect(changed.body.counts.relationships).toMatchObject({ created: 0, updated: 1 });
    const graph = await request(t.app).get("/api/graph").query({ actor: "mujao", depth: 1 }).expect(200);
    const edge = graph.body.edges.find((e: { key: string }) => e.key === "mujao-rival_of-is-sahel-2031");
    expect(edge.attributes.confidence).toBe("probable");
  });

  it("shows a loaded event at once in the pages and the actor's detail asked before the load", async () => {
    const query = { actor: "mujao", order: "desc", limit: 2 };
    const before = await request(t.app).get("/api/events").query(query).expect(200);
    const detail = await request(t.app).get("/api/actors/mujao").query({ limit: 2 }).expect(200);
    const event = {
      id: "test-paging-mujao-2031",
      date: "2031-01-02",
      type: "battle",
      // MUJAO on side A against JNIM on side B.
      participants: ["mujao", "jnim"].map((actorId, i) => ({ actorId, side: i === 0 ? "A" : "B" })),
      sources: [{ sourceId: "apa-2022-gao", quote: "a test event, dated after every seeded one" }],
    };
    await request(t.app)
      .post("/api/load")
      .set("Authorization", "Bearer test-token-123")
      .send({ events: [event] })
      .expect(200);
    const after = await request(t.app).get("/api/events").query(query).expect(200);
    // Answers are kept serialized per read model: the write made a new one, so the kept page is not sent again.
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await request(t.app).get("/api/events").query(query).set("If-None-Match", before.headers.etag).expect(200);
    expect(after.body.items[0].id).toBe(event.id);
    expect(after.body.items[1].id).toBe(before.body.items[0].id);
    expect(after.body.total).toBe(before.body.total + 1);
    const detailAfter = await request(t.app).get("/api/actors/mujao").query({ limit: 2 }).expect(200);
    expect(detailAfter.body.events[0].id).toBe(event.id);
    expect(detailAfter.body.totals.events).toBe(detail.body.totals.events + 1);
  });

  it("sends a kept answer again as it was, gzipped when asked, and 304 for its ETag", async () => {
    for (const url of [
      "/api/events?actor=jnim&limit=3",
      "/api/actors/jnim",
      "/api/search?q=jnim",
      "/api/paths?from=mujao&to=jnim",
    ]) {
      const first = await request(t.app).get(url).expect(200);
      expect(first.headers.etag, url).toMatch(/^"[\w-]+"$/);
      const again = await request(t.app).get(url).set("Accept-Encoding", "gzip").expect(200);
      expect(again.headers["content-encoding"], url).toBe("gzip");
      expect(again.headers["content-type"], url).toMatch(/^application\/json/);
      expect(again.body, url).toEqual(first.body);
      await request(t.app).get(url).set("If-None-Match", first.headers.etag).expect(304);
    }
  });

  it("answers unknown API routes with a problem", async () => {
    const res = await request(t.app).get("/api/nothing-here").expect(404);
    expect(res.body.code).toBe("not_found");
  });
});

describe("write endpoints without API_TOKEN", () => {
  it("are refused outright", async () => {
    const t = await createSeededApp({ API_TOKEN: "" });
    try {
      const res = await request(t.app).post("/api/load").set("Authorization", "Bearer anything").send({}).expect(403);
      expect(res.body.code).toBe("forbidden");
    } finally {
      await t.close();
    }
  });
});

// /api/analytics/* over createApp() on the seeded in-memory embedded store.
import Graph from "graphology";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceSeries, centrality, diffNetworks, findBlocs, structuralBalance } from "../../server/analytics/index.js";
import { buildGraph, graphOf } from "../../server/services/graph.js";
import { BLOCS_2022, createSeededApp, SEED_YEARS } from "../helpers/server.js";

type App = Awaited<ReturnType<typeof createSeededApp>>;

describe("analytics API on the seeded embedded store", () => {
  let t: App;
  beforeAll(async () => {
    t = await createSeededApp();
  });
  afterAll(() => t.close());

  it("rejects a malformed date with validation_failed", async () => {
    const res = await request(t.app).get("/api/analytics/balance").query({ at: "2022-13" }).expect(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe("validation_failed");
  });

  it("rejects an unknown query parameter", async () => {
    const res = await request(t.app).get("/api/analytics/blocs").query({ at: "2022", colour: "red" }).expect(400);
    expect(res.body.code).toBe("validation_failed");
  });

  it("rejects a diff whose from is after its to with invalid_input", async () => {
    const res = await request(t.app).get("/api/analytics/diff").query({ from: "2018", to: "2012" }).expect(422);
    expect(res.body.code).toBe("invalid_input");
  });

  it("requires both ends of a diff", async () => {
    const res = await request(t.app).get("/api/analytics/diff").query({ from: "2018" }).expect(400);
    expect(res.body.code).toBe("validation_failed");
  });

  it("reports balance as of late 2022 with its unbalanced triads", async () => {
    const res = await request(t.app).get("/api/analytics/balance").query({ at: "2022-12" }).expect(200);
    expect(res.body.at).toBe("2022-12");
    expect(res.body.triads).toBeGreaterThan(0);
    expect(res.body.balancedShare).toBeGreaterThan(0.5);
    expect(res.body.unbalanced.length).toBe(res.body.unbalancedTotal);
  });

  it("puts the state and international forces and their allies in one bloc against the jihadists in late 2022", async () => {
    const res = await request(t.app).get("/api/analytics/blocs").query({ at: "2022-12" }).expect(200);
    const a = res.body.assignment;
    for (const id of BLOCS_2022.stateSide) expect(a[id], id).toBe(a.fama);
    for (const id of BLOCS_2022.jihadists) expect(a[id], id).not.toBe(a.fama);
  });

  it("answers the same blocs twice (deterministic)", async () => {
    const one = await request(t.app).get("/api/analytics/blocs").query({ at: "2019", k: "3" }).expect(200);
    const two = await request(t.app).get("/api/analytics/blocs").query({ at: "2019", k: "3" }).expect(200);
    expect(one.body).toEqual(two.body);
    expect(one.body.k).toBe(3);
  });

  it("names brokers and communities", async () => {
    const res = await request(t.app).get("/api/analytics/centrality").query({ at: "2022-12", top: "3" }).expect(200);
    expect(res.body.brokers).toHaveLength(3);
    expect(res.body.brokers[0].betweenness).toBeGreaterThanOrEqual(res.body.brokers[2].betweenness);
    expect(res.body.communities.length).toBeGreaterThan(0);
  });

  it("diffs 2012 against 2018: MUJAO gone, JNIM appeared", async () => {
    const res = await request(t.app).get("/api/analytics/diff").query({ from: "2012", to: "2018" }).expect(200);
    expect(res.body.actors.dissolved.map((a: { id: string }) => a.id)).toContain("mujao");
    expect(res.body.actors.appeared.map((a: { id: string }) => a.id)).toContain("jnim");
  });

  it("gives a yearly balance series", async () => {
    const res = await request(t.app).get("/api/analytics/series").query({ from: "2012", to: "2022" }).expect(200);
    expect(res.body.points.map((p: { year: number }) => p.year)).toEqual([...Array(11).keys()].map((i) => 2012 + i));
  });

  it("defaults the series to the data's years, ending with the latest", async () => {
    const res = await request(t.app).get("/api/analytics/series").expect(200);
    const years = res.body.points.map((p: { year: number }) => p.year);
    expect(years[years.length - 1]).toBe(SEED_YEARS.last);
    expect(years.length).toBeLessThanOrEqual(30);
    expect(years[0]).toBe(Math.max(SEED_YEARS.first, SEED_YEARS.last - 29));
  });

  it("honours the graph filters (no RIVAL_OF or clashes: no negative ties)", async () => {
    const res = await request(t.app)
      .get("/api/analytics/balance")
      .query({ at: "2022-12", types: "ALLIED_WITH,PART_OF,AFFILIATED_WITH" })
      .expect(200);
    expect(res.body.negativeEdges).toBe(0);
    expect(res.body.unbalancedTotal).toBe(0);
  });

  it("answers exactly what the analyses give on the event loop (they run in a worker thread)", async () => {
    const model = await t.ctx.model.get();
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
    // As of a day in mid-month (the store answers that month) and as of a year's end (the months in memory do).
    const asOf = async (at: string) => Graph.from((await graphOf(model, t.store, { at })) as never);
    const sign = { uncertainAlliances: false };
    for (const at of ["2019-06-15", "2022"]) {
      const get = (route: string, query: Record<string, string>) =>
        request(t.app).get(`/api/analytics/${route}`).query(query).expect(200);
      expect((await get("balance", { at })).body).toEqual(
        plain(structuralBalance(await asOf(at), { at, limit: 200, ...sign })),
      );
      expect((await get("blocs", { at, k: "3" })).body).toEqual(
        plain(findBlocs(await asOf(at), { at, k: 3, ...sign })),
      );
      expect((await get("centrality", { at, top: "5" })).body).toEqual(
        plain(centrality(await asOf(at), { at, top: 5, ...sign })),
      );
    }
    const whole = () => Graph.from(buildGraph(model, {}) as never);
    const series = balanceSeries(whole(), {
      from: "2008",
      to: "2022",
      ...sign,
      graphAt: (day) => Graph.from(buildGraph(model, { at: day }) as never),
    });
    const seriesRes = await request(t.app).get("/api/analytics/series").query({ from: "2008", to: "2022" }).expect(200);
    expect(seriesRes.body).toEqual(plain(series));
    const [from, to] = ["2015-03-10", "2021-07-04"];
    const [gFrom, gTo] = [await asOf(from), await asOf(to)];
    const diff = diffNetworks(whole(), { from, to, top: 10, ...sign, graphAt: (d) => (d === from ? gFrom : gTo) });
    const diffRes = await request(t.app).get("/api/analytics/diff").query({ from, to }).expect(200);
    expect(diffRes.body).toEqual(plain(diff));
  });

  it("documents every analytics route in the OpenAPI document", async () => {
    const res = await request(t.app).get("/api/openapi.json").expect(200);
    for (const p of ["balance", "blocs", "centrality", "series", "diff"])
      expect(res.body.paths[`/api/analytics/${p}`]).toBeDefined();
  });
});

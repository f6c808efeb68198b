// POST /api/import: the CSV body imported through importFile, behind the bearer token.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededApp } from "../helpers/server.js";

const HEADER =
  "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,admin1,admin2,admin3,location,latitude,longitude,source,notes,fatalities,iso3";
const ROW = `MLI9100,2 March 2017,1,Battles,Armed clash,JNIM: Group for Support of Islam and Muslims,,2,Military Forces of Mali (2013-2020),,1,Mali,Mopti,Douentza,Boni,Boni,15.03,-1.97,RFI,Clash near Boni.,4,MLI`;

describe("POST /api/import", () => {
  let ctx: Awaited<ReturnType<typeof createSeededApp>>;
  beforeAll(async () => {
    ctx = await createSeededApp();
  }, 180_000);
  afterAll(() => ctx.close());

  it("refuses a request without the token", async () => {
    const res = await request(ctx.app)
      .post("/api/import?format=acled")
      .set("content-type", "text/csv")
      .send(`${HEADER}\n${ROW}\n`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("unauthorized");
  });

  it("imports an ACLED CSV body and reports what it created", async () => {
    const res = await request(ctx.app)
      .post("/api/import?format=acled")
      .set("authorization", "Bearer test-token-123")
      .set("content-type", "text/csv")
      .send(`${HEADER}\n${ROW}\n`);
    expect(res.status).toBe(200);
    expect(res.body.load.counts.events.created).toBe(1);
    expect(res.body.layout).toBe("dyadic");
    const events = (await ctx.store.readAll()).events.find((e) => e.id === "acled-mli9100");
    expect(events?.participants.map((p) => p.actorId)).toEqual(["jnim", "fama"]);
  });

  it("answers validation_failed naming the row of a malformed file", async () => {
    const res = await request(ctx.app)
      .post("/api/import?format=acled")
      .set("authorization", "Bearer test-token-123")
      .set("content-type", "text/csv")
      .send(`${HEADER}\n${ROW.replace("2 March 2017", "32 March 2017")}\n`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.issues[0].path).toContain("row 1");
  });
});

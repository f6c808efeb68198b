// /api/export over real HTTP (supertest on createApp() with the seeded in-memory store): files with the right type,
// attachment disposition and content; posted graphs; problem+json errors.
import { readdirSync } from "node:fs";
import request from "supertest";
import Graph from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDisposition } from "../../server/http/routes/export.js";
import { createApp } from "../../server/http/app.js";
import { loadBundle } from "../../server/services/loader.js";
import type { Store } from "../../server/store/port.js";
import { generateBundle } from "../bench/generate.js";
import { createSeededApp, testConfig } from "../helpers/server.js";
import { createTestStore } from "../helpers/store.js";
import { withOwnTmpdir } from "../helpers/tmp.js";
import { HOSTILE } from "../export/fixtures.js";

let app: Awaited<ReturnType<typeof createSeededApp>>;
beforeAll(async () => {
  app = await createSeededApp();
}, 120_000);
afterAll(async () => app?.close());

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
};

describe("GET /api/export", () => {
  it("rejects an unknown format with validation_failed", async () => {
    const res = await request(app.app).get("/api/export?format=pdf");
    expect(res.status).toBe(400);
    expect(res.type).toBe("application/problem+json");
    expect(res.body.code).toBe("validation_failed");
  });

  it("rejects an unknown parameter (strict, like /api/graph)", async () => {
    const res = await request(app.app).get("/api/export?format=json&bogus=1");
    expect(res.body.code).toBe("validation_failed");
  });

  it("answers not_found for an unknown ego actor", async () => {
    const res = await request(app.app).get("/api/export?format=json&actor=nobody");
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("not_found");
  });

  it("exports the same graph as /api/graph for the same filters, as a JSON attachment with sources", async () => {
    const q = "actor=jnim&depth=2&at=2022-11-01";
    const [graph, file] = await Promise.all([
      request(app.app).get(`/api/graph?${q}`),
      request(app.app).get(`/api/export?format=json&${q}`),
    ]);
    expect(file.status).toBe(200);
    expect(file.headers["content-disposition"]).toMatch(
      /^attachment; filename="faultlines-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.json"/,
    );
    expect(file.headers["x-content-hash"]).toMatch(/^sha256:[0-9a-f]{64}$/);
    const body = JSON.parse(file.text);
    expect(body.nodes).toEqual(graph.body.nodes);
    expect(body.edges).toEqual(graph.body.edges);
    const cited = new Set(
      body.edges.flatMap((e: { attributes: { sources: { sourceId: string }[] } }) =>
        e.attributes.sources.map((s) => s.sourceId),
      ),
    );
    for (const id of cited) expect(body.sources.map((s: { id: string }) => s.id)).toContain(id);
    expect(body.manifest.query).toBe("/api/export?actor=jnim&at=2022-11-01&depth=2&format=json");
  });

  it("serves GEXF that graphology-gexf parses, with the filtered nodes", async () => {
    const res = await request(app.app).get("/api/export?format=gexf&actor=mujao&depth=1");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/gexf\+xml/);
    const g = parseGexf(Graph, res.text);
    expect(g.hasNode("mujao")).toBe(true);
    expect(g.hasNode("aqim")).toBe(true);
  });

  it("serves the CSV zip as bytes", async () => {
    const res = await request(app.app)
      .get("/api/export?format=csv&types=ALLIED_WITH,RIVAL_OF")
      .buffer(true)
      .parse(binary);
    expect(res.headers["content-type"]).toBe("application/zip");
    const files = unzipSync(new Uint8Array(res.body as Buffer));
    const edges = strFromU8(files["edges.csv"]).split("\r\n").slice(1).filter(Boolean);
    expect(edges.length).toBeGreaterThan(0);
    for (const line of edges) expect(line).toMatch(/,(ALLIED_WITH|RIVAL_OF),/);
  });

  it("serves the HTML report and the Markdown report with the title and filters", async () => {
    const title = encodeURIComponent(HOSTILE.quotes);
    const html = await request(app.app).get(`/api/export?format=html&at=2017-06&title=${title}`);
    expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(html.text).toContain(`<h1>Al-&quot;Qaeda&quot; &amp; &#39;Sons&#39; &lt;of&gt; the Desert</h1>`);
    expect(html.text).toContain("<dt>As of</dt><dd>2017-06</dd>");
    const md = await request(app.app).get("/api/export?format=md&actor=jnim");
    expect(md.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(md.text).toMatch(/^# Jama/);
  });

  it("serves an SVG picture", async () => {
    const res = await request(app.app).get("/api/export?format=svg&actor=jnim&depth=1").buffer(true).parse(binary);
    expect(res.headers["content-type"]).toBe("image/svg+xml; charset=utf-8");
    expect(String(res.body)).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("is listed in the OpenAPI document", async () => {
    const res = await request(app.app).get("/api/openapi.json");
    expect(Object.keys(res.body.paths["/api/export"]).sort()).toEqual(["get", "post"]);
  });
});

describe("POST /api/export", () => {
  const graph = {
    attributes: { at: "2020" },
    nodes: [
      { key: "x", attributes: { label: HOSTILE.script, kind: "jihadist_group" } },
      { key: "y", attributes: { label: HOSTILE.arabic, kind: "state_force" } },
    ],
    edges: [
      {
        key: "xy",
        source: "x",
        target: "y",
        undirected: true,
        attributes: { type: "RIVAL_OF", sources: [{ sourceId: "apa-2022-gao" }] },
      },
    ],
  };

  it("exports a posted graph (e.g. a Cypher result) with the posted positions", async () => {
    const res = await request(app.app)
      .post("/api/export")
      .send({
        format: "graphml",
        graph,
        positions: { x: { x: 1, y: 2 }, y: { x: 3, y: 4 } },
        query: "MATCH (a)-[r]-(b) RETURN a, r, b",
      });
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      `<data key="n_label">${'&lt;script&gt;alert("x")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'}</data>`,
    );
    expect(res.text).toContain('<data key="n_x">1</data>');
  });

  it("cites the store's source for a posted edge in the report", async () => {
    const res = await request(app.app).post("/api/export").send({ format: "html", graph });
    expect(res.text).toContain("[apa-2022-gao]");
    expect(res.text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(res.text).toContain("No events among these actors in this period.");
  });

  it("selects by filters when no graph is posted", async () => {
    const res = await request(app.app)
      .post("/api/export")
      .send({ format: "json", filters: { actor: "jnim", depth: 1 } });
    expect(JSON.parse(res.text).nodes.map((n: { key: string }) => n.key)).toContain("jnim");
  });

  it("refuses an edge to a node that is not in the graph with invalid_input", async () => {
    const bad = { ...graph, edges: [{ ...graph.edges[0], target: "ghost" }] };
    const res = await request(app.app).post("/api/export").send({ format: "json", graph: bad });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("invalid_input");
  });

  // A 1x1 PNG (the smallest the map can be), base64.
  const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  it("puts a posted map, its caption and legend in the HTML and Markdown reports, escaped", async () => {
    const map = {
      png: PNG_1X1,
      caption: 'Map of events, <b>"all"</b> dates',
      legend: {
        heading: "Event type",
        colours: [{ label: "Battle <i>", color: "#d55e00" }],
        marks: [{ mark: "ring", label: "Not reported (unknown, not zero)" }],
      },
    };
    const html = (await request(app.app).post("/api/export").send({ format: "html", graph, map })).text;
    expect(html).toContain(
      `<img src="data:image/png;base64,${PNG_1X1}" alt="Map of events, &lt;b&gt;&quot;all&quot;&lt;/b&gt; dates">`,
    );
    expect(html).toContain('<span class="swatch" style="background:#d55e00"></span>Battle &lt;i&gt;</li>');
    const md = (await request(app.app).post("/api/export").send({ format: "md", graph, map })).text;
    expect(md).toContain(`## Map\n\n![Map of events, \\<b\\>"all"\\</b\\> dates](data:image/png;base64,${PNG_1X1})`);
    expect(md).toContain("Event type: Battle \\<i\\> (#d55e00).");
  });

  it("refuses a map that is not a base64 PNG, naming the field", async () => {
    const notPng = Buffer.from("<svg onload=alert(1)>").toString("base64");
    for (const png of [notPng, "not base64!", ""]) {
      const res = await request(app.app)
        .post("/api/export")
        .send({ format: "html", graph, map: { png, caption: "Map" } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
      expect(JSON.stringify(res.body)).toMatch(/map\.png|map picture/);
    }
  });

  it("refuses an unknown body field", async () => {
    const res = await request(app.app).post("/api/export").send({ format: "json", evil: true });
    expect(res.body.code).toBe("validation_failed");
  });
});

describe("Content-Disposition", () => {
  it("gives an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition(`a"b\\c-é.json`)).toBe(
      `attachment; filename="a_b_c-_.json"; filename*=UTF-8''a%22b%5Cc-%C3%A9.json`,
    );
  });
});

describe("an export of more events than the old bound (50,000 for one actor)", () => {
  // Two actors and 50,001 events between them: each actor alone has more events than exports were once refused at.
  const EVENTS = 50_001;
  let big: { app: ReturnType<typeof createApp>["app"]; store: Store };
  /** How many events each of the store's window reads gave. */
  const pages: number[] = [];
  beforeAll(async () => {
    const store = await createTestStore();
    await loadBundle(store, generateBundle(2, 1, EVENTS, 7));
    // The real store, its window reads noted.
    const noted = Object.create(store) as Store;
    noted.readEventWindow = async (q) => {
      const events = await store.readEventWindow(q);
      pages.push(events.length);
      return events;
    };
    const { app, ctx } = createApp({ config: testConfig(), store: noted });
    await ctx.model.refresh();
    big = { app, store };
  }, 600_000);
  afterAll(async () => big?.store.close());

  const hashOf = (res: request.Response) => String(res.headers["x-content-hash"]).replace(/^sha256:/, "");

  it("streams every event into the JSON file, read from the store a window at a time, with the hash of a re-export", async () => {
    pages.length = 0;
    // Its temporary file is removed once sent (counted in a TMPDIR of its own: other test files export meanwhile).
    const res = await withOwnTmpdir(async (dir) => {
      const res = await request(big.app).get("/api/export?format=json").buffer(true).parse(binary).expect(200);
      const exports = () => readdirSync(dir).filter((f) => f.startsWith("faultlines-export-"));
      for (let i = 0; i < 100 && exports().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(exports()).toEqual([]);
      return res;
    });
    const body = JSON.parse(res.body.toString("utf8"));
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expect(body.manifest.counts.events).toBe(EVENTS);
    expect(body.events.length).toBe(EVENTS);
    expect(new Set(body.events.map((e: { id: string }) => e.id)).size).toBe(EVENTS);
    const keys = body.events.map((e: { date: string; id: string }) => [e.date, e.id]);
    const sorted = [...keys].sort(([d1, i1]: string[], [d2, i2]: string[]) =>
      d1 < d2 ? -1 : d1 > d2 ? 1 : i1 < i2 ? -1 : i1 > i2 ? 1 : 0,
    );
    expect(keys).toEqual(sorted);
    expect(hashOf(res)).toBe(body.manifest.contentHash);
    // Window by window: no read gave every event at once, and together they gave each of them.
    expect(pages.length).toBeGreaterThan(1);
    for (const n of pages) expect(n).toBeLessThanOrEqual(10_000);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(EVENTS);
    // A re-export of the same query on the same data: the same hash.
    const again = await request(big.app).get("/api/export?format=json").buffer(true).parse(binary).expect(200);
    expect(hashOf(again)).toBe(hashOf(res));
  }, 600_000);

  it("writes every event into the CSV zip and the HTML report, as many as the manifest counts, with the same hash", async () => {
    const json = await request(big.app).get("/api/export?format=json&title=x").buffer(true).parse(binary).expect(200);
    const csv = await request(big.app).get("/api/export?format=csv").buffer(true).parse(binary).expect(200);
    const files = unzipSync(new Uint8Array(csv.body));
    const manifest = JSON.parse(strFromU8(files["manifest.json"]));
    expect(manifest.counts.events).toBe(EVENTS);
    const rows = strFromU8(files["events.csv"]).split("\r\n").slice(1).filter(Boolean);
    expect(rows.length).toBe(EVENTS);
    expect(hashOf(csv)).toBe(manifest.contentHash);
    const html = await request(big.app).get("/api/export?format=html").buffer(true).parse(binary).expect(200);
    const page = html.body.toString("utf8");
    const timeline = page.slice(
      page.indexOf('<section id="events">'),
      page.indexOf("</section>", page.indexOf('<section id="events">')),
    );
    expect(timeline.match(/<tr><td class="date">/g)?.length).toBe(EVENTS);
    expect(page).toContain(`2 actors, 2 relationships, ${EVENTS} events, 1 sources`);
    // The clash between the two, said from its 50,001 events (tallied as they streamed past, before the timeline).
    expect(page).toMatch(/50,001 events · (at least )?[\d,]+ killed/);
    // The hash is the data's, not the format's: the same for the JSON file, the zip and the report (and the title
    // is not data).
    expect(new Set([hashOf(json), hashOf(csv), hashOf(html)]).size).toBe(1);
    expect(page).toContain(`sha256:${hashOf(csv)}`);
  }, 600_000);
});

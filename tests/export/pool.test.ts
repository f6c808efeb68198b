// Export workers (server/export/pool.ts): a file built in a worker from the read model's slice is the very file built
// in process from the whole model; a posted body is parsed and checked there; the pool is bounded in time and width.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BusyError, InvalidInputError, ValidationError } from "../../server/domain/index.js";
import { buildExport, EXPORT_FORMATS } from "../../server/export/index.js";
import { createExportPool } from "../../server/export/pool.js";
import { buildGraph } from "../../server/services/graph.js";
import { readExportContent } from "../../server/export/data.js";
import { eventBounds, exportSlice } from "../../server/export/slice.js";
import type { EventPageQuery } from "../../server/store/port.js";
import { FIXED_NOW, hostileModel, seededModel, storeOf } from "./fixtures.js";

const bytes = (body: Buffer | string) => (typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body));

describe("export workers", () => {
  it("build every format exactly as in process, from the slice of the model the graph needs", async () => {
    const pool = createExportPool({ size: 1 });
    try {
      for (const model of [await seededModel(), hostileModel()]) {
        const store = await storeOf(model);
        for (const filters of [{}, { actor: [...model.actors.keys()][0], depth: 1 }]) {
          const graph = buildGraph(model, filters);
          const content = await readExportContent(model, store, graph);
          for (const format of EXPORT_FORMATS) {
            const options = { format, filters, query: "q", now: FIXED_NOW };
            const inProcess = buildExport(model, graph, { ...options, content });
            const worker = await pool.build(model, store, graph, options);
            expect(worker.filename).toBe(inProcess.filename);
            expect(worker.manifest).toEqual(inProcess.manifest);
            // The csv zip carries the current time in its entries' headers; the others are byte for byte the same.
            if (format !== "csv") expect(bytes(worker.body).equals(bytes(inProcess.body))).toBe(true);
          }
        }
        await store.close();
      }
    } finally {
      await pool.close();
    }
  }, 120_000);

  it("parse and check a raw body: invalid JSON, schema errors and dangling edges come back as typed errors", async () => {
    const pool = createExportPool({ size: 1 });
    const model = await seededModel();
    const store = await storeOf(model);
    const raw = (x: unknown) => new TextEncoder().encode(typeof x === "string" ? x : JSON.stringify(x));
    const graphOf = async () => buildGraph(model, {});
    try {
      await expect(pool.fromBody(model, store, raw("{format:"), graphOf)).rejects.toBeInstanceOf(ValidationError);
      const bad = await pool.fromBody(model, store, raw({ format: "pdf" }), graphOf).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(ValidationError);
      expect((bad as ValidationError).issues[0].path).toBe("format");
      const dangling = {
        format: "json",
        graph: { nodes: [], edges: [{ key: "e", source: "a", target: "b", attributes: { type: "ALLIED_WITH" } }] },
      };
      await expect(pool.fromBody(model, store, raw(dangling), graphOf)).rejects.toBeInstanceOf(InvalidInputError);
      const file = await pool.fromBody(model, store, raw({ format: "json", filters: { actor: "jnim" } }), async (f) =>
        buildGraph(model, f),
      );
      expect(JSON.parse(file.body.toString()).nodes.length).toBeGreaterThan(1);
    } finally {
      await store.close();
      await pool.close();
    }
  }, 60_000);

  it("give up an export past its time (422), and build the next one on a fresh worker", async () => {
    const pool = createExportPool({ size: 1, timeoutMs: 1 });
    const model = await seededModel();
    const store = await storeOf(model);
    const graph = buildGraph(model, {});
    try {
      await expect(pool.build(model, store, graph, { format: "html" })).rejects.toBeInstanceOf(InvalidInputError);
    } finally {
      await pool.close();
    }
    const roomy = createExportPool({ size: 1, timeoutMs: 60_000 });
    try {
      expect((await roomy.build(model, store, graph, { format: "md" })).body.length).toBeGreaterThan(100);
    } finally {
      await roomy.close();
      await store.close();
    }
  }, 60_000);

  it("stop reading the store for an export they gave up: no read starts after the 422", async () => {
    const model = await seededModel();
    const store = await storeOf(model);
    // Each read of the slice (events, places level by level, sources) takes 40 ms: the export runs past its 60 ms.
    const starts: number[] = [];
    const slow =
      <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
      async (...a: A): Promise<R> => {
        starts.push(performance.now());
        await new Promise((r) => setTimeout(r, 40));
        return f(...a);
      };
    const reads = {
      readEvents: slow(store.readEvents.bind(store)),
      readByIds: slow(store.readByIds.bind(store)),
      placesInBox: slow(store.placesInBox.bind(store)),
    };
    const pool = createExportPool({ size: 1, timeoutMs: 60 });
    try {
      const err = await pool.build(model, reads, buildGraph(model, {}), { format: "csv" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      const answered = performance.now();
      await new Promise((r) => setTimeout(r, 600));
      expect(starts.length).toBeGreaterThan(0);
      expect(starts.filter((t) => t > answered)).toEqual([]);
    } finally {
      await pool.close();
      await store.close();
    }
  }, 60_000);

  it("read only the events of the graph's dates from the store, and export the same file", async () => {
    const model = await seededModel();
    const store = await storeOf(model);
    const queries: EventPageQuery[] = [];
    const reads = {
      readEvents: (q: EventPageQuery) => (queries.push(q), store.readEvents(q)),
      readByIds: store.readByIds.bind(store),
      placesInBox: store.placesInBox.bind(store),
    };
    const pool = createExportPool({ size: 1 });
    try {
      for (const [filters, window] of [
        [{ at: "2015-06" }, { to: "2015-06-01" }],
        [
          { from: "2019", to: "2020-03" },
          { from: "2019-01-01", to: "2020-03-01" },
        ],
      ] as const) {
        queries.length = 0;
        const graph = buildGraph(model, filters);
        const options = { format: "json" as const, filters, query: "q", now: FIXED_NOW };
        const worker = await pool.build(model, reads, graph, options);
        expect(queries.length).toBeGreaterThan(0);
        for (const q of queries) expect({ from: q.from, to: q.to }).toEqual({ from: undefined, ...window });
        const inProcess = buildExport(model, graph, {
          ...options,
          content: await readExportContent(model, store, graph),
        });
        expect(bytes(worker.body).equals(bytes(inProcess.body))).toBe(true);
        // And the slice holds no event outside those days.
        const slice = await exportSlice(model, store, { nodeKeys: graph.nodes.map((n) => n.key), window });
        expect(slice.events.length).toBeGreaterThan(0);
        for (const e of slice.events) {
          expect(e.date <= window.to).toBe(true);
          if ("from" in window) expect(e.date >= window.from).toBe(true);
        }
      }
    } finally {
      await pool.close();
      await store.close();
    }
  }, 60_000);

  it("refuse at once, before any store read, an export whose busiest actor alone has more events than maxEvents", async () => {
    const model = await seededModel();
    const store = await storeOf(model);
    let reads = 0;
    const counted = {
      readEvents: (q: EventPageQuery) => (reads++, store.readEvents(q)),
      readByIds: (ids: Parameters<typeof store.readByIds>[0]) => (reads++, store.readByIds(ids)),
      placesInBox: store.placesInBox.bind(store),
    };
    const busiest = Math.max(...model.eventCount.values());
    const bounds = eventBounds(model, model.actors.keys());
    expect(bounds.least).toBe(busiest);
    expect(bounds.most).toBeGreaterThan(busiest);
    const pool = createExportPool({ size: 1, maxEvents: busiest - 1 });
    try {
      const err = await pool.build(model, counted, buildGraph(model, {}), { format: "csv" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).message).toContain(`more than ${busiest} events`);
      expect(reads).toBe(0);
      // At a date where every actor has fewer, it is built; and with room for the busiest.
      const early = buildGraph(model, { at: "2014" });
      expect(eventBounds(model, model.actors.keys(), { to: "2014-01-01" }).least).toBeLessThan(busiest - 1);
      expect((await pool.build(model, counted, early, { format: "json" })).body.length).toBeGreaterThan(100);
    } finally {
      await pool.close();
    }
    const roomy = createExportPool({ size: 1, maxEvents: busiest });
    try {
      expect((await roomy.build(model, store, buildGraph(model, {}), { format: "json" })).body.length).toBeGreaterThan(
        100,
      );
    } finally {
      await roomy.close();
      await store.close();
    }
  }, 60_000);

  it("refuse an export when every worker is busy and the queue is full (BusyError, 503)", async () => {
    const pool = createExportPool({ size: 1, queue: 1 });
    const model = await seededModel();
    const store = await storeOf(model);
    const graph = buildGraph(model, {});
    try {
      const running = [
        pool.build(model, store, graph, { format: "html" }),
        pool.build(model, store, graph, { format: "html" }),
      ];
      await expect(pool.build(model, store, graph, { format: "html" })).rejects.toBeInstanceOf(BusyError);
      await Promise.all(running);
    } finally {
      await pool.close();
      await store.close();
    }
  }, 60_000);

  it.runIf(process.platform === "linux")(
    "run their threads at the niceness asked, the event loop's thread keeping its own",
    async () => {
      const niceOf = (tid: string) =>
        Number(readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1].split(" ")[16]);
      const pool = createExportPool({ size: 1, nice: 9 });
      const model = await seededModel();
      const store = await storeOf(model);
      try {
        await pool.build(model, store, buildGraph(model, {}), { format: "md" });
        // The worker stays until it has been idle for a while: one thread of this process runs at 9, this one at 0.
        const nices = readdirSync("/proc/self/task").map(niceOf);
        expect(nices).toContain(9);
        expect(niceOf(String(process.pid))).toBe(0);
      } finally {
        await pool.close();
        await store.close();
      }
    },
    60_000,
  );
});

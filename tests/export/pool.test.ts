// Export workers (server/export/pool.ts): a file built in a worker from the read model's slice is the very file built
// in process from the whole model; a posted body is parsed and checked there; the pool is bounded in time and width.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { BusyError, InvalidInputError, ValidationError } from "../../server/domain/index.js";
import { buildExport, EXPORT_FORMATS } from "../../server/export/index.js";
import { createExportPool, type BuiltExport } from "../../server/export/pool.js";
import { buildGraph } from "../../server/services/graph.js";
import { readExportContent } from "../../server/export/data.js";
import { exportEventPages } from "../../server/export/slice.js";
import type { Store } from "../../server/store/port.js";

type WindowQuery = Parameters<Store["readEventWindow"]>[0];
import { FIXED_NOW, hostileModel, seededModel, storeOf } from "./fixtures.js";
import { withOwnTmpdir } from "../helpers/tmp.js";

const bytes = (body: Buffer | string) => (typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body));
/** A built export's file, read and then removed (as the route does once it has sent it). */
const taken = (file: BuiltExport) => {
  const body = readFileSync(file.path);
  expect(body.length).toBe(file.size);
  file.dispose();
  expect(existsSync(path.dirname(file.path))).toBe(false);
  return body;
};

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
            expect(taken(worker).equals(bytes(inProcess.body))).toBe(true);
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
      expect(JSON.parse(taken(file).toString()).nodes.length).toBeGreaterThan(1);
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
      expect(taken(await roomy.build(model, store, graph, { format: "md" })).length).toBeGreaterThan(100);
    } finally {
      await roomy.close();
      await store.close();
    }
  }, 60_000);

  it("stop reading the store for an export they gave up: no read starts after the 422", async () => {
    const model = await seededModel();
    const store = await storeOf(model);
    // Each read (pages of 3 events, places level by level, sources) takes 150 ms: the export runs past its 2 s.
    const starts: number[] = [];
    const slow =
      <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
      async (...a: A): Promise<R> => {
        starts.push(performance.now());
        await new Promise((r) => setTimeout(r, 150));
        return f(...a);
      };
    const reads = {
      readEventWindow: slow(store.readEventWindow.bind(store)),
      readByIds: slow(store.readByIds.bind(store)),
      placesInBox: slow(store.placesInBox.bind(store)),
    };
    const pool = createExportPool({ size: 1, timeoutMs: 2_000, pageSize: 3 });
    try {
      // A file without events starts the worker (it reads nothing but the sources).
      await pool.build(model, store, buildGraph(model, {}), { format: "gexf" }).then(taken, () => undefined);
      const err = await pool.build(model, reads, buildGraph(model, {}), { format: "csv" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      const answered = performance.now();
      await new Promise((r) => setTimeout(r, 600));
      expect(starts.length).toBeGreaterThan(1);
      expect(starts.filter((t) => t > answered)).toEqual([]);
    } finally {
      await pool.close();
      await store.close();
    }
  }, 60_000);

  it("read only the events of the graph's dates from the store, and export the same file", async () => {
    const model = await seededModel();
    const store = await storeOf(model);
    const queries: WindowQuery[] = [];
    const reads = {
      readEventWindow: (q: WindowQuery) => (queries.push(q), store.readEventWindow(q)),
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
        // Windows of days from the first day asked to the last, one after the other.
        expect(queries.length).toBeGreaterThan(0);
        expect(queries[0].from).toBe("from" in window ? window.from : "0000-00-00");
        expect(queries[queries.length - 1].to).toBe(window.to);
        const inProcess = buildExport(model, graph, {
          ...options,
          content: await readExportContent(model, store, graph),
        });
        expect(taken(worker).equals(bytes(inProcess.body))).toBe(true);
        // And the pages hold no event outside those days.
        const events = [];
        for await (const page of exportEventPages(model, store, { nodeKeys: graph.nodes.map((n) => n.key), window }))
          events.push(...page);
        expect(events.length).toBeGreaterThan(0);
        for (const e of events) {
          expect(e.date <= window.to).toBe(true);
          if ("from" in window) expect(e.date >= window.from).toBe(true);
        }
      }
    } finally {
      await pool.close();
      await store.close();
    }
  }, 60_000);

  it("read the events from the store a window of days at a time, window after window, and write every one", async () => {
    const model = await seededModel();
    const store = await storeOf(model);
    const queries: WindowQuery[] = [];
    const got: number[] = [];
    const reads = {
      readEventWindow: async (q: WindowQuery) => {
        queries.push(q);
        const events = await store.readEventWindow(q);
        got.push(events.length);
        return events;
      },
      readByIds: store.readByIds.bind(store),
      placesInBox: store.placesInBox.bind(store),
    };
    const pool = createExportPool({ size: 1, pageSize: 7 });
    try {
      const graph = buildGraph(model, {});
      const options = { format: "json" as const, query: "q", now: FIXED_NOW };
      const file = await pool.build(model, reads, graph, options);
      const events = file.manifest.counts.events;
      expect(events).toBeGreaterThan(7 * 5);
      // Windows that follow one another from the first day to the last, none holding every event; each holds at
      // most 7 events unless one month alone holds more (a month is not cut).
      expect(queries.length).toBeGreaterThan(5);
      expect(queries[0].from).toBe("0000-00-00");
      expect(queries[queries.length - 1].to).toBe("9999-99-99");
      for (let i = 1; i < queries.length; i++) {
        expect(queries[i].from > queries[i - 1].to).toBe(true);
        const next = new Date(`${queries[i - 1].to}T00:00:00Z`);
        next.setUTCDate(next.getUTCDate() + 1);
        expect(queries[i].from).toBe(next.toISOString().slice(0, 10));
      }
      const busiestMonth = Math.max(...[...model.activity.values()].flatMap((months) => [...months.values()]));
      for (const n of got) expect(n).toBeLessThanOrEqual(Math.max(7, busiestMonth * graph.nodes.length));
      expect(Math.max(...got)).toBeLessThan(events);
      expect(got.reduce((a, b) => a + b, 0)).toBe(events);
      const json = JSON.parse(taken(file).toString());
      expect(json.events.length).toBe(events);
      expect(new Set(json.events.map((e: { id: string }) => e.id)).size).toBe(events);
      // The same file as one read whole.
      const whole = buildExport(model, graph, { ...options, content: await readExportContent(model, store, graph) });
      expect(JSON.parse(String(whole.body))).toEqual(json);
      expect(whole.manifest.contentHash).toBe(file.manifest.contentHash);
    } finally {
      await pool.close();
      await store.close();
    }
  }, 60_000);

  it("read no event for the formats that show none (gexf, graphml, svg), and every one for the others", async () => {
    const model = await seededModel();
    const store = await storeOf(model);
    let windows = 0;
    const reads = {
      readEventWindow: (q: WindowQuery) => (windows++, store.readEventWindow(q)),
      readByIds: store.readByIds.bind(store),
      placesInBox: store.placesInBox.bind(store),
    };
    const pool = createExportPool({ size: 1 });
    try {
      for (const format of EXPORT_FORMATS) {
        windows = 0;
        const file = await pool.build(model, reads, buildGraph(model, {}), { format });
        taken(file);
        const shows = !["gexf", "graphml", "svg"].includes(format);
        expect(windows > 0, format).toBe(shows);
        expect(file.manifest.counts.events > 0, format).toBe(shows);
      }
    } finally {
      await pool.close();
      await store.close();
    }
  }, 60_000);

  it("give up an export whose caller left: no store read starts afterwards, and its files are removed", async () => {
    const model = await seededModel();
    const store = await storeOf(model);
    const starts: number[] = [];
    const left = new AbortController();
    const reads = {
      readEventWindow: async (q: WindowQuery) => {
        starts.push(performance.now());
        // The client leaves while the second window is read.
        if (starts.length === 2) left.abort(new Error("the client left"));
        return store.readEventWindow(q);
      },
      readByIds: store.readByIds.bind(store),
      placesInBox: store.placesInBox.bind(store),
    };
    // Its own TMPDIR: other test files make and remove export directories meanwhile.
    await withOwnTmpdir(async (dir) => {
      const pool = createExportPool({ size: 1, pageSize: 3 });
      try {
        const err = await pool
          .build(model, reads, buildGraph(model, {}), { format: "html" }, left.signal)
          .catch((e: unknown) => e);
        expect((err as Error).message).toBe("the client left");
        const answered = performance.now();
        await new Promise((r) => setTimeout(r, 500));
        expect(starts.length).toBe(2);
        expect(starts.filter((t) => t > answered)).toEqual([]);
        expect(tmpdir()).toBe(dir);
        expect(readdirSync(dir).filter((f) => f.startsWith("faultlines-export-"))).toEqual([]);
        // The pool goes on: the next export is built on a fresh worker.
        expect(taken(await pool.build(model, store, buildGraph(model, {}), { format: "md" })).length).toBeGreaterThan(
          100,
        );
      } finally {
        await pool.close();
        await store.close();
      }
    });
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
      for (const f of await Promise.all(running)) f.dispose();
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
        taken(await pool.build(model, store, buildGraph(model, {}), { format: "md" }));
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

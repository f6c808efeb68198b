// A bounded pool of export worker threads (export-worker.ts): exports are built off the event loop, at most `size` at
// once with `queue` more waiting (then 503 server_busy), each within `timeoutMs` (then its worker is terminated and the
// caller gets 422). Measured before: POST /api/export of a 12 MB graph as html held every request, /api/health
// included, for minutes on a busy machine (JSON 2.4 s, validation 2.0 s, the report's balance section 137 s).
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { BusyError, fromWireError, InvalidInputError, type Bundle, type WireError } from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";
import type { ReadModel } from "../services/read-model.js";
import type { ExportFile, ExportRequestOptions } from "./index.js";
import type { Manifest } from "./manifest.js";
import { exportSlice, type SliceReads } from "./slice.js";

export type ToExportWorker =
  | { kind: "parse"; id: number; raw: Uint8Array }
  | { kind: "build"; id: number; slice: Bundle; graph?: SerializedGraph; options?: ExportRequestOptions }
  | { kind: "forget"; id: number };

export type FromExportWorker =
  | {
      kind: "parsed";
      id: number;
      /** A posted graph's node keys and the sources its ties cite; null when the body selects by filters. */
      posted: { nodeKeys: string[]; edgeSourceIds: string[] } | null;
      filters: Record<string, unknown>;
    }
  | {
      kind: "built";
      id: number;
      file: { filename: string; contentType: string; manifest: Manifest; body: Uint8Array };
    }
  | { kind: "failed"; id: number; error: WireError };

export interface ExportPoolOptions {
  /** Workers at once (default: the cores less one for the event loop, at least 1, at most 2). */
  size?: number;
  /** Exports waiting for a worker before new ones are refused (default 2 per worker). */
  queue?: number;
  /** One export's time from its start in a worker (default 60 s). */
  timeoutMs?: number;
  /** An idle worker ends after this long (default 30 s). */
  idleMs?: number;
}

const ENTRY = new URL("./export-worker.ts", import.meta.url).href;
const TSX_API = path.join(
  path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")),
  "dist/esm/api/index.mjs",
);
/**
 * The worker's first module: its TypeScript entry, through tsx when this thread's loader does not reach workers
 * (vitest; `npm start` runs under tsx and passes its loader on).
 */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.entry).catch(async (err) => {
  if (err && err.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw err;
  const { register } = await import(workerData.tsx);
  register();
  // Again under another URL: the failed load above stays in the module map.
  await import(workerData.entry + "?tsx");
});
`;

interface Slot {
  worker: Worker;
  busy: boolean;
  idle?: ReturnType<typeof setTimeout>;
}

export function createExportPool(options: ExportPoolOptions = {}) {
  const size = options.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
  const queueMax = options.queue ?? size * 2;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const idleMs = options.idleMs ?? 30_000;
  const slots: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  let nextId = 1;

  function spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry: ENTRY, tsx: TSX_API } });
    worker.unref();
    const slot: Slot = { worker, busy: false };
    worker.once("exit", () => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
    });
    slots.push(slot);
    return slot;
  }

  async function acquire(): Promise<Slot> {
    const free = slots.find((s) => !s.busy) ?? (slots.length < size ? spawn() : undefined);
    if (free) {
      free.busy = true;
      clearTimeout(free.idle);
      return free;
    }
    if (waiting.length >= queueMax) {
      throw new BusyError(`the server is building ${size} export(s) with ${waiting.length} waiting; try again shortly`);
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(slot: Slot, healthy: boolean): void {
    if (!healthy) {
      void slot.worker.terminate();
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
    }
    const next = waiting.shift();
    if (next) {
      const s = healthy ? slot : spawn();
      s.busy = true;
      return next(s);
    }
    if (!healthy) return;
    slot.busy = false;
    slot.idle = setTimeout(() => void slot.worker.terminate(), idleMs);
    slot.idle.unref();
  }

  /** One job on one worker: `steps` talk to it; the whole job is bounded by the timeout. */
  async function job<T>(
    steps: (
      ask: (m: ToExportWorker, transfer?: ArrayBuffer[]) => Promise<FromExportWorker>,
      id: number,
      tell: (m: ToExportWorker) => void,
    ) => Promise<T>,
  ): Promise<T> {
    const slot = await acquire();
    const id = nextId++;
    let healthy = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        healthy = false;
        reject(
          new InvalidInputError(
            `the export did not finish within ${Math.round(timeoutMs / 1000)} s: export a smaller graph (fewer actors or ties, or a narrower filter)`,
            { timeoutMs },
          ),
        );
      }, timeoutMs);
    });
    const died = new Promise<never>((_, reject) =>
      slot.worker.once("error", (err) => {
        healthy = false;
        reject(err);
      }),
    );
    const ask = (m: ToExportWorker, transfer: ArrayBuffer[] = []) =>
      new Promise<FromExportWorker>((resolve) => {
        const onMessage = (reply: FromExportWorker) => {
          if (reply.id !== id) return;
          slot.worker.off("message", onMessage);
          resolve(reply);
        };
        slot.worker.on("message", onMessage);
        slot.worker.postMessage(m, transfer);
      });
    try {
      const tell = (m: ToExportWorker) => slot.worker.postMessage(m);
      return await Promise.race([steps(ask, id, tell), expired, died]);
    } finally {
      clearTimeout(timer);
      release(slot, healthy);
    }
  }

  function fileOf(reply: FromExportWorker): ExportFile {
    if (reply.kind === "failed") throw fromWireError(reply.error);
    if (reply.kind !== "built") throw new Error(`export worker: unexpected ${reply.kind}`);
    const { body, ...rest } = reply.file;
    return { ...rest, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  }

  return {
    size,
    /** Builds the export of a graph the caller selected (GET /api/export). */
    build(
      model: ReadModel,
      store: SliceReads,
      graph: SerializedGraph,
      exportOptions: ExportRequestOptions,
    ): Promise<ExportFile> {
      const filterActor = typeof exportOptions.filters?.actor === "string" ? exportOptions.filters.actor : undefined;
      const edgeSourceIds = graph.edges.flatMap((e) => (e.attributes.sources ?? []).map((s) => s.sourceId));
      // The slice is read once a worker is held: a full pool refuses at once, before any store read.
      return job(async (ask, id) => {
        const slice = await exportSlice(model, store, {
          nodeKeys: graph.nodes.map((n) => n.key),
          edgeSourceIds,
          actor: filterActor,
        });
        return fileOf(await ask({ kind: "build", id, slice, graph, options: exportOptions }));
      });
    },

    /**
     * Builds the export a raw POST body asks for: parsed and checked in the worker; when it posts no graph,
     * `graphOf(filters)` selects one here (the read model lives on this thread).
     */
    fromBody(
      model: ReadModel,
      store: SliceReads,
      raw: Uint8Array,
      graphOf: (filters: Record<string, unknown>) => Promise<SerializedGraph>,
    ): Promise<ExportFile> {
      return job(async (ask, id, tell) => {
        const copy = new Uint8Array(raw);
        const parsed = await ask({ kind: "parse", id, raw: copy }, [copy.buffer as ArrayBuffer]);
        if (parsed.kind === "failed") throw fromWireError(parsed.error);
        if (parsed.kind !== "parsed") throw new Error(`export worker: unexpected ${parsed.kind}`);
        const actor = typeof parsed.filters.actor === "string" ? parsed.filters.actor : undefined;
        let graph: SerializedGraph | undefined;
        let slice: Bundle;
        try {
          if (parsed.posted) slice = await exportSlice(model, store, { ...parsed.posted, actor });
          else {
            graph = await graphOf(parsed.filters);
            const edgeSourceIds = graph.edges.flatMap((e) => (e.attributes.sources ?? []).map((s) => s.sourceId));
            slice = await exportSlice(model, store, { nodeKeys: graph.nodes.map((n) => n.key), edgeSourceIds, actor });
          }
        } catch (err) {
          tell({ kind: "forget", id });
          throw err;
        }
        return fileOf(await ask({ kind: "build", id, slice, ...(graph ? { graph } : {}) }));
      });
    },

    async close(): Promise<void> {
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

export type ExportPool = ReturnType<typeof createExportPool>;

// A bounded pool of export worker threads (export-worker.ts, on services/worker-pool.ts): exports are built off the
// event loop, at most `size` at once with `queue` more waiting (then 503 server_busy), each within `timeoutMs` (then
// its worker is terminated and the caller gets 422). Measured before: POST /api/export of a 12 MB graph as html held every request, /api/health
// included, for minutes on a busy machine (JSON 2.4 s, validation 2.0 s, the report's balance section 137 s).
import { fromWireError, InvalidInputError, type Bundle, type WireError } from "../domain/index.js";
import { createWorkerPool, type WorkerPoolOptions } from "../services/worker-pool.js";
import type { SerializedGraph } from "../services/graph.js";
import type { ReadModel } from "../services/read-model.js";
import type { ExportFile, ExportRequestOptions } from "./index.js";
import type { Manifest } from "./manifest.js";
import { eventWindow } from "./data.js";
import { exportSlice, type SliceReads } from "./slice.js";

export type ToExportWorker =
  | { kind: "parse"; id: number; raw: Uint8Array }
  | { kind: "build"; id: number; slice: Bundle; graph?: SerializedGraph; options?: ExportRequestOptions }
  | { kind: "forget"; id: number };

export type FromExportWorker =
  | {
      kind: "parsed";
      id: number;
      /**
       * A posted graph's node keys, the sources its ties cite and the days of its events (eventWindow of its
       * attributes); null when the body selects by filters.
       */
      posted: { nodeKeys: string[]; edgeSourceIds: string[]; window: { from?: string; to?: string } } | null;
      filters: Record<string, unknown>;
    }
  | {
      kind: "built";
      id: number;
      file: { filename: string; contentType: string; manifest: Manifest; body: Uint8Array };
    }
  | { kind: "failed"; id: number; error: WireError };

export type ExportPoolOptions = WorkerPoolOptions & {
  /** Exports whose busiest actor alone has more events in their dates are refused at once (exportSlice). */
  maxEvents?: number;
};

const ENTRY = new URL("./export-worker.ts", import.meta.url).href;

export function createExportPool(options: ExportPoolOptions = {}) {
  const pool = createWorkerPool<ToExportWorker, FromExportWorker>(
    {
      entry: ENTRY,
      what: "export",
      timeoutError: (timeoutMs) =>
        new InvalidInputError(
          `the export did not finish within ${Math.round(timeoutMs / 1000)} s: export a smaller graph (fewer actors or ties, or a narrower filter)`,
          { timeoutMs },
        ),
    },
    options,
  );

  function fileOf(reply: FromExportWorker): ExportFile {
    if (reply.kind === "failed") throw fromWireError(reply.error);
    if (reply.kind !== "built") throw new Error(`export worker: unexpected ${reply.kind}`);
    const { body, ...rest } = reply.file;
    return { ...rest, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  }

  const bound = options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {};

  return {
    size: pool.size,
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
      return pool.job(async ({ ask, id, signal }) => {
        const slice = await exportSlice(model, store, {
          nodeKeys: graph.nodes.map((n) => n.key),
          edgeSourceIds,
          actor: filterActor,
          window: eventWindow(graph.attributes),
          signal,
          ...bound,
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
      return pool.job(async ({ ask, id, tell, signal }) => {
        const copy = new Uint8Array(raw);
        const parsed = await ask({ kind: "parse", id, raw: copy }, [copy.buffer as ArrayBuffer]);
        if (parsed.kind === "failed") throw fromWireError(parsed.error);
        if (parsed.kind !== "parsed") throw new Error(`export worker: unexpected ${parsed.kind}`);
        const actor = typeof parsed.filters.actor === "string" ? parsed.filters.actor : undefined;
        let graph: SerializedGraph | undefined;
        let slice: Bundle;
        try {
          if (parsed.posted) slice = await exportSlice(model, store, { ...parsed.posted, actor, signal, ...bound });
          else {
            graph = await graphOf(parsed.filters);
            const edgeSourceIds = graph.edges.flatMap((e) => (e.attributes.sources ?? []).map((s) => s.sourceId));
            slice = await exportSlice(model, store, {
              nodeKeys: graph.nodes.map((n) => n.key),
              edgeSourceIds,
              actor,
              window: eventWindow(graph.attributes),
              signal,
              ...bound,
            });
          }
        } catch (err) {
          tell({ kind: "forget", id });
          throw err;
        }
        return fileOf(await ask({ kind: "build", id, slice, ...(graph ? { graph } : {}) }));
      });
    },

    close: pool.close,
  };
}

export type ExportPool = ReturnType<typeof createExportPool>;

// A bounded pool of export worker threads (export-worker.ts, on services/worker-pool.ts): exports are built off the
// event loop, at most `size` at once with `queue` more waiting (then 503 server_busy), each within `timeoutMs` (then
// its worker is terminated and the caller gets 422), or given up when the caller's signal aborts (its client left).
// Measured before: POST /api/export of a 12 MB graph as html held every request, /api/health included, for minutes
// on a busy machine (JSON 2.4 s, validation 2.0 s, the report's balance section 137 s).
//
// An export of any size streams: this thread reads its events from the store a page at a time (slice.ts) and hands
// each page to the worker, which writes the file into a temporary directory as it goes (createExportWriter); then
// the cited sources are read and the file finished. The caller sends the file and disposes of it. Memory holds a few
// pages of events at most, whatever the export's size.
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fromWireError, InvalidInputError, type Actor, type Source, type WireError } from "../domain/index.js";
import type { EventView } from "../services/actors.js";
import { createWorkerPool, type JobChannel, type WorkerPoolOptions } from "../services/worker-pool.js";
import type { SerializedGraph } from "../services/graph.js";
import type { ReadModel } from "../services/read-model.js";
import type { ExportHead, ExportRequestOptions } from "./index.js";
import { eventWindow } from "./data.js";
import { exportEventPages, exportSources, type SliceReads } from "./slice.js";

export type ToExportWorker =
  | { kind: "parse"; id: number; raw: Uint8Array }
  /**
   * Starts writing a file: the graph and options (absent when a parsed body gave them), the actors it may name, and
   * the open files to write it to (`outFd`) and to spool in (`spoolFd`, read and write), owned by the main thread.
   */
  | {
      kind: "begin";
      id: number;
      graph?: SerializedGraph;
      options?: ExportRequestOptions;
      actors: Actor[];
      outFd: number;
      spoolFd: number;
    }
  | { kind: "page"; id: number; events: EventView[] }
  | { kind: "cite"; id: number }
  | { kind: "end"; id: number; sources: Source[] }
  | { kind: "forget"; id: number };

export type FromExportWorker =
  | {
      kind: "parsed";
      id: number;
      /**
       * A posted graph's node keys and the days of its events (eventWindow of its attributes); null when the body
       * selects by filters.
       */
      posted: { nodeKeys: string[]; window: { from?: string; to?: string } } | null;
      filters: Record<string, unknown>;
    }
  | { kind: "begun"; id: number; showsEvents: boolean }
  | { kind: "took"; id: number }
  | { kind: "cited"; id: number; ids: string[] }
  | { kind: "built"; id: number; head: ExportHead; size: number }
  | { kind: "forgot"; id: number }
  | { kind: "failed"; id: number; error: WireError };

/** A built export: its file on disk (`size` bytes), to send and then dispose of. */
export interface BuiltExport extends ExportHead {
  path: string;
  size: number;
  /** Removes the file (and its directory). */
  dispose(): void;
}

export type ExportPoolOptions = WorkerPoolOptions & {
  /** Events per page read from the store (slice.ts EXPORT_PAGE). */
  pageSize?: number;
};

const ENTRY = new URL("./export-worker.ts", import.meta.url).href;

function expect<K extends FromExportWorker["kind"]>(
  reply: FromExportWorker,
  kind: K,
): Extract<FromExportWorker, { kind: K }> {
  if (reply.kind === "failed") throw fromWireError(reply.error);
  if (reply.kind !== kind) throw new Error(`export worker: ${reply.kind} where ${kind} was expected`);
  return reply as Extract<FromExportWorker, { kind: K }>;
}

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

  const pageSize = options.pageSize !== undefined ? { pageSize: options.pageSize } : {};

  /**
   * Writes one export through the job's worker: pages of events read here while the worker writes the previous one,
   * then the cited sources. The files are this thread's; on failure they are closed once the worker can no longer
   * write to them (it forgot the job, or it ended).
   */
  async function stream(
    channel: JobChannel<ToExportWorker, FromExportWorker>,
    model: ReadModel,
    store: SliceReads,
    job: {
      graph?: SerializedGraph;
      options?: ExportRequestOptions;
      nodeKeys: string[];
      window: object;
      actor?: string;
    },
  ): Promise<BuiltExport> {
    const { ask, id, signal } = channel;
    const dir = mkdtempSync(path.join(tmpdir(), "faultlines-export-"));
    const file = path.join(dir, "file");
    const fds: number[] = [];
    const close = () => {
      for (const fd of fds.splice(0)) closeSync(fd);
    };
    const dispose = () => {
      close();
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      const outFd = openSync(file, "w");
      fds.push(outFd);
      const spoolFd = openSync(path.join(dir, "spool"), "w+");
      fds.push(spoolFd);
      const names = new Set([...job.nodeKeys, ...(job.actor ? [job.actor] : [])]);
      const actors = [...names].map((k) => model.actors.get(k)).filter((a): a is Actor => a !== undefined);
      const { graph, options } = job;
      const begun = expect(await ask({ kind: "begin", id, graph, options, actors, outFd, spoolFd }), "begun");
      if (begun.showsEvents) {
        const window = job.window;
        let pending: Promise<FromExportWorker> | null = null;
        const pages = exportEventPages(model, store, { nodeKeys: job.nodeKeys, window, signal, ...pageSize });
        for await (const events of pages) {
          if (pending) expect(await pending, "took");
          pending = ask({ kind: "page", id, events });
          // Awaited before the next page; if a read fails meanwhile, its rejection (the job given up) is not lost.
          pending.catch(() => undefined);
        }
        if (pending) expect(await pending, "took");
      }
      const cited = expect(await ask({ kind: "cite", id }), "cited");
      const sources = await exportSources(model, store, cited.ids, signal);
      const built = expect(await ask({ kind: "end", id, sources: [...sources.values()] }), "built");
      close();
      rmSync(path.join(dir, "spool"), { force: true });
      return { ...built.head, path: file, size: built.size, dispose };
    } catch (err) {
      // Once the worker can no longer touch the files: it forgot the job, or (a given-up job) it has ended.
      const settled = signal.aborted
        ? channel.gone()
        : ask({ kind: "forget", id }).then(
            () => undefined,
            () => channel.gone(),
          );
      void settled.then(dispose, dispose);
      throw err;
    }
  }

  return {
    size: pool.size,
    /** Builds the export of a graph the caller selected (GET /api/export); given up when `signal` aborts. */
    build(
      model: ReadModel,
      store: SliceReads,
      graph: SerializedGraph,
      exportOptions: ExportRequestOptions,
      signal?: AbortSignal,
    ): Promise<BuiltExport> {
      const actor = typeof exportOptions.filters?.actor === "string" ? exportOptions.filters.actor : undefined;
      // The events are read once a worker is held: a full pool refuses at once, before any store read.
      return pool.job(
        (channel) =>
          stream(channel, model, store, {
            graph,
            options: exportOptions,
            nodeKeys: graph.nodes.map((n) => n.key),
            window: eventWindow(graph.attributes),
            actor,
          }),
        signal,
      );
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
      signal?: AbortSignal,
    ): Promise<BuiltExport> {
      return pool.job(async (channel) => {
        const { ask, id, tell } = channel;
        const copy = new Uint8Array(raw);
        const parsed = expect(await ask({ kind: "parse", id, raw: copy }, [copy.buffer as ArrayBuffer]), "parsed");
        const actor = typeof parsed.filters.actor === "string" ? parsed.filters.actor : undefined;
        if (parsed.posted) return stream(channel, model, store, { ...parsed.posted, actor });
        let graph: SerializedGraph;
        try {
          graph = await graphOf(parsed.filters);
        } catch (err) {
          tell({ kind: "forget", id });
          throw err;
        }
        return stream(channel, model, store, {
          graph,
          nodeKeys: graph.nodes.map((n) => n.key),
          window: eventWindow(graph.attributes),
          actor,
        });
      }, signal);
    },

    close: pool.close,
  };
}

export type ExportPool = ReturnType<typeof createExportPool>;

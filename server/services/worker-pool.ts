// A bounded pool of worker threads running one TypeScript entry: at most `size` jobs at once with `queue` more waiting
// (then BusyError: 503 server_busy), each job within `timeoutMs` from its start on a worker (then the worker is
// terminated, the caller gets the pool's timeout error, and the next job gets a fresh worker). Exports
// (server/export/pool.ts) and analytics (analytics-pool.ts) each run one, so that CPU-heavy work leaves the event loop.
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { BusyError } from "../domain/index.js";

export interface WorkerPoolOptions {
  /** Workers at once (default: the cores less one for the event loop, at least 1, at most 2). */
  size?: number;
  /** Jobs waiting for a worker before new ones are refused (default 2 per worker). */
  queue?: number;
  /** One job's time from its start on a worker (default 60 s). */
  timeoutMs?: number;
  /** An idle worker ends after this long (default 30 s). */
  idleMs?: number;
  /** The workers' niceness (0-19; Linux, where it is set per thread): they give way to the event loop for CPU. */
  nice?: number;
}

export interface WorkerPoolSpec {
  /** The worker's module (a .ts URL). */
  entry: string;
  /** What the pool runs, for the busy message ("export", "analysis"). */
  what: string;
  /** The error a job past its time fails with. */
  timeoutError: (timeoutMs: number) => Error;
}

const TSX_API = path.join(
  path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")),
  "dist/esm/api/index.mjs",
);
/**
 * The worker's first module: lowers its thread's priority (on Linux only: elsewhere it would lower the whole server),
 * then loads its TypeScript entry, through tsx when this thread's loader does not reach workers
 * (vitest; `npm start` runs under tsx and passes its loader on).
 */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
if (workerData.nice > 0 && process.platform === "linux") {
  try { require("node:os").setPriority(0, workerData.nice); } catch {}
}
import(workerData.entry).catch(async (err) => {
  if (err && err.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw err;
  const { register } = await import(workerData.tsx);
  register();
  // Again under another URL: the failed load above stays in the module map.
  await import(workerData.entry + "?tsx");
});
`;

/** One worker of the pool; `held` is the caller's note of what this worker keeps between jobs. */
export interface PoolSlot {
  worker: Worker;
  busy: boolean;
  idle?: ReturnType<typeof setTimeout>;
  held?: unknown;
}

/**
 * The messages of one job: `ask` sends and waits for the reply with this job's id (rejected once the job is given
 * up), `tell` only sends. `signal` is aborted when the job is given up (past its time, its worker died, or the
 * caller's own signal): work the job does on this thread (reading the store for it) stops there, instead of running
 * on for minutes after the caller was answered. `gone` resolves once a given-up job's worker has ended (its thread
 * touches nothing of the job's afterwards: files it wrote can be closed).
 */
export interface JobChannel<In, Out> {
  id: number;
  slot: PoolSlot;
  signal: AbortSignal;
  gone(): Promise<void>;
  ask(message: In, transfer?: ArrayBuffer[]): Promise<Out>;
  tell(message: In): void;
}

export function createWorkerPool<In, Out extends { id: number }>(
  spec: WorkerPoolSpec,
  options: WorkerPoolOptions = {},
) {
  const size = options.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
  const queueMax = options.queue ?? size * 2;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const idleMs = options.idleMs ?? 30_000;
  const nice = options.nice ?? 0;
  const slots: PoolSlot[] = [];
  const waiting: ((slot: PoolSlot) => void)[] = [];
  let nextId = 1;

  function spawn(): PoolSlot {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry: spec.entry, tsx: TSX_API, nice } });
    worker.unref();
    const slot: PoolSlot = { worker, busy: false };
    worker.once("exit", () => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
    });
    slots.push(slot);
    return slot;
  }

  async function acquire(): Promise<PoolSlot> {
    const free = slots.find((s) => !s.busy) ?? (slots.length < size ? spawn() : undefined);
    if (free) {
      free.busy = true;
      clearTimeout(free.idle);
      return free;
    }
    if (waiting.length >= queueMax) {
      throw new BusyError(
        `the server is running ${size} ${spec.what}(s) with ${waiting.length} waiting; try again shortly`,
      );
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(slot: PoolSlot, healthy: boolean): void {
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

  /**
   * One job on one worker: `steps` talk to it; the whole job is bounded by the timeout, and given up as well when
   * `signal` aborts (the client left): its worker is then ended like a late one's.
   */
  async function job<T>(steps: (channel: JobChannel<In, Out>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const slot = await acquire();
    const id = nextId++;
    let healthy = true;
    const giveUp = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        healthy = false;
        const err = spec.timeoutError(timeoutMs);
        giveUp.abort(err);
        reject(err);
      }, timeoutMs);
    });
    let onError: ((err: Error) => void) | undefined;
    const died = new Promise<never>((_, reject) => {
      onError = (err) => {
        healthy = false;
        giveUp.abort(err);
        reject(err);
      };
      slot.worker.once("error", onError);
    });
    let onCallerAbort: (() => void) | undefined;
    const left = new Promise<never>((_, reject) => {
      if (!signal) return;
      onCallerAbort = () => {
        healthy = false;
        giveUp.abort(signal.reason);
        reject(signal.reason as Error);
      };
      signal.addEventListener("abort", onCallerAbort, { once: true });
    });
    const ask = (m: In, transfer: ArrayBuffer[] = []) =>
      new Promise<Out>((resolve, reject) => {
        giveUp.signal.throwIfAborted();
        const onAbort = () => {
          slot.worker.off("message", onMessage);
          reject(giveUp.signal.reason as Error);
        };
        const onMessage = (reply: Out) => {
          if (reply.id !== id) return;
          slot.worker.off("message", onMessage);
          giveUp.signal.removeEventListener("abort", onAbort);
          resolve(reply);
        };
        giveUp.signal.addEventListener("abort", onAbort, { once: true });
        slot.worker.on("message", onMessage);
        slot.worker.postMessage(m, transfer);
      });
    const tell = (m: In) => slot.worker.postMessage(m);
    // A worker that has ended has threadId -1.
    const gone = () =>
      new Promise<void>((resolve) =>
        slot.worker.threadId < 0 ? resolve() : slot.worker.once("exit", () => resolve()),
      );
    try {
      return await Promise.race([steps({ id, slot, ask, tell, signal: giveUp.signal, gone }), expired, died, left]);
    } finally {
      clearTimeout(timer);
      if (onError) slot.worker.off("error", onError);
      if (onCallerAbort) signal?.removeEventListener("abort", onCallerAbort);
      release(slot, healthy);
    }
  }

  return {
    size,
    job,
    async close(): Promise<void> {
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

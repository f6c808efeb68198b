// Analytics off the event loop: each /api/analytics task runs in a worker thread (analytics-worker.ts) on a bounded
// pool (worker-pool.ts: a deadline per task, a bounded queue). A worker keeps the last read model it was sent, so the
// actor-level model crosses once per commit, not once per request. Measured before: GET /api/analytics/series held
// every request (health included) for the whole computation on the event loop.
import { fromWireError, QueryTimeoutError, type WireError } from "../domain/index.js";
import type { AnalyticsTask } from "./analytics-tasks.js";
import type { ReadModel } from "./read-model.js";
import { createWorkerPool, type WorkerPoolOptions } from "./worker-pool.js";

export interface ToAnalyticsWorker {
  id: number;
  /** Which model the task runs on; `model` is sent when the worker does not hold it yet. */
  modelKey: number;
  model?: ReadModel;
  task: AnalyticsTask;
}

export type FromAnalyticsWorker =
  { kind: "done"; id: number; value: unknown } | { kind: "failed"; id: number; error: WireError };

const ENTRY = new URL("./analytics-worker.ts", import.meta.url).href;

/** A key per model object (a refreshed model restarts its version at 0, so versions alone are not unique). */
const keys = new WeakMap<ReadModel, number>();
let nextKey = 1;
function keyOf(model: ReadModel): number {
  let k = keys.get(model);
  if (k === undefined) keys.set(model, (k = nextKey++));
  return k;
}

export function createAnalyticsPool(options: WorkerPoolOptions = {}) {
  const pool = createWorkerPool<ToAnalyticsWorker, FromAnalyticsWorker>(
    {
      entry: ENTRY,
      what: "analysis",
      timeoutError: (timeoutMs) =>
        new QueryTimeoutError(
          `the analysis did not finish within ${Math.round(timeoutMs / 1000)} s: narrow it (fewer years, or filter by kind, country or type)`,
        ),
    },
    options,
  );
  return {
    size: pool.size,
    /** Runs one task on the model in a worker; resolves with what runAnalyticsTask returns. */
    run(model: ReadModel, task: AnalyticsTask): Promise<unknown> {
      const modelKey = keyOf(model);
      return pool.job(async ({ id, slot, ask }) => {
        const send = slot.held !== modelKey;
        // Marked before the answer: a worker that fails the task still holds the model (a dead one is replaced).
        slot.held = modelKey;
        const reply = await ask({ id, modelKey, ...(send ? { model } : {}), task });
        if (reply.kind === "failed") throw fromWireError(reply.error);
        return reply.value;
      });
    },
    close: pool.close,
  };
}
export type AnalyticsPool = ReturnType<typeof createAnalyticsPool>;

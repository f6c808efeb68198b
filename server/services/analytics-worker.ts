// An analytics worker thread (analytics-pool.ts): keeps the last read model it was sent and runs analytics tasks on it
// (analytics-tasks.ts). A task may take seconds on a large graph; the server's event loop meanwhile answers others.
import { parentPort } from "node:worker_threads";
import { toWireError } from "../domain/index.js";
import type { FromAnalyticsWorker, ToAnalyticsWorker } from "./analytics-pool.js";
import { runAnalyticsTask } from "./analytics-tasks.js";
import type { ReadModel } from "./read-model.js";

const port = parentPort!;
let held: { key: number; model: ReadModel } | null = null;

port.on("message", (m: ToAnalyticsWorker) => {
  try {
    if (m.model) held = { key: m.modelKey, model: m.model };
    if (!held || held.key !== m.modelKey) throw new Error(`analytics worker: model ${m.modelKey} was not sent`);
    const value = runAnalyticsTask(held.model, m.task);
    port.postMessage({ kind: "done", id: m.id, value } satisfies FromAnalyticsWorker);
  } catch (err) {
    port.postMessage({ kind: "failed", id: m.id, error: toWireError(err) } satisfies FromAnalyticsWorker);
  }
});

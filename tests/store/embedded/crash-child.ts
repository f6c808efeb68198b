// Child process of the embedded crash test (crash.test.ts): runs one real write on a store file and SIGKILLs itself at
// the named kill point, so that the parent can reopen the file. Argument: a JSON CrashPlan. Prints `done` if the
// write finished (the point was never reached), and with `trace` each change of the engine's side files.
import { existsSync, statSync } from "node:fs";
import { importFile } from "../../../server/ingest/import-file.js";
import { loadInputs } from "../../../server/services/loader.js";
import { readJsonInputs, readSeedInputs } from "../../../server/services/seeds.js";
import { createEmbeddedStore } from "../../../server/store/embedded/embedded-store.js";
import { SIDE_FILES } from "../../../server/store/embedded/recovery.js";
import type { OpenWrite } from "../../../server/store/port.js";
import type { CrashPlan } from "./crash-plan.js";

const plan = JSON.parse(process.argv[2]) as CrashPlan;
const t0 = performance.now();
const die = () => process.kill(process.pid, "SIGKILL");
const after = (ms: number) => (ms <= 0 ? die() : setTimeout(die, ms));

/** Polls the side files every millisecond (the JS thread is free while the engine commits and checkpoints). */
function watchFiles(onChange: (present: string[]) => void): () => void {
  let last = "";
  const timer = setInterval(() => {
    const present = SIDE_FILES.filter((s) => existsSync(plan.file + s)).map(
      (s) => `${s}:${statSync(plan.file + s, { throwIfNoEntry: false })?.size ?? "-"}`,
    );
    const key = present.map((p) => p.split(":")[0]).join(",");
    if (key !== last) {
      last = key;
      onChange(present);
    }
  }, 1);
  return () => clearInterval(timer);
}

let stopWatching = () => undefined as void;
const store = createEmbeddedStore({ path: plan.file });
await store.init();

// Kill points that are moments of the write: the store's write is wrapped, nothing in it changes.
const openWrite = store.openWrite!.bind(store);
store.openWrite = async (): Promise<OpenWrite> => {
  const w = await openWrite();
  let ahead = 0;
  return {
    ...w,
    creating: (c) => w.creating?.(c),
    writeAhead(event) {
      w.writeAhead?.(event);
      if (plan.point === "reading" && ++ahead === plan.at) after(plan.delayMs);
    },
    readDone(c) {
      w.readDone?.(c);
      if (plan.point === "read-done") after(plan.delayMs);
    },
    resolved(c) {
      w.resolved?.(c);
      if (plan.point === "ahead") after(plan.delayMs);
    },
    apply(changes) {
      if (plan.point === "commit") after(plan.delayMs);
      if (plan.point === "applying") {
        // The frozen WAL grows once more when the engine appends its CHECKPOINT record; then it applies shadow pages.
        let rotated = -1;
        const timer = setInterval(() => {
          const size = statSync(plan.file + ".wal.checkpoint", { throwIfNoEntry: false })?.size ?? -1;
          if (rotated < 0) rotated = size;
          else if (size > rotated) {
            clearInterval(timer);
            after(plan.delayMs);
          }
        }, 1);
        stopWatching = () => clearInterval(timer);
      }
      if (plan.point === "checkpoint" || plan.point === "shadow" || plan.trace) {
        const wanted = plan.point === "shadow" ? ".shadow" : ".wal.checkpoint";
        const stop = (stopWatching = watchFiles((present) => {
          if (plan.trace) process.stdout.write(`${(performance.now() - t0).toFixed(1)} ms ${present.join(" ")}\n`);
          if (
            (plan.point === "checkpoint" || plan.point === "shadow") &&
            present.some((p) => p.startsWith(wanted + ":"))
          ) {
            stop();
            after(plan.delayMs);
          }
        }));
      }
      return w.apply(changes);
    },
    abort: () => w.abort(),
  };
};
// Loads (seeding, `npm run load`) write through apply: the same wrapped write.
store.apply = async (changes) => (await store.openWrite!()).apply(changes);

if (plan.write === "seed") await loadInputs(store, readSeedInputs());
else if (plan.write === "load") await loadInputs(store, readJsonInputs([plan.input!]));
else await importFile(store, { format: "acled", file: plan.input! });
stopWatching();
process.stdout.write(`done ${(performance.now() - t0).toFixed(0)} ms\n`);
await store.close();

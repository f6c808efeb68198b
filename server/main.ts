// Entry point of `npm start`: parse config, open the store (the embedded file by default), load seeds, listen.
import { setFlagsFromString } from "node:v8";
import { loadConfig } from "./config.js";
import { DomainError, ValidationError } from "./domain/index.js";
import { startFront } from "./http/front.js";
import { formatIssues, formatReport } from "./services/loader.js";
import { createReadModelHolder } from "./services/read-model.js";
import { seedStore } from "./services/seed-store.js";
import { openStore } from "./store/open.js";

const SHUTDOWN_MS = 8_000;

async function main() {
  const config = loadConfig();
  // The app's live heap is small (the actor-level model), but a long export streams hundreds of MB of events through
  // this thread and its worker: at V8's own growing factor, promoted garbage grew their heaps to 231 and 140 MB
  // before a full collection (live: 53 and 28 MB). Process-wide, worker threads included.
  if (config.HEAP_GROWING_PERCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.HEAP_GROWING_PERCENT}`);
  // The front process starts while the store opens (server/http/front.ts); it listens once the app answers.
  const starting = startFront({
    port: config.PORT,
    host: config.HOST,
    allowedHosts: config.ALLOWED_HOSTS,
    stallMs: config.HEALTH_STALL_MS,
  });
  // The app's modules (routes, OpenAPI, exports, analytics) load while the store opens and the model is read: tsx
  // transforms them off the main thread, and the store's open and reads mostly wait on its process or on Neo4j.
  const appModule = import("./http/app.js");
  appModule.catch(() => undefined);
  const store = await openStore(config, { isolated: true });
  if (config.SEED === "true") {
    const report = await seedStore(store);
    console.log(formatReport(report));
  }
  const model = createReadModelHolder(store);
  const [{ createApp }] = await Promise.all([appModule, model.get()]);
  const { app } = createApp({ config, store, model });
  // The app on the main thread; PORT is the front process's, which answers /api/health whatever holds this one.
  const front = await starting.serve(app);
  console.log(
    `Faultlines on http://${config.HOST}:${front.port}/ (store: ${store.engine}${store.engine === "embedded" ? `, ${config.EMBEDDED_PATH}` : ""})`,
  );
  // SIGTERM/SIGINT: stop taking requests, let a write in flight commit (store.close waits for the writer queue), and
  // exit within SHUTDOWN_MS whatever happens: a write still running then dies with the process and the embedded
  // store rolls it back at its next open (server/store/embedded/README.md, "Crash recovery").
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    const closing = front.close();
    const deadline = setTimeout(() => {
      console.error(
        `shutdown: a write was still running after ${SHUTDOWN_MS} ms; exiting (it is rolled back at the next open)`,
      );
      process.exit(1);
    }, SHUTDOWN_MS);
    await Promise.all([closing, store.close()]);
    clearTimeout(deadline);
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  if (err instanceof ValidationError) console.error(formatIssues(err));
  else if (err instanceof DomainError) console.error(`${err.code}: ${err.message}`);
  else console.error(err);
  process.exit(1);
});

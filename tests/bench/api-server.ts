// The server side of the API benchmark, in its own process so the load generator does not share its event loop.
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../../server/config.js";
import { createApp } from "../../server/http/app.js";
import { loadBundle } from "../../server/services/loader.js";
import { createEmbeddedStore } from "../../server/store/embedded/embedded-store.js";
import { generateBundle } from "./generate.js";

const store = createEmbeddedStore({ path: ":memory:" });
await store.init();
const t0 = performance.now();
await loadBundle(store, generateBundle(2_000, 8_000, 2_000));
const loadMs = performance.now() - t0;
const { app, ctx } = createApp({ config: loadConfig({ EMBEDDED_PATH: ":memory:" }), store });
await ctx.model.refresh();
const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, loadMs }) + "\n");
});
process.on("SIGTERM", () => server.close(() => store.close().then(() => process.exit(0))));

// Entry point of `npm start`: parse config, open the store (the embedded file by default), load seeds, listen.
import { loadConfig } from "./config.js";
import { DomainError, ValidationError } from "./domain/index.js";
import { createApp } from "./http/app.js";
import { formatIssues, formatReport } from "./services/loader.js";
import { seedStore } from "./services/seed-store.js";
import { openStore } from "./store/open.js";

async function main() {
  const config = loadConfig();
  const store = await openStore(config);
  if (config.SEED === "true") {
    const report = await seedStore(store);
    console.log(formatReport(report));
  }
  const { app, ctx } = createApp({ config, store });
  await ctx.model.refresh();
  const server = app.listen(config.PORT, config.HOST, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : config.PORT;
    console.log(
      `Faultlines on http://${config.HOST}:${port}/ (store: ${store.engine}${store.engine === "embedded" ? `, ${config.EMBEDDED_PATH}` : ""})`,
    );
  });
  const shutdown = async () => {
    server.close();
    await store.close();
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

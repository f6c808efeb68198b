// `npm run dev`: the API server (tsx watch, port 3000) and the Vite dev server with hot reload (port 5173), whose
// proxy sends /api to the API server. Ctrl-C stops both.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const root = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(root, "..");

const api = spawn(process.execPath, ["--import", "tsx", "--watch", "server/main.ts"], {
  cwd: repo,
  stdio: "inherit",
  env: { PORT: "3000", ...process.env },
});
const vite = await createServer({ configFile: path.join(root, "vite.config.ts") });
await vite.listen();
vite.printUrls();
console.log("API on http://127.0.0.1:3000 (proxied under /api)");

const stop = async () => {
  api.kill("SIGTERM");
  await vite.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
api.on("exit", (code) => {
  console.error(`API server exited (${code}); stopping.`);
  void vite.close().then(() => process.exit(code ?? 1));
});

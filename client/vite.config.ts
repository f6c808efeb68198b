// Vite config of the client: root client/, output client/dist; every client/*.html is a page (explorer, cypher, ...).
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = path.dirname(fileURLToPath(import.meta.url));
// Other pages (e.g. cypher.html) are added by dropping an HTML file next to index.html; no config change needed.
const pages = Object.fromEntries(
  readdirSync(root)
    .filter((f) => f.endsWith(".html"))
    .map((f) => [f.replace(/\.html$/, ""), path.join(root, f)]),
);

export default defineConfig({
  root,
  base: "/",
  build: {
    outDir: path.join(root, "dist"),
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: { input: pages },
  },
  worker: { format: "es" },
  server: {
    port: 5173,
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});

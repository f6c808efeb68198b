// Benchmark (not a test): time to first draw of the Explorer page vs a bare sigma page drawing the same generated
// 2k-actor / 8k-relationship graph, both served by one tiny static server and loaded in the same Chromium.
// Prints "client first draw: app X ms, bare sigma Y ms, ratio Z (goal ≤ 1.5)".
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { UNDIRECTED_TYPES, type GraphEdgeType } from "../../server/domain/index.js";
import { CHROMIUM, REPO_ROOT, ensureClientBuilt, launchBrowser } from "../browser/helpers.js";
import { generateBundle } from "./generate.js";

const ACTORS = 2_000;
const RELATIONSHIPS = 8_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** The bundle as /api/graph would serialize it (whole history). */
function serializedGraph() {
  const b = generateBundle(ACTORS, RELATIONSHIPS, 0, 42);
  return {
    attributes: { range: { min: "1990", max: "2023" }, generatedAt: "bench" },
    options: { type: "mixed", multi: true, allowSelfLoops: false },
    nodes: b.actors.map((a) => ({
      key: a.id,
      attributes: {
        label: a.name,
        kind: a.kind,
        family: a.family,
        countries: a.countries ?? [],
        ...(a.founded ? { founded: a.founded } : {}),
        ...(a.dissolved ? { dissolved: a.dissolved } : {}),
        provisional: false,
        aliases: (a.aliases ?? []).map((x) => x.name),
        eventCount: 0,
      },
    })),
    edges: b.relationships.map((r) => ({
      key: r.id!,
      source: r.from,
      target: r.to,
      undirected: UNDIRECTED_TYPES.includes(r.type as GraphEdgeType),
      attributes: {
        type: r.type,
        since: r.since,
        ...(r.until ? { until: r.until } : {}),
        confidence: r.confidence ?? "confirmed",
        sources: r.sources,
      },
    })),
  };
}

const BARE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>bare sigma</title>
<style>html,body{margin:0}#c{width:800px;height:800px}</style></head>
<body><div id="c"></div><script type="module" src="./bare.ts"></script></body></html>`;

// The reference: fetch the same JSON, import it, random positions, default sigma. Nothing else.
const BARE_TS = `import Graph from "graphology";
import Sigma from "sigma";
const data = await (await fetch("/bench-graph.json")).json();
for (const e of data.edges) delete e.attributes.type;
const graph = new Graph({ type: "mixed", multi: true });
graph.import(data);
let seed = 42;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
graph.forEachNode((n) => graph.mergeNodeAttributes(n, { x: rnd(), y: rnd(), size: 4, color: "#555" }));
new Sigma(graph, document.getElementById("c"));
window.__bareFirstDraw = performance.now();
`;

async function buildBarePage(dir: string): Promise<string> {
  writeFileSync(path.join(dir, "index.html"), BARE_HTML);
  writeFileSync(path.join(dir, "bare.ts"), BARE_TS);
  const { build } = await import("vite");
  const out = path.join(dir, "dist");
  await build({
    root: dir,
    configFile: false,
    base: "/bare/",
    logLevel: "warn",
    resolve: {
      alias: {
        sigma: path.join(REPO_ROOT, "node_modules/sigma"),
        graphology: path.join(REPO_ROOT, "node_modules/graphology"),
      },
    },
    build: { outDir: out, emptyOutDir: true, target: "es2022" },
  });
  return out;
}

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
};

function serve(appDir: string, bareDir: string, graphJson: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/bench-graph.json") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(graphJson);
    }
    if (url.pathname.startsWith("/api/")) {
      res.writeHead(404, { "content-type": "application/problem+json" });
      return res.end(JSON.stringify({ status: 404, code: "not_found", title: "Not Found" }));
    }
    const [root, rel] = url.pathname.startsWith("/bare/")
      ? [bareDir, url.pathname.slice(6)]
      : [appDir, url.pathname.slice(1)];
    const file = path.join(root, rel === "" ? "index.html" : rel);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!existsSync(CHROMIUM)) {
    console.log(`client first draw: skipped (${CHROMIUM} is absent)`);
    return;
  }
  await ensureClientBuilt();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "faultlines-bench-"));
  mkdirSync(tmp, { recursive: true });
  const bareDir = await buildBarePage(tmp);
  const graphJson = JSON.stringify(serializedGraph());
  const server = await serve(path.join(REPO_ROOT, "client/dist"), bareDir, graphJson);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  const measure = async (url: string, mark: string) => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(url);
    await page.waitForFunction((m) => typeof (window as unknown as Record<string, unknown>)[m] === "number", mark, {
      timeout: 120_000,
    });
    const t = await page.evaluate((m) => (window as unknown as Record<string, number>)[m], mark);
    await page.close();
    return t;
  };
  const appUrl = `${base}/?graph=/bench-graph.json&at=all`;
  const bareUrl = `${base}/bare/`;
  try {
    // Warm-up: compile caches and HTTP caches are warm for both before measuring.
    await measure(appUrl, "__faultlinesFirstDraw");
    await measure(bareUrl, "__bareFirstDraw");
    const app: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      app.push(await measure(appUrl, "__faultlinesFirstDraw"));
      bare.push(await measure(bareUrl, "__bareFirstDraw"));
    }
    const a = median(app);
    const b = median(bare);
    console.log(
      `graph: ${ACTORS} actors, ${RELATIONSHIPS} relationships; ${RUNS} runs each, medians (time from navigation start)`,
    );
    console.log(`  app runs: ${app.map((x) => x.toFixed(0)).join(", ")} ms`);
    console.log(`  bare runs: ${bare.map((x) => x.toFixed(0)).join(", ")} ms`);
    console.log(
      `  load average: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      `client first draw: app ${a.toFixed(0)} ms, bare sigma ${b.toFixed(0)} ms, ratio ${(a / b).toFixed(2)} (goal ≤ 1.5)`,
    );
  } finally {
    await browser.close();
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// Shared browser-test helpers: build the client once (client/dist, which the server serves), launch Debian chromium
// with the TECH-NOTES flags in a fresh profile, and decide whether to skip (no chromium) or fail (CI_REQUIRE_BROWSER=1).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startTestServer } from "../helpers/server.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = path.join(REPO_ROOT, "tests/browser/screenshots");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--enable-unsafe-swiftshader",
];

/** Null when browser tests may run; otherwise why they are skipped. Throws when CI requires a browser. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const reason = `browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium fonts-liberation)`;
  if (process.env.CI_REQUIRE_BROWSER === "1") throw new Error(`${reason}, and CI_REQUIRE_BROWSER=1 requires them`);
  console.warn(reason);
  return reason;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Build client/dist unless it is newer than every client source. Several test files may ask at once: a lock
 * directory (mkdir is atomic) lets one build while the others wait.
 */
export async function ensureClientBuilt(): Promise<void> {
  const client = path.join(REPO_ROOT, "client");
  const stamp = path.join(client, "dist/.built");
  const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(client);
  if (fresh()) return;
  const lock = path.join(os.tmpdir(), "faultlines-client-build.lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (fresh()) return;
    const { build } = await import("vite");
    await build({ configFile: path.join(client, "vite.config.ts"), logLevel: "warn" });
    writeFileSync(stamp, new Date().toISOString());
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "faultlines-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Which drawing `canvasPixels` reads: the explorer's sigma layers, the Cypher workbench's, or the map's PNG. */
export type CanvasSource = "explorer" | "cypher" | "map";

/**
 * Every `step`-th pixel (RGBA) of a drawing in the page, composited there on a 2D canvas: the sigma WebGL layers
 * (edges under nodes) or the map controller's PNG. Null when the page has no such drawing.
 */
export async function canvasPixels(
  page: Page,
  source: CanvasSource,
  step: number,
): Promise<{ width: number; height: number; samples: [number, number, number, number][] } | null> {
  return page.evaluate(
    async ({ source, step }) => {
      type Sigma = { getCanvases(): Record<string, HTMLCanvasElement>; refresh(): void };
      const w = window as unknown as {
        faultlines?: { sigma: Sigma; map(): { png(): Promise<Blob> } | null };
        faultlinesCypher?: { sigma: Sigma | null };
      };
      let layers: CanvasImageSource[];
      let width: number;
      let height: number;
      if (source === "map") {
        const ctl = w.faultlines?.map();
        if (!ctl) return null;
        const img = await createImageBitmap(await ctl.png());
        [layers, width, height] = [[img], img.width, img.height];
      } else {
        const sigma = source === "explorer" ? w.faultlines?.sigma : w.faultlinesCypher?.sigma;
        if (!sigma) return null;
        // WebGL drawing buffers are cleared once composited: render now and copy them in the same task.
        sigma.refresh();
        const { edges, nodes } = sigma.getCanvases();
        [layers, width, height] = [[edges, nodes], nodes.width, nodes.height];
      }
      const c = document.createElement("canvas");
      c.width = width;
      c.height = height;
      const ctx = c.getContext("2d")!;
      for (const layer of layers) ctx.drawImage(layer, 0, 0);
      const data = ctx.getImageData(0, 0, width, height).data;
      const samples: [number, number, number, number][] = [];
      for (let i = 0; i < data.length; i += 4 * step) samples.push([data[i], data[i + 1], data[i + 2], data[i + 3]]);
      return { width, height, samples };
    },
    { source, step },
  );
}

/** Fraction of every `step`-th pixel of a sigma graph's canvases that is not the background; -1 with no graph. */
export async function canvasInk(page: Page, source: "explorer" | "cypher" = "explorer", step = 97): Promise<number> {
  const pixels = await canvasPixels(page, source, step);
  if (!pixels) return -1;
  const ink = pixels.samples.filter(([r, g, b, a]) => a > 0 && (r < 240 || g < 240 || b < 240)).length;
  return ink / pixels.samples.length;
}

/** The seeded test server, Chromium, and one explorer page at `query`, drawn and ready; `close` ends both. */
export async function openExplorer(
  query: string,
): Promise<{ server: Awaited<ReturnType<typeof startTestServer>>; page: Page; close(): Promise<void> }> {
  await ensureClientBuilt();
  const server = await startTestServer();
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/${query}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 60_000 });
  return {
    server,
    page,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export type ExplorerPage = Page & { errors: string[] };

/**
 * One seeded test server and one Chromium for the describe block that calls this (set up in beforeAll, closed in
 * afterAll). `open(query)` gives an explorer page once it has drawn, or failed; its page errors collect in `errors`.
 */
/** `env` configures the server (e.g. MAP_TILES_URL), read when the server starts (after earlier beforeAll hooks). */
export function useExplorer(env: Record<string, string> | (() => Record<string, string>) = {}): {
  url(): string;
  context(): BrowserContext;
  open(query?: string, viewport?: { width: number; height: number }): Promise<ExplorerPage>;
} {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer(typeof env === "function" ? env() : env);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    url: () => server!.url,
    context: () => browser!.context,
    open: async (query = "", viewport) => {
      const page = (await browser!.context.newPage()) as ExplorerPage;
      if (viewport) await page.setViewportSize(viewport);
      page.errors = [];
      page.on("pageerror", (e) => page.errors.push(e.message));
      await page.goto(`${server!.url}/${query}`);
      await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, {
        timeout: 30_000,
      });
      return page;
    },
  };
}

/** The RGBA bytes of a rectangle of a PNG, decoded by the page's own image decoder. */
export async function pngPixels(
  page: Page,
  png: Buffer,
  rect: { x: number; y: number; width: number; height: number },
): Promise<number[]> {
  return page.evaluate(
    async ({ b64, r }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const x = r.x < 0 ? img.width + r.x : r.x;
      const y = r.y < 0 ? img.height + r.y : r.y;
      return Array.from(ctx.getImageData(x, y, r.width, r.height).data);
    },
    { b64: png.toString("base64"), r: rect },
  );
}

// Benchmark (not a test): the map view's first draw at 1k and 100k generated events (tests/bench/generate.ts, spread
// over 2,000 places), each in its own embedded store in a temp folder, served by the real app and opened in Chromium
// (SwiftShader WebGL). Prints, per size: the /api/events/points answer (bytes raw and gzipped, ms), the network's
// first draw, the map's first draw (both from navigation start), and a time-slider step redrawn on the map.
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { deriveClashes } from "../../server/domain/index.js";
import { createApp } from "../../server/http/app.js";
import { createEmbeddedStore } from "../../server/store/embedded/embedded-store.js";
import { emptyChangeSet, replaceClashes } from "../../server/store/port.js";
import { ensureClientBuilt, launchBrowser } from "../browser/helpers.js";
import { testConfig } from "../helpers/server.js";
import { generateBundle } from "./generate.js";

const SIZES = (process.env.MAP_BENCH_SIZES ?? "1000,100000").split(",").map(Number);

type Win = {
  __faultlinesFirstDraw?: number;
  __faultlinesMapFirstDraw?: number;
  faultlines: { map(): { debug(): { shown: number; located: number; drawn: Promise<void> } } | null };
};

async function measure(events: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "faultlines-map-bench-"));
  const store = createEmbeddedStore({ path: path.join(dir, "bench.lbug") });
  try {
    await store.init();
    const b = generateBundle(130, 300, events, 42, 2_000);
    const c = emptyChangeSet();
    c.sources.create = b.sources;
    c.places.create = b.places;
    c.actors.create = b.actors;
    c.relationships.create = b.relationships;
    c.events.create = b.events;
    c.clashes = replaceClashes(deriveClashes(b.events));
    let t = performance.now();
    await store.apply(c);
    const loadMs = performance.now() - t;
    const { app, ctx } = createApp({ config: testConfig(), store });
    await ctx.model.refresh();
    const server = app.listen(0, "127.0.0.1");
    await new Promise<void>((r) => server.once("listening", () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = performance.now();
    const res = await fetch(`${url}/api/events/points`, { headers: { "accept-encoding": "identity" } });
    const raw = Buffer.from(await res.arrayBuffer());
    const pointsMs = performance.now() - t;
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${url}/?mode=map&at=all`);
      await page.waitForFunction(() => (window as unknown as Win).__faultlinesMapFirstDraw !== undefined, null, {
        timeout: 300_000,
      });
      const first = await page.evaluate(() => {
        const w = window as unknown as Win;
        const d = w.faultlines.map()!.debug();
        const marks = performance
          .getEntriesByType("mark")
          .map((m) => `${m.name.replace("faultlines:", "")} ${Math.round(m.startTime)}`)
          .join(", ");
        const requests = performance
          .getEntriesByType("resource")
          .map((r) => r as PerformanceResourceTiming)
          .filter((r) => r.name.includes("/api/") || r.name.includes("basemap") || r.name.includes("map-"))
          .map(
            (r) =>
              `${r.name.replace(/^https?:\/\/[^/]+/, "")} ${Math.round(r.startTime)}+${Math.round(r.responseEnd - r.startTime)}`,
          )
          .join(", ");
        return {
          requests,
          network: w.__faultlinesFirstDraw!,
          map: w.__faultlinesMapFirstDraw!,
          located: d.located,
          marks,
        };
      });
      await page.screenshot({ path: path.join(os.tmpdir(), `faultlines-map-${events}.png`) });
      // One slider step: the slider to the middle of the range, the year before it shown (filter, re-cluster, draw).
      const step = await page.evaluate(async () => {
        const s = document.querySelector<HTMLInputElement>("#time-slider")!;
        document.querySelector<HTMLInputElement>("#whole-history")!.click();
        const w = window as unknown as Win;
        await new Promise((r) => setTimeout(r, 0));
        await w.faultlines.map()!.debug().drawn;
        const t0 = performance.now();
        s.value = String(Math.floor(Number(s.max) / 2));
        s.dispatchEvent(new Event("input", { bubbles: true }));
        await new Promise((r) => setTimeout(r, 0));
        await w.faultlines.map()!.debug().drawn;
        return { ms: performance.now() - t0, shown: w.faultlines.map()!.debug().shown };
      });
      await page.screenshot({ path: path.join(os.tmpdir(), `faultlines-map-${events}-step.png`) });
      return { events, loadMs, raw: raw.length, gzip: gzipSync(raw, { level: 1 }).length, pointsMs, first, step };
    } finally {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await ensureClientBuilt();
for (const n of SIZES) {
  const r = await measure(n);
  const kb = (x: number) => `${(x / 1024).toFixed(0)} KB`;
  console.log(
    `map ${n.toLocaleString("en")} events: points ${kb(r.raw)} (${kb(r.gzip)} gzipped) in ${r.pointsMs.toFixed(0)} ms; ` +
      `first draw from navigation: network ${r.first.network.toFixed(0)} ms, map ${r.first.map.toFixed(0)} ms ` +
      `(${r.first.located.toLocaleString("en")} located); slider step to mid-range (a year of events): ${r.step.ms.toFixed(0)} ms ` +
      `(${r.step.shown.toLocaleString("en")} shown); screenshot ${path.join(os.tmpdir(), `faultlines-map-${n}.png`)}; marks: ${r.first.marks}; requests: ${r.first.requests}`,
  );
}

// The explorer's export menu in real Chromium against the real server: each click yields a downloaded file whose
// content matches what the explorer shows (JSON nodes = visible actors; PNG at the chosen size and background;
// SVG with one circle per visible actor; the HTML report with its manifest).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOTS, browserSkipReason, openExplorer, pngPixels, screenshot } from "./helpers.js";

const skip = browserSkipReason();

describe.skipIf(skip !== null)("explorer export menu", () => {
  let explorer: Awaited<ReturnType<typeof openExplorer>>;
  let page: Page;

  beforeAll(async () => {
    explorer = await openExplorer("?at=2022-11-01");
    page = explorer.page;
    await page.waitForSelector("#export-toggle", { timeout: 30_000 });
    await page.click("#export-toggle");
  }, 240_000);

  afterAll(() => explorer?.close());

  const visibleNodes = () =>
    page.evaluate(
      () =>
        (window as unknown as { faultlines: { getViewState(): { visibleNodes: string[] } } }).faultlines.getViewState()
          .visibleNodes,
    );

  async function exportFile(format: string): Promise<{ name: string; body: Buffer }> {
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.click(`#export-${format}`),
    ]);
    const file = await download.path();
    return { name: download.suggestedFilename(), body: readFileSync(file!) };
  }

  it("downloads the current view as JSON with exactly the visible actors and their sources", async () => {
    const visible = (await visibleNodes()).sort();
    expect(visible.length).toBeGreaterThan(5);
    const { name, body } = await exportFile("json");
    expect(name).toMatch(/^faultlines-network-as-of-2022-11-01-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(body.toString("utf8"));
    expect(data.nodes.map((n: { key: string }) => n.key).sort()).toEqual(visible);
    expect(data.edges.length).toBeGreaterThan(0);
    for (const e of data.edges) expect(visible).toContain(e.source);
    expect(data.sources.length).toBeGreaterThan(0);
    expect(data.attributes.at).toBe("2022-11-01");
    await expect.poll(() => page.textContent("#export-status")).toMatch(/^Saved faultlines-/);
    await screenshot(page, "export-menu-open");
  });

  it("downloads the HTML report of the view with its manifest and as-of date", async () => {
    const { name, body } = await exportFile("html");
    expect(name).toMatch(/\.html$/);
    const html = body.toString("utf8");
    expect(html).toContain("<dt>As of</dt><dd>2022-11-01</dd>");
    expect(html).toMatch(/sha256:[0-9a-f]{64}/);
    expect(html).toContain("Explorer view: /?at=2022-11-01");
  });

  it("downloads a PNG at the chosen size and background, with the legend drawn under the network", async () => {
    await page.fill("#export-width", "800");
    await page.fill("#export-height", "600");
    await page.fill("#export-background", "#112233");
    const { name, body } = await exportFile("png");
    expect(name).toBe("faultlines-view-2022-11-01.png");
    expect(body.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([body.readUInt32BE(16), body.readUInt32BE(20)]).toEqual([800, 600]);
    writeFileSync(path.join(SCREENSHOTS, "export-menu-picture.png"), body);
    // Read pixels back in the page: the corner is the chosen background, the legend strip has ink.
    const corner = (await pngPixels(page, body, { x: 2, y: 2, width: 1, height: 1 })).slice(0, 3);
    const strip = await pngPixels(page, body, { x: 0, y: -40, width: 800, height: 40 });
    let ink = 0;
    for (let i = 0; i < strip.length; i += 4)
      if (Math.abs(strip[i] - 0x11) + Math.abs(strip[i + 1] - 0x22) + Math.abs(strip[i + 2] - 0x33) > 60) ink++;
    const probe = { corner, ink };
    expect(probe.corner).toEqual([0x11, 0x22, 0x33]);
    expect(probe.ink).toBeGreaterThan(100);
  });

  it("downloads an SVG with one circle per visible actor and a legend", async () => {
    const visible = await visibleNodes();
    const { name, body } = await exportFile("svg");
    expect(name).toBe("faultlines-view-2022-11-01.svg");
    const svg = body.toString("utf8");
    writeFileSync(path.join(SCREENSHOTS, "export-menu-picture.svg"), body);
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(svg);
    expect(doc.svg["@width"]).toBe("800");
    const nodes = doc.svg.g.find((g: { "@class": string }) => g["@class"] === "nodes");
    expect(
      [nodes.circle]
        .flat()
        .map((c: { "@data-key": string }) => c["@data-key"])
        .sort(),
    ).toEqual([...visible].sort());
    expect(svg).toContain('class="legend"');
  });
});

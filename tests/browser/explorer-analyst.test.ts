// The explorer as an analyst meets it in the first hour (issue #19): a readable events timeline, unknown fatalities
// never shown as 0, dates at their own precision, the legend and the panels leaving the graph room, paths that say
// why they are empty, filters that say what they would add. Real Chromium against the seeded server.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, browserSkipReason, pngPixels, screenshot, useExplorer, type ExplorerPage } from "./helpers.js";

const skip = browserSkipReason();

describe.skipIf(skip !== null)("explorer, an analyst's first hour", () => {
  const harness = useExplorer();
  const open = harness.open;
  const errorsOf = (page: ExplorerPage) => page.errors;
  const detailText = (page: Page) => page.textContent("#detail-panel").then((t) => t ?? "");

  it("lists an actor's events one under the other, each as wide as the panel", async () => {
    const page = await open("?sel=n:is-sahel");
    await page.waitForFunction(() => document.querySelectorAll("#detail-panel .event").length > 2);
    const boxes = await page.$$eval("#detail-panel .events-timeline > .event", (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, w: r.width };
      }),
    );
    const panelWidth = await page.$eval("#detail-panel", (e) => e.clientWidth);
    expect(boxes.length).toBeGreaterThan(2);
    for (const b of boxes) expect(b.w).toBeGreaterThan(panelWidth * 0.8);
    for (let i = 1; i < boxes.length; i++) {
      expect(boxes[i].x).toBe(boxes[0].x);
      expect(boxes[i].y).toBeGreaterThan(boxes[i - 1].y);
    }
    await page.locator("#detail-panel .events-timeline").scrollIntoViewIfNeeded();
    await screenshot(page, "analyst-events-timeline");
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it("says 'fatalities not reported' (with the claim) for a clash whose events report no toll, never 0 killed", async () => {
    const page = await open("?at=all&sel=n:jnim");
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent?.includes("Nusrat"));
    // The actor's clash lines come from the clash aggregates (#17): unknown stays unknown there too.
    const line = await page
      .locator("#detail-panel li", { hasText: "Islamic State – Sahel Province:" })
      .first()
      .textContent();
    expect(line).toMatch(/events · fatalities not reported · /);
    expect(await detailText(page)).not.toMatch(/\b0 killed/);
    // The clash itself is written from its events: the claim, and each date at its own precision.
    const key = await page.evaluate(() =>
      fetch("/api/graph")
        .then((r) => r.json())
        .then(
          (g: { edges: { key: string; source: string; target: string; attributes: { type: string } }[] }) =>
            g.edges.find(
              (e) =>
                e.attributes.type === "CLASHED_WITH" &&
                [e.source, e.target].sort().join() === ["is-sahel", "jnim"].sort().join(),
            )!.key,
        ),
    );
    await selectClash(page, key);
    expect(await page.textContent("#detail-panel .clash-summary")).toMatch(
      /events · fatalities not reported; claimed: 60 · 6 September 2022 – October 2022$/,
    );
    // The month-precision event keeps its precision in the timeline.
    expect(await page.locator("#detail-panel .event time").allTextContents()).toContain("October 2022");
    expect(await detailText(page)).not.toContain("1 October 2022");
    await page.close();
  });

  it("writes each clash's summary from its events: unknown tolls, 'at least', a single date without 'since'", async () => {
    const page = await open("?at=all");
    // Every clash of the seeds, whatever they hold now: the summary must agree with the events listed under it.
    const clashes = await page.evaluate(() =>
      fetch("/api/graph")
        .then((r) => r.json())
        .then((g: { edges: { key: string; attributes: { type: string } }[] }) =>
          g.edges.filter((e) => e.attributes.type === "CLASHED_WITH").map((e) => e.key),
        ),
    );
    expect(clashes.length).toBeGreaterThan(3);
    const seen = { unknown: 0, partial: 0, single: 0 };
    for (const key of clashes) {
      await selectClash(page, key);
      const summary = (await page.textContent("#detail-panel .clash-summary"))!;
      const tolls = await page.locator("#detail-panel .event .toll").allTextContents();
      const unknown = tolls.filter((t) => t === "fatalities not reported").length;
      expect(summary, key).toMatch(new RegExp(`^${tolls.length} events? · `));
      expect(summary, key).not.toMatch(/\b0 killed/);
      if (unknown === tolls.length) {
        expect(summary, key).toContain("fatalities not reported");
        seen.unknown++;
      } else if (unknown > 0) {
        expect(summary, key).toContain(`at least`);
        expect(summary, key).toContain(`(${tolls.length - unknown} of ${tolls.length} events report a toll)`);
        seen.partial++;
      } else expect(summary, key).not.toContain("at least");
      if (tolls.length === 1) {
        const date = await page.textContent("#detail-panel .event time");
        expect(summary, key).toMatch(new RegExp(` · ${date}$`));
        // No tie-like "since …" line: a clash's dates are its events'.
        expect(summary, key).not.toContain("since");
        expect(await page.locator("#detail-panel .rel-meta").count(), key).toBe(0);
        seen.single++;
      }
    }
    expect(seen.unknown).toBeGreaterThan(0);
    expect(seen.partial).toBeGreaterThan(0);
    expect(seen.single).toBeGreaterThan(0);
    await page.goto(`${harness.url()}/?at=all&sel=e:clash:is-sahel:jnim`);
    await page.waitForFunction(() => document.querySelectorAll("#detail-panel .event").length > 0);
    await screenshot(page, "analyst-clash-unknown-toll");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("exports pictures in the explorer's visual grammar: its colours, dashes for alleged and disputed, legend, title", async () => {
    const page = await open("?at=all");
    await page.click("#export-toggle");
    const download = async (format: string) => {
      const [d] = await Promise.all([
        page.waitForEvent("download", { timeout: 60_000 }),
        page.click(`#export-${format}`),
      ]);
      return readFileSync((await d.path())!);
    };
    const look = (key: string) =>
      page.evaluate(
        (k) =>
          (
            window as unknown as { faultlines: { nodeLook(k: string): { color: string; label: string } } }
          ).faultlines.nodeLook(k),
        key,
      );
    const svg = (await download("svg")).toString("utf8");
    writeFileSync(path.join(SCREENSHOTS, "analyst-export-grammar.svg"), svg);
    // Colours: the explorer's family colours, not kinds.
    expect(await look("jnim")).toEqual({ color: "#d35400", label: "al-Qaeda network" });
    expect(svg).toMatch(/<circle [^>]*fill="#d35400" data-key="jnim"/);
    // Dashes: alleged and disputed ties, and only they, whatever their type.
    const paths = [...svg.matchAll(/<path d="[^"]*" ([^>]*)data-key="([^"]+)"\/>/g)].map((m) => ({
      key: m[2],
      attrs: m[1],
    }));
    const dashed = paths
      .filter((p) => p.attrs.includes("stroke-dasharray"))
      .map((p) => p.key)
      .sort();
    const weak = await page.evaluate(() => {
      const fl = (
        window as unknown as {
          faultlines: {
            getViewState(): { visibleEdges: string[] };
            graph: { getEdgeAttribute(k: string, a: string): string };
          };
        }
      ).faultlines;
      return fl
        .getViewState()
        .visibleEdges.filter((k) => ["alleged", "disputed"].includes(fl.graph.getEdgeAttribute(k, "confidence")))
        .sort();
    });
    expect(weak).toEqual(expect.arrayContaining(["hcua-allied_with-ansar-dine", "mnla-allied_with-aqim"]));
    expect(dashed).toEqual(weak);
    expect(paths.find((p) => p.key.includes("rival_of"))!.attrs).not.toContain("stroke-dasharray");
    // The legend: the families shown, and dashed swatches for alleged and disputed.
    const legend = svg.slice(svg.indexOf('class="legend"'));
    expect(legend).toContain("al-Qaeda network");
    expect(legend).toMatch(/<line [^>]*stroke-dasharray="6 4"[^>]*\/>\s*<text [^>]*>Alleged<\/text>/);
    expect(legend).toMatch(/stroke-dasharray="6 4"[^>]*\/>\s*<text [^>]*>Disputed<\/text>/);
    // A title and what the picture shows.
    expect(svg).toContain(">Faultlines network</text>");
    expect(svg).toMatch(/class="subtitle"[^>]*>Whole history<\/text>/);

    // The PNG has the same title strip: dark text in its top rows on a white background.
    const png = await download("png");
    writeFileSync(path.join(SCREENSHOTS, "analyst-export-grammar.png"), png);
    const top = await pngPixels(page, png, { x: 0, y: 0, width: 400, height: 50 });
    let topInk = 0;
    for (let i = 0; i < top.length; i += 4) if (top[i] + top[i + 1] + top[i + 2] < 200) topInk++;
    expect(topInk).toBeGreaterThan(200);

    // Colour by kind: the report's picture and its tables follow, and the Markdown report carries the picture.
    await page.selectOption("#color-by", "kind");
    expect(await look("aqim")).toEqual({ color: "#c0392b", label: "Jihadist group" });
    const html = (await download("html")).toString("utf8");
    expect(html).toMatch(/<circle [^>]*fill="#c0392b" data-key="aqim"/);
    expect(html).toMatch(/stroke-dasharray="6 4"[^>]*data-key="hcua-allied_with-ansar-dine"/);
    const md = (await download("md")).toString("utf8");
    const b64 = /!\[Network picture\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(md)?.[1];
    expect(b64).toBeTruthy();
    expect(Buffer.from(b64!, "base64").toString("utf8")).toMatch(/<circle [^>]*fill="#c0392b" data-key="aqim"/);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  /** Every shown actor's disc and label, in the graph container's pixels, and the container's and legend's boxes. */
  const layoutOf = (page: Page) =>
    page.evaluate(() => {
      const fl = (
        window as unknown as {
          faultlines: {
            sigma: {
              getNodeDisplayData(k: string): { x: number; y: number; size: number; label: string; hidden?: boolean };
              framedGraphToViewport(p: { x: number; y: number }): { x: number; y: number };
              getSettings(): { labelFont: string; labelSize: number; labelWeight: string };
            };
            getViewState(): { visibleNodes: string[] };
          };
        }
      ).faultlines;
      const s = fl.sigma.getSettings();
      const ctx = document.createElement("canvas").getContext("2d")!;
      ctx.font = `${s.labelWeight} ${s.labelSize}px ${s.labelFont}`;
      const box = (sel: string) => {
        const r = document.querySelector(sel)!.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
      };
      const nodes = fl.getViewState().visibleNodes.map((k) => {
        const d = fl.sigma.getNodeDisplayData(k);
        const p = fl.sigma.framedGraphToViewport(d);
        return {
          key: k,
          x: p.x,
          y: p.y,
          size: d.size,
          labelEnd: p.x + d.size + 3 + ctx.measureText(d.label ?? "").width,
        };
      });
      return { nodes, container: box("#sigma-container"), legend: box("#legend") };
    });

  it("keeps the legend off the graph, open or closed, and the labels at the right edge inside it", async () => {
    const page = await open("?at=2022-11-21");
    for (const expanded of [false, true]) {
      if (expanded) await page.click("#legend details.sub summary");
      await page.waitForTimeout(300);
      const { nodes, container, legend } = await layoutOf(page);
      expect(legend.height).toBeGreaterThan(20);
      // The legend is under the graph, not over it.
      expect(legend.top).toBeGreaterThanOrEqual(container.bottom - 1);
      for (const n of nodes) {
        expect(n.y, n.key).toBeGreaterThan(0);
        expect(n.y, n.key).toBeLessThan(container.height);
        expect(n.x - n.size, n.key).toBeGreaterThanOrEqual(0);
        expect(n.labelEnd, n.key).toBeLessThanOrEqual(container.width);
      }
      for (const k of ["minusma", "ansar-dine", "mujao", "fama"])
        if (nodes.some((n) => n.key === k)) expect(nodes.find((n) => n.key === k)!.y).toBeLessThan(container.height);
    }
    await screenshot(page, "analyst-legend-strip");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("shows a path's answer in place of the target's details, and says when no path exists at the date", async () => {
    const page = await open("?at=2022-11-21&sel=n:mnla");
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent?.includes("Liberation"));
    await page.click("#detail-panel button:has-text('Path from here')");
    await page.evaluate(() =>
      (window as unknown as { faultlines: { selectActor(id: string): void } }).faultlines.selectActor("jnim"),
    );
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent?.includes("Nusrat"));
    await page.click("#detail-panel button:has-text('Path to here')");
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent === "Shortest path");
    expect(await page.locator("#detail-panel .paths li").count()).toBeGreaterThan(0);
    await screenshot(page, "analyst-path-shown");

    // In 1999 neither exists: the picture greys out, and the panel and a message say why.
    await page.goto(`${harness.url()}/?at=1999-01&path=mnla,jnim`);
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent === "Shortest path");
    await expect.poll(() => page.textContent("#detail-panel .notice")).toContain("No path within 6 ties at this date");
    expect(await page.isVisible("#flash")).toBe(true);
    expect(await page.textContent("#flash")).toContain("No path between");
    await screenshot(page, "analyst-path-none");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it.each([
    { width: 800, height: 700 },
    { width: 360, height: 640 },
  ])("keeps most of a $width px screen for the graph, the panels as drawers", async (viewport) => {
    const page = await open("?at=2022-11-21", viewport);
    const width = (sel: string) => page.$eval(sel, (e) => e.getBoundingClientRect().width);
    expect(await width("#sigma-container")).toBeGreaterThan(viewport.width * 0.9);
    expect(await page.isVisible("#filters-panel")).toBe(false);
    expect(await page.isVisible("#side-panel")).toBe(false);
    await screenshot(page, `analyst-narrow-${viewport.width}`);
    await page.click("#toggle-filters");
    await expect.poll(() => page.isVisible("#filters-panel")).toBe(true);
    expect(await page.getAttribute("#toggle-filters", "aria-expanded")).toBe("true");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.isVisible("#filters-panel")).toBe(false);
    // Selecting an actor opens the details drawer.
    await page.evaluate(() =>
      (window as unknown as { faultlines: { selectActor(id: string): void } }).faultlines.selectActor("jnim"),
    );
    await expect.poll(() => page.isVisible("#side-panel")).toBe(true);
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent?.includes("Nusrat"));
    await page.waitForTimeout(300);
    await screenshot(page, `analyst-narrow-${viewport.width}-details`);
    expect(await width("#sigma-container")).toBeGreaterThan(viewport.width * 0.9);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("shows no drawer buttons on a wide screen", async () => {
    const page = await open("?at=2022-11-21");
    expect(await page.isVisible("#toggle-filters")).toBe(false);
    expect(await page.isVisible("#filters-panel")).toBe(true);
    expect(await page.isVisible("#side-panel")).toBe(true);
    await page.close();
  });

  it("marks the years along the time slider, not only its two ends, each over its own January", async () => {
    const page = await open("?at=2022-11-21");
    const marks = await page.$$eval("#timeline .year-mark", (els) =>
      els.map((e) => ({ year: Number(e.textContent), x: e.getBoundingClientRect().x })),
    );
    expect(marks.length).toBeGreaterThan(3);
    for (let i = 1; i < marks.length; i++) {
      expect(marks[i].year).toBeGreaterThan(marks[i - 1].year);
      expect(marks[i].x).toBeGreaterThan(marks[i - 1].x);
    }
    await page.locator("#timeline").screenshot({ path: path.join(SCREENSHOTS, "analyst-slider-years.png") });
    await page.close();
  });

  it("names the sources of the events a 'Load more events' brings, not only the first page's", async () => {
    // Last in this file: it loads data into the shared server. 24 events of MUJAO dated after every seeded one, each citing its own source: the panel's first page (20, latest
    // first) cites 20 of them, the second page the 4 others and the seeded events' sources.
    const sources = Array.from({ length: 24 }, (_, i) => ({
      id: `test-paging-source-${i}`,
      title: `Test paging source ${i}`,
      publisher: "Test publisher",
      url: `https://example.org/paging/${i}`,
      language: "en",
      kind: "news",
    }));
    const events = sources.map((s, i) => ({
      id: `test-paging-event-${i}`,
      date: `2031-01-${String(i + 1).padStart(2, "0")}`,
      type: "battle",
      participants: [{ actorId: "mujao", side: "A" }],
      sources: [{ sourceId: s.id, quote: `a test event ${i}` }],
    }));
    const res = await fetch(`${harness.url()}/api/load`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer test-token-123" },
      body: JSON.stringify({ sources, events }),
    });
    expect(res.status, await res.text()).toBe(200);
    const page = await open("?sel=n:mujao");
    await page.waitForFunction(() => document.querySelectorAll("#detail-panel .event").length >= 20);
    const cites = () => page.locator("#detail-panel .events-timeline .source cite").allTextContents();
    expect(await cites()).toContain("Test paging source 23 — Test publisher");
    await page.click("#detail-panel button.events-more");
    await page.waitForFunction(() => document.querySelectorAll("#detail-panel .event").length > 20);
    const shown = await cites();
    // The four earliest test events are on the second page: their sources by title, never by bare id.
    for (const i of [0, 1, 2, 3]) expect(shown).toContain(`Test paging source ${i} — Test publisher`);
    expect(shown.filter((t) => /^[a-z0-9-]+$/.test(t.trim()))).toEqual([]);
    await page.locator("#detail-panel .event").nth(21).scrollIntoViewIfNeeded();
    await screenshot(page, "analyst-events-second-page-sources");
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

/** Selects a clash through back/forward's path (popstate, no reload), the panel emptied first, and waits for its events. */
async function selectClash(page: Page, key: string): Promise<void> {
  await page.evaluate((k) => {
    document.querySelector("#detail-panel")!.replaceChildren();
    history.pushState(null, "", `?at=all&sel=e:${k}`);
    dispatchEvent(new PopStateEvent("popstate"));
  }, key);
  await page.waitForFunction(() => document.querySelectorAll("#detail-panel .event").length > 0);
}

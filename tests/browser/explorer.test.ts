// The Explorer in real Chromium against the real server and the seeded store: drawing, search, time, URL state,
// detail evidence, lineage, paths, empty and error states, and no HTML injection from data.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatDate, monthTicks } from "../../client/src/core/time/index.js";
import { SEED_ACTORS } from "../helpers/server.js";
import { browserSkipReason, canvasInk, screenshot, useExplorer } from "./helpers.js";

const skip = browserSkipReason();

interface ViewStateLike {
  at: string | null;
  selected: { kind: string; key: string } | null;
  camera: { x: number; y: number; ratio: number } | null;
  mode: string;
  visibleNodes: string[];
  visibleEdges: string[];
}

describe.skipIf(skip !== null)("explorer page", () => {
  const harness = useExplorer();
  const open = (query = ""): Promise<Page> => harness.open(query);
  const server = {
    get url() {
      return harness.url();
    },
  };
  const context = { newPage: () => harness.context().newPage() };

  const rangeOf = (page: Page) =>
    page.evaluate(
      () => (window as unknown as { faultlines: { range: { min: string; max: string } } }).faultlines.range,
    );
  /** The slider's tick for a month: one tick per month from the earliest date in the data. */
  const tickOf = async (page: Page, month: string) => String(monthTicks(await rangeOf(page)).indexOf(month));
  const viewState = (page: Page) =>
    page.evaluate(() =>
      (window as unknown as { faultlines: { getViewState(): ViewStateLike } }).faultlines.getViewState(),
    );

  it("draws the seeded network (the canvas is not blank) with counts and the current date", async () => {
    const page = await open();
    expect(await page.evaluate(() => document.documentElement.dataset.ready)).toBe("true");
    const ink = await canvasInk(page);
    expect(ink).toBeGreaterThan(0.005);
    await expect
      .poll(() => page.textContent("#shown-counts"))
      .toMatch(new RegExp(`Showing \\d+ of ${SEED_ACTORS} actors`));
    // The explorer opens at the latest date in the data.
    const range = await rangeOf(page);
    expect(await page.textContent("#as-of-date")).toBe(formatDate(range.max));
    expect(page.url()).toContain(`at=${range.max}`);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await screenshot(page, "explorer-initial");
    await page.close();
  });

  it("finds EIS by its alias, shows which alias matched, and opens the detail panel with a quoted source", async () => {
    const page = await open();
    await page.fill("#search-input", "EIS");
    const option = page.locator("#search-results [role=option]").first();
    await option.waitFor();
    expect(await option.textContent()).toContain("Islamic State – Sahel Province");
    expect(await option.locator(".matched").textContent()).toContain("EIS");
    await screenshot(page, "explorer-search-eis");
    await page.press("#search-input", "Enter");
    await page.waitForFunction(
      () => document.querySelector("#detail-title")?.textContent === "Islamic State – Sahel Province",
    );
    const firstSource = page.locator("#detail-panel .source").first();
    expect(await firstSource.locator("blockquote").textContent()).toMatch(/\S/);
    expect(await firstSource.locator("cite a").getAttribute("href")).toMatch(/^https?:\/\//);
    expect(await page.locator("#detail-panel .relationship").count()).toBeGreaterThan(3);
    expect(await page.locator("#detail-panel .event").count()).toBeGreaterThan(0);
    expect((await viewState(page)).selected).toEqual({ kind: "node", key: "is-sahel" });
    // The keyboard follows: the details' title has the focus, and one Tab reaches the panel's first control.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("detail-title");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("#detail-panel"))).toBe(true);
    await page.waitForTimeout(600);
    await screenshot(page, "explorer-detail-is-sahel");
    await page.close();
  });

  it("finds JNIM by GSIM", async () => {
    const page = await open();
    await page.fill("#search-input", "GSIM");
    const option = page.locator("#search-results [role=option]").first();
    await option.waitFor();
    expect(await option.textContent()).toContain("Jama'at Nusrat al-Islam wal-Muslimin");
    await option.dispatchEvent("mousedown");
    await page.waitForFunction(
      () => document.querySelector("#detail-title")?.textContent === "Jama'at Nusrat al-Islam wal-Muslimin",
    );
    await page.close();
  });

  it("hides JNIM when the slider moves to 2012, and keeps positions fixed", async () => {
    const page = await open();
    const before = await viewState(page);
    expect(before.visibleNodes).toContain("jnim");
    const posBefore = await page.evaluate(() =>
      (
        window as unknown as { faultlines: { graph: { getNodeAttributes(k: string): { x: number; y: number } } } }
      ).faultlines.graph.getNodeAttributes("aqim"),
    );
    await page.locator("#time-slider").fill(await tickOf(page, "2012-01"));
    await expect.poll(() => page.textContent("#as-of-date")).toBe("January 2012");
    const after = await viewState(page);
    expect(after.at).toBe("2012-01");
    expect(after.visibleNodes).not.toContain("jnim");
    expect(after.visibleNodes).toContain("mujao");
    expect(after.visibleNodes).toContain("mnla");
    const hidden = await page.evaluate(
      () =>
        (
          window as unknown as { faultlines: { sigma: { getNodeDisplayData(k: string): { hidden?: boolean } } } }
        ).faultlines.sigma.getNodeDisplayData("jnim")?.hidden,
    );
    expect(hidden).toBe(true);
    const posAfter = await page.evaluate(() =>
      (
        window as unknown as { faultlines: { graph: { getNodeAttributes(k: string): { x: number; y: number } } } }
      ).faultlines.graph.getNodeAttributes("aqim"),
    );
    expect(posAfter.x).toBe(posBefore.x);
    expect(posAfter.y).toBe(posBefore.y);
    await expect.poll(() => page.url()).toContain("at=2012-01");
    await screenshot(page, "explorer-2012");
    await page.close();
  });

  it("reproduces a shared view from its URL (date, filters, selection, camera)", async () => {
    const page = await open();
    await page.locator("#time-slider").fill(await tickOf(page, "2013-01"));
    await page.check("#f-types-CLASHED_WITH");
    await page.uncheck("#f-types-CLASHED_WITH");
    await page.fill("#search-input", "MUJAO");
    await page.locator("#search-results [role=option]").first().waitFor();
    await page.press("#search-input", "Enter");
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent?.includes("Oneness"));
    // The URL is written once the camera animation ends.
    await page.waitForFunction(() => /sel=n(:|%3A)mujao/.test(location.search) && location.search.includes("cam="));
    const shared = page.url();
    const original = await viewState(page);
    expect(shared).toContain("sel=n:mujao");
    expect(shared).toContain("cam=");
    await screenshot(page, "explorer-shared-original");

    const copy = await open(shared.slice(server.url.length + 1));
    await copy.waitForFunction(() => document.querySelector("#detail-title")?.textContent?.includes("Oneness"));
    const reproduced = await viewState(copy);
    expect(reproduced.at).toBe(original.at);
    expect(reproduced.selected).toEqual(original.selected);
    expect(reproduced.visibleNodes).toEqual(original.visibleNodes);
    expect(reproduced.visibleEdges).toEqual(original.visibleEdges);
    expect(reproduced.visibleEdges.some((k) => k.startsWith("clash:"))).toBe(false);
    expect(reproduced.camera!.ratio).toBeCloseTo(original.camera!.ratio, 3);
    expect(reproduced.camera!.x).toBeCloseTo(original.camera!.x, 3);
    expect(await copy.isChecked("#f-types-CLASHED_WITH")).toBe(false);
    await screenshot(copy, "explorer-shared-reopened");
    await page.close();
    await copy.close();
  });

  it("goes back and forward through views with the browser's history (selection and date)", async () => {
    const page = await open("?at=2022-11-21");
    const select = (id: string) =>
      page.evaluate(
        (i) => (window as unknown as { faultlines: { selectActor(id: string): void } }).faultlines.selectActor(i),
        id,
      );
    const selected = async () => (await viewState(page)).selected?.key ?? null;
    await select("jnim");
    await page.waitForFunction(
      () => location.search.includes("sel=n%3Ajnim") || location.search.includes("sel=n:jnim"),
    );
    await select("aqim");
    await page.waitForFunction(() => location.search.includes("aqim"));
    await page.locator("#time-slider").fill(await tickOf(page, "2015-01"));
    await page.waitForFunction(() => location.search.includes("at=2015"));
    const entries = await page.evaluate(() => history.length);

    await page.goBack();
    await expect.poll(() => viewState(page).then((v) => v.at)).toBe("2022-11-21");
    expect(await selected()).toBe("aqim");
    await page.goBack();
    await expect.poll(selected).toBe("jnim");
    // The detail panel follows: it shows the actor the entry selected (JNIM's full name in the seeds).
    await expect.poll(() => page.textContent("#detail-title")).toContain("Nusrat al-Islam");
    await page.goBack();
    await expect.poll(selected).toBe(null);
    await page.goForward();
    await expect.poll(selected).toBe("jnim");
    // Going back and forth made no new entries.
    expect(await page.evaluate(() => history.length)).toBe(entries);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it("draws alleged and disputed straight ties dashed, confirmed ones solid", async () => {
    // Alliances of jihadist and separatist groups only, so that no other tie crosses the segments measured.
    const page = await open("?at=2013-06-01&types=ALLIED_WITH&kinds=jihadist_group,separatist_movement");
    /** Share of inked samples along the middle half of the segment between two actors, and how often ink starts. */
    const inkAlong = (a: string, b: string) =>
      page.evaluate(
        ([from, to]) => {
          const fl = (
            window as unknown as {
              faultlines: {
                sigma: {
                  refresh(): void;
                  getCanvases(): Record<string, HTMLCanvasElement>;
                  getNodeDisplayData(n: string): { x: number; y: number };
                  framedGraphToViewport(p: { x: number; y: number }): { x: number; y: number };
                };
              };
            }
          ).faultlines;
          fl.sigma.refresh();
          const canvas = fl.sigma.getCanvases().edges;
          const c = document.createElement("canvas");
          c.width = canvas.width;
          c.height = canvas.height;
          const ctx = c.getContext("2d")!;
          ctx.drawImage(canvas, 0, 0);
          const ratio = canvas.width / canvas.clientWidth;
          const p = fl.sigma.framedGraphToViewport(fl.sigma.getNodeDisplayData(from));
          const q = fl.sigma.framedGraphToViewport(fl.sigma.getNodeDisplayData(to));
          let inked = 0;
          let starts = 0;
          let prev = false;
          const n = 200;
          for (let i = 0; i <= n; i++) {
            const t = 0.25 + (0.5 * i) / n;
            const x = Math.round((p.x + (q.x - p.x) * t) * ratio);
            const y = Math.round((p.y + (q.y - p.y) * t) * ratio);
            // The line is thin and anti-aliased: look at the 3x3 pixels around the point.
            const d = ctx.getImageData(x - 1, y - 1, 3, 3).data;
            let ink = false;
            for (let k = 3; k < d.length; k += 4) if (d[k] > 40) ink = true;
            if (ink) inked++;
            if (ink && !prev) starts++;
            prev = ink;
          }
          return { share: inked / (n + 1), starts };
        },
        [a, b],
      );
    const alleged = await inkAlong("hcua", "ansar-dine");
    const confirmed = await inkAlong("ansar-dine", "aqim");
    expect(confirmed.share).toBeGreaterThan(0.95);
    expect(alleged.share).toBeGreaterThan(0.3);
    // A dashed line breaks into many inked runs where a solid one is a single run (the share of ink depends on the
    // zoom: the 3x3 sampling fills part of each gap).
    expect(alleged.share).toBeLessThan(0.93);
    expect(alleged.starts).toBeGreaterThan(3);
    expect(confirmed.starts).toBeLessThanOrEqual(2);
    await screenshot(page, "explorer-dashed-ties");
    await page.close();
  });

  it("shows a tie's evidence from a link that selects it", async () => {
    const page = await open("?at=2012&sel=e:mujao-splinter_of-aqim");
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent === "Splinter of");
    expect(await page.textContent("#detail-panel .rel-head")).toContain("al-Qaeda in the Islamic Maghreb");
    expect(await page.locator("#detail-panel .source blockquote").count()).toBeGreaterThan(0);
    await screenshot(page, "explorer-edge-evidence");
    await page.close();
  });

  it("shows a clash's events with fatalities", async () => {
    const page = await open("?at=all&sel=e:clash:is-sahel:jnim");
    await page.waitForFunction(() => document.querySelectorAll("#detail-panel .event").length > 0);
    expect(await page.textContent("#detail-panel")).toMatch(/Talataye/);
    await page.close();
  });

  it("lays out the lineage as a genealogy in time order", async () => {
    const page = await open("?at=all");
    await page.click("#mode-lineage");
    // Laid out by ELK, loaded on first use: the container says when the genealogy is drawn.
    await page.waitForFunction(() => document.getElementById("sigma-container")?.dataset.lineage === "all");
    await page.waitForTimeout(900);
    const s = await viewState(page);
    expect(s.mode).toBe("lineage");
    for (const k of ["gspc", "aqim", "mujao", "al-mourabitoun", "jnim", "is-sahel"])
      expect(s.visibleNodes).toContain(k);
    expect(s.visibleNodes).not.toContain("france-military"); // no splinter, merger or founding membership
    const xs = await page.evaluate(() => {
      const g = (window as unknown as { faultlines: { graph: { getNodeAttribute(k: string, a: string): number } } })
        .faultlines.graph;
      return ["gspc", "aqim", "mujao", "al-mourabitoun", "jnim"].map((k) => -g.getNodeAttribute(k, "y"));
    });
    // Oldest on top: y decreases down the genealogy.
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(await canvasInk(page)).toBeGreaterThan(0.003);
    await screenshot(page, "explorer-lineage");
    await page.close();
  });

  it("highlights the shortest path between two actors", async () => {
    const page = await open("?at=2022-11-21&path=mnla,jnim");
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent === "Shortest path");
    expect(await page.locator("#detail-panel .paths li").count()).toBeGreaterThan(0);
    await screenshot(page, "explorer-path");
    await page.close();
  });

  it("focuses on an actor's neighbours and shows all again", async () => {
    const page = await open("?at=2022-11-21&sel=n:jnim");
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent?.startsWith("Jama"));
    const all = (await viewState(page)).visibleNodes.length;
    await page.click("text=Focus");
    await expect.poll(async () => (await viewState(page)).visibleNodes.length).toBeLessThan(all);
    expect((await viewState(page)).visibleNodes).toContain("jnim");
    await screenshot(page, "explorer-focus");
    await page.click("#show-all");
    await expect.poll(async () => (await viewState(page)).visibleNodes.length).toBe(all);
    await page.close();
  });

  it("picks the best match when Enter is pressed before the answer arrives", async () => {
    const page = await open();
    await page.fill("#search-input", "MOJWA");
    await page.press("#search-input", "Enter");
    await page.waitForFunction(() => document.querySelector("#detail-title")?.textContent?.includes("Oneness"));
    await page.close();
  });

  it("dims actors outside the hovered actor's neighbourhood (reducers, not graph attributes)", async () => {
    const page = await open("?at=2022-11-21");
    const read = () =>
      page.evaluate(() => {
        const fl = (
          window as unknown as {
            faultlines: {
              sigma: { getNodeDisplayData(k: string): { color: string; label: string } };
              graph: { getNodeAttribute(k: string, a: string): unknown };
            };
          }
        ).faultlines;
        return {
          other: fl.sigma.getNodeDisplayData("eutm-mali").color,
          aqim: fl.sigma.getNodeDisplayData("aqim").color,
          otherAttr: fl.graph.getNodeAttribute("eutm-mali", "color"),
        };
      });
    const before = await read();
    await page.evaluate(() =>
      (window as unknown as { faultlines: { sigma: { emit(e: string, p: unknown): void } } }).faultlines.sigma.emit(
        "enterNode",
        { node: "jnim" },
      ),
    );
    const during = await read();
    expect(during.aqim).toBe(before.aqim); // a neighbour of JNIM keeps its colour
    expect(during.other).not.toBe(before.other); // the EU training mission has no tie with JNIM: dimmed
    expect(during.otherAttr).toBe(before.otherAttr);
    await screenshot(page, "explorer-hover-jnim");
    await page.evaluate(() =>
      (window as unknown as { faultlines: { sigma: { emit(e: string, p: unknown): void } } }).faultlines.sigma.emit(
        "leaveNode",
        { node: "jnim" },
      ),
    );
    expect((await read()).other).toBe(before.other);
    await page.close();
  });

  it("runs ForceAtlas2 in a web worker and stops it", async () => {
    const page = await open("?at=2022-11-21");
    const pos = () =>
      page.evaluate(() =>
        (
          window as unknown as { faultlines: { graph: { getNodeAttributes(k: string): { x: number; y: number } } } }
        ).faultlines.graph.getNodeAttributes("aqim"),
      );
    const start = await pos();
    await page.click("#layout-toggle");
    expect(await page.getAttribute("#layout-toggle", "aria-pressed")).toBe("true");
    await expect.poll(async () => (await pos()).x, { timeout: 10_000 }).not.toBe(start.x);
    await page.click("#layout-toggle");
    expect(await page.getAttribute("#layout-toggle", "aria-pressed")).toBe("false");
    const stopped = await pos();
    await page.waitForTimeout(500);
    expect(await pos()).toEqual(stopped);
    await page.close();
  });

  it("shows a graph another page sent in this tab (?graph=session)", async () => {
    const page = await open();
    await page.evaluate(() =>
      sessionStorage.setItem(
        "faultlines:graph",
        JSON.stringify({
          attributes: {},
          options: { type: "mixed", multi: true, allowSelfLoops: false },
          nodes: [
            {
              key: "mujao",
              attributes: {
                label: "MUJAO",
                kind: "jihadist_group",
                countries: ["MLI"],
                aliases: [],
                provisional: false,
                eventCount: 0,
              },
            },
            {
              key: "aqim",
              attributes: {
                label: "AQIM",
                kind: "jihadist_group",
                countries: ["MLI"],
                aliases: [],
                provisional: false,
                eventCount: 0,
              },
            },
          ],
          edges: [
            {
              key: "mujao-splinter_of-aqim",
              source: "mujao",
              target: "aqim",
              undirected: false,
              attributes: { type: "SPLINTER_OF", since: "2011", confidence: "confirmed", sources: [] },
            },
          ],
        }),
      ),
    );
    await page.goto(`${server.url}/?graph=session&at=all`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    const s = await viewState(page);
    expect(s.visibleNodes).toEqual(["aqim", "mujao"]);
    expect(s.visibleEdges).toEqual(["mujao-splinter_of-aqim"]);
    await page.close();
  });

  it("keeps keyboard focus on a filter toggled with the keyboard", async () => {
    const page = await open("?at=2022-11-21");
    await page.focus("#f-types-RIVAL_OF");
    await page.keyboard.press("Space");
    await expect.poll(async () => (await viewState(page)).visibleEdges.some((k) => k.includes("rival_of"))).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-types-RIVAL_OF");
    await page.keyboard.press("Space");
    await expect.poll(async () => (await viewState(page)).visibleEdges.some((k) => k.includes("rival_of"))).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-types-RIVAL_OF");
    await page.close();
  });

  it("plays the years forward", async () => {
    const page = await open("?at=2010-01");
    await page.click("button.play");
    await expect.poll(() => page.textContent("#as-of-date"), { timeout: 5000 }).toMatch(/2011|2012/);
    await page.click("button.play");
    await page.close();
  });

  it("says when nothing matches and offers to reset", async () => {
    const page = await open("?at=2022&kinds=");
    await page.waitForSelector("text=Nothing matches");
    await screenshot(page, "explorer-nothing-matches");
    await page.click("#status button");
    await expect.poll(async () => (await viewState(page)).visibleNodes.length).toBeGreaterThan(0);
    await page.close();
  });

  it("says when the store is unavailable and retries", async () => {
    const page = await context.newPage();
    let fail = true;
    await page.route("**/api/graph", (route) =>
      fail
        ? route.fulfill({
            status: 503,
            contentType: "application/problem+json",
            body: JSON.stringify({
              type: "about:blank",
              title: "Service Unavailable",
              status: 503,
              code: "store_unavailable",
              detail: "the store is not reachable",
            }),
          })
        : route.continue(),
    );
    await page.goto(`${server.url}/`);
    await page.waitForSelector("text=The store is unavailable");
    expect(await page.textContent("#status")).toContain("store_unavailable");
    await screenshot(page, "explorer-store-unavailable");
    fail = false;
    await page.click("#retry");
    await page.waitForFunction(() => (window as unknown as { faultlines?: unknown }).faultlines !== undefined);
    await page.close();
  });

  it("renders names and descriptions from data as text, never as HTML", async () => {
    const page = await context.newPage();
    const evil = `<img src=x onerror="window.__xss=1">`;
    await page.route("**/api/graph", async (route) => {
      const res = await route.fetch();
      const g = await res.json();
      g.nodes.find((n: { key: string }) => n.key === "aqim").attributes.label = evil;
      await route.fulfill({ response: res, json: g });
    });
    await page.route("**/api/actors/aqim", async (route) => {
      const res = await route.fetch();
      const d = await res.json();
      d.name = evil;
      d.description = `<script>window.__xss=2</script>${evil}`;
      await route.fulfill({ response: res, json: d });
    });
    await page.goto(`${server.url}/?at=2022&sel=n:aqim`);
    await page.waitForFunction((t) => document.querySelector("#detail-title")?.textContent === t, evil);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("#detail-panel img").count()).toBe(0);
    expect(await page.textContent("#detail-panel .description")).toContain("<script>");
    await page.close();
  });
});

// The explorer's analytics panel in real Chromium against the seeded server: blocs listed and painted on the graph,
// unbalanced triads, the balance chart, and "what changed" between two dates.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, openExplorer, screenshot } from "./helpers.js";

const skip = browserSkipReason();

describe.skipIf(skip !== null)("analytics panel (Chromium)", () => {
  let explorer: Awaited<ReturnType<typeof openExplorer>>;
  let page: Page;

  beforeAll(async () => {
    explorer = await openExplorer("?at=2022-12");
    page = explorer.page;
    await page.click("#tab-analytics");
    await page.waitForFunction(
      () => (document.querySelector("[data-testid=analytics-blocs]")?.textContent ?? "").length > 0,
      null,
      {
        timeout: 30_000,
      },
    );
  }, 180_000);

  afterAll(() => explorer?.close());

  it("lists a bloc holding the Malian army apart from JNIM and IS Sahel", async () => {
    const blocs = await page.$$eval("[data-testid=analytics-blocs] .analytics-bloc", (els) =>
      els.map((e) => e.textContent ?? ""),
    );
    // A row names only its first eight members; the colours below check the whole assignment.
    expect(blocs.length).toBeGreaterThan(1);
    const together = (a: string, b: string) => blocs.some((t) => t.includes(a) && t.includes(b));
    expect(together("Malian Armed Forces", "Jama'at Nusrat al-Islam wal-Muslimin")).toBe(false);
    expect(together("Malian Armed Forces", "Islamic State – Sahel Province")).toBe(false);
  });

  it("paints the graph by bloc and restores the colours when switched off", async () => {
    const colorOf = (id: string) =>
      page.evaluate((key) => {
        const fl = (
          window as unknown as {
            faultlines: { sigma: { getNodeDisplayData(k: string): { color: string } | undefined } };
          }
        ).faultlines;
        return fl.sigma.getNodeDisplayData(key)?.color ?? null;
      }, id);
    const before = await colorOf("jnim");
    await page.selectOption("[data-testid=analytics-view]", "blocs");
    await page.waitForFunction(() => true);
    const [jnim, gatia, fama, isSahel] = [
      await colorOf("jnim"),
      await colorOf("gatia"),
      await colorOf("fama"),
      await colorOf("is-sahel"),
    ];
    expect(fama).toBe(gatia);
    expect(jnim).not.toBe(fama);
    expect(isSahel).not.toBe(fama);
    expect(jnim).not.toBe(before);
    await screenshot(page, "analytics-blocs");
    await page.selectOption("[data-testid=analytics-view]", "none");
    expect(await colorOf("jnim")).toBe(before);
  });

  it("draws the balance-over-time chart as SVG with one marker per year that has triads", async () => {
    const markers = await page.$$eval("[data-testid=analytics-chart] svg circle", (els) => els.length);
    expect(markers).toBeGreaterThan(5);
    expect(await page.$$eval("[data-testid=analytics-chart] svg polyline", (els) => els.length)).toBeGreaterThan(0);
  });

  it("shows an unbalanced triad as a sentence", async () => {
    const text = await page.textContent("[data-testid=analytics-tensions]");
    // Either unbalanced pattern, whichever is strongest in the seeds: two allies of one actor hostile to each other
    // (++-), or three mutual enemies (---: e.g. FAMa, JNIM and IS Sahel).
    expect(text).toMatch(/both side with .* but are hostile to each other|are all hostile to one another/);
  });

  it("lists what changed between 2012 and 2018", async () => {
    await page.fill("[aria-label='Compare from']", "2012");
    await page.fill("[aria-label='Compare to']", "2018");
    await page.click(".analytics-diff-form button");
    await page.waitForFunction(() =>
      (document.querySelector("[data-testid=analytics-changes]")?.textContent ?? "").includes("appeared"),
    );
    const text = await page.textContent("[data-testid=analytics-changes]");
    expect(text).toContain("Movement for Oneness and Jihad in West Africa dissolved");
    expect(text).toContain("Jama'at Nusrat al-Islam wal-Muslimin appeared");
    expect(text).toContain("allies became rivals");
  });

  it("renders data as text, not markup", async () => {
    const html = await page.$eval("#analytics-panel", (el) => el.querySelectorAll("script, img, iframe").length);
    expect(html).toBe(0);
  });
});

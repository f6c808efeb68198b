// Both pages under the server's Content-Security-Policy in real Chromium: the explorer draws, runs the ForceAtlas2
// worker (a blob: URL) and saves a PNG; the workbench's editor (CodeMirror) runs a query and draws its graph; and
// not one CSP violation, console error or page error is reported on the way.
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PAGE_CSP } from "../../server/http/security-headers.js";
import { browserSkipReason, canvasInk, screenshot, useExplorer } from "./helpers.js";

const skip = browserSkipReason();

interface Watch {
  violations: string[];
  errors: string[];
}

/** Opens `url` with listeners for CSP violations (in the page, before its scripts), console errors and page errors. */
async function openWatched(context: BrowserContext, url: string): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage();
  const watch: Watch = { violations: [], errors: [] };
  await page.exposeFunction("reportCspViolation", (v: string) => watch.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      ),
    );
  });
  page.on("console", (m) => {
    if (m.type() === "error") watch.errors.push(m.text());
  });
  page.on("pageerror", (e) => watch.errors.push(e.message));
  const res = await page.goto(url);
  expect(res?.headers()["content-security-policy"]).toBe(PAGE_CSP);
  return { page, watch };
}

describe.skipIf(skip !== null)("pages under the Content-Security-Policy", () => {
  const harness = useExplorer();
  const server = {
    get url() {
      return harness.url();
    },
  };
  const browser = {
    get context() {
      return harness.context();
    },
  };

  it("lets the explorer draw, run the layout worker and save a PNG with no violation", async () => {
    const { page, watch } = await openWatched(browser.context, `${server.url}/?at=2022-11-21`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 60_000 });
    expect(await canvasInk(page)).toBeGreaterThan(0.01);

    const x = () =>
      page.evaluate(() =>
        (
          window as unknown as { faultlines: { graph: { getNodeAttribute(k: string, a: string): number } } }
        ).faultlines.graph.getNodeAttribute("aqim", "x"),
      );
    const start = await x();
    await page.click("#layout-toggle");
    await expect.poll(x, { timeout: 10_000 }).not.toBe(start);
    await page.click("#layout-toggle");

    await page.click("#export-toggle");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    await page.click("#export-toggle");
    await screenshot(page, "csp-explorer");
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("lets the explorer lay out the genealogy (ELK, bundled, no worker) with no violation", async () => {
    const { page, watch } = await openWatched(browser.context, `${server.url}/?at=all`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 60_000 });
    await page.click("#mode-lineage");
    await page.waitForFunction(() => document.getElementById("sigma-container")?.dataset.lineage === "all", null, {
      timeout: 30_000,
    });
    expect(await page.locator("#year-axis .year").count()).toBeGreaterThan(5);
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("lets the workbench's editor run a query and draw its graph with no violation", async () => {
    const { page, watch } = await openWatched(browser.context, `${server.url}/cypher.html`);
    await page.waitForSelector("body[data-editor='codemirror']", { timeout: 30_000 });
    await page.click("#cy-library button[data-name='actor-lineage']");
    await page.click("#cy-run");
    await page.waitForSelector("#cy-status[data-state='done']");
    await page.click("#cy-tab-graph");
    // The lineage's size follows the seeds: the graph is drawn with its nodes.
    await page.waitForFunction(() => Number(document.querySelector("#cy-graph")?.getAttribute("data-nodes")) > 1);
    // The editor's own theme (CodeMirror's StyleModule, a <style> element) applies.
    expect(await page.$eval(".cm-editor", (el) => getComputedStyle(el).position)).toBe("relative");
    await screenshot(page, "csp-workbench");
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("does report what the policy refuses (the watch works): an inline script and a style attribute", async () => {
    const { page, watch } = await openWatched(browser.context, `${server.url}/cypher.html`);
    await page.waitForSelector("body[data-editor='codemirror']", { timeout: 30_000 });
    const ran = await page.evaluate(() => {
      const w = window as unknown as { injected?: boolean };
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.head.append(script);
      document.body.setAttribute("style", "background: red");
      return w.injected === true || getComputedStyle(document.body).backgroundColor === "rgb(255, 0, 0)";
    });
    expect(ran).toBe(false);
    await expect
      .poll(() => watch.violations.map((v) => v.split(" ")[0]).sort())
      .toEqual(["script-src-elem", "style-src-attr"]);
    await page.close();
  });
});

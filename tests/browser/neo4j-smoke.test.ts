// Browser smoke test of the app on the store of the test project (in the `neo4j` project: a live Neo4j 5.26): the
// explorer draws the seeded network and alias search opens an actor's detail with its quoted source.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_STORE } from "../helpers/store.js";
import { browserSkipReason, canvasInk, openExplorer, screenshot } from "./helpers.js";

const skip = browserSkipReason();

describe.skipIf(skip !== null)(`explorer smoke test on the ${TEST_STORE} store`, () => {
  let explorer: Awaited<ReturnType<typeof openExplorer>>;
  const errors: string[] = [];

  beforeAll(async () => {
    explorer = await openExplorer("");
    explorer.page.on("pageerror", (e) => errors.push(e.message));
  }, 180_000);
  afterAll(() => explorer?.close());

  it("serves health from this store and draws the seeded network", async () => {
    const { page, server } = explorer;
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", store: TEST_STORE });
    expect(health.counts.actors).toBeGreaterThanOrEqual(20);
    expect(await canvasInk(page)).toBeGreaterThan(0.005);
    await expect.poll(() => page.textContent("#shown-counts")).toMatch(/Showing \d+ of \d+ actors/);
    await screenshot(page, `smoke-${TEST_STORE}-explorer`);
  });

  it("finds GSIM by its alias and opens JNIM's detail with a quoted source", async () => {
    const { page } = explorer;
    await page.fill("#search-input", "GSIM");
    const option = page.locator("#search-results [role=option]").first();
    await option.waitFor();
    expect(await option.locator(".matched").textContent()).toContain("GSIM");
    await page.press("#search-input", "Enter");
    await page.waitForFunction(() => /JNIM|Nusrat/.test(document.querySelector("#detail-title")?.textContent ?? ""));
    expect(await page.locator("#detail-panel .source blockquote").first().textContent()).toMatch(/\S/);
    expect(await page.locator("#detail-panel .relationship").count()).toBeGreaterThan(3);
    await screenshot(page, `smoke-${TEST_STORE}-search`);
    expect(errors).toEqual([]);
  });
});

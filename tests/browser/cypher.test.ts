// The Cypher workbench in real Chromium against the real server and the seeded store: a saved query with its
// parameter form gives rows and a drawn graph, errors show the engine's message, position and rewrite hint,
// history survives a reload, and data is rendered as text.
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../helpers/server.js";
import { browserSkipReason, canvasInk, ensureClientBuilt, launchBrowser, screenshot } from "./helpers.js";

const skip = browserSkipReason();

describe.skipIf(skip !== null)("cypher workbench page", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
    context = browser.context;
    page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/cypher.html`);
    await page.waitForSelector("#cy-library button[data-name]", { timeout: 30_000 });
    await page.waitForSelector("body[data-editor='codemirror']", { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Replaces the editor's text by typing, as a user would, and runs it with Ctrl+Enter. */
  async function typeAndRun(query: string) {
    await page.click(".cm-content");
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(query);
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(() =>
      ["done", "error"].includes(document.getElementById("cy-status")!.dataset.state ?? ""),
    );
  }

  it("shows the engine in use and its dialect next to the editor, and the top navigation", async () => {
    expect(await page.textContent("#cy-engine")).toBe("Engine: embedded (LadybugDB) · LadybugDB Cypher");
    expect(await page.textContent("#cy-dialect")).toMatch(/^LadybugDB Cypher: Embedded LadybugDB/);
    expect(await page.$$eval(".pages a", (as) => as.map((a) => a.textContent))).toEqual(["Explorer", "Cypher"]);
    expect(await page.$$eval("#cy-library button[data-name]", (bs) => bs.length)).toBeGreaterThanOrEqual(7);
  });

  it("runs a saved query from its parameter form and shows rows, then the graph it mentions", async () => {
    await page.click("#cy-library button[data-name='actor-lineage']");
    expect(await page.inputValue("#cy-params input[data-param='actor']")).toBe("mujao");
    expect(await page.textContent(".cm-content")).toContain("label(r)");
    await page.click("#cy-run");
    await page.waitForSelector("#cy-status[data-state='done']");
    const rowCount = Number(await page.getAttribute("#cy-status", "data-rows"));
    expect(rowCount).toBeGreaterThanOrEqual(7); // MUJAO's lineage from the GIA to IS Sahel, and any later splinter
    const cells = await page.$$eval(".cy-result-table tbody tr", (rows) =>
      rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)),
    );
    expect(cells).toHaveLength(rowCount);
    expect(cells).toContainEqual(expect.arrayContaining(["mujao", "SPLINTER_OF", "aqim"]));
    expect(cells).toContainEqual(expect.arrayContaining(["mujao", "MERGED_INTO", "al-mourabitoun"]));
    await screenshot(page, "cypher-lineage-table");

    await page.click("#cy-tab-graph");
    await page.waitForSelector("#cy-graph[data-nodes]");
    expect(Number(await page.getAttribute("#cy-graph", "data-nodes"))).toBeGreaterThanOrEqual(7);
    expect(await page.getAttribute("#cy-graph", "data-edges")).toBe(String(rowCount)); // one tie per row
    await expect.poll(() => canvasInk(page, "cypher", 31), { timeout: 10_000 }).toBeGreaterThan(0.004);
    const href = await page.getAttribute("#cy-open-explorer", "href");
    expect(href).toMatch(/^\/\?at=all&focus=/);
    expect(href).toContain("mujao");
    expect(href).toContain("al-mourabitoun");
    await screenshot(page, "cypher-lineage-graph");
    await page.click("#cy-tab-table");
  });

  it("opens the result graph's actors in the explorer", async () => {
    const href = (await page.getAttribute("#cy-open-explorer", "href"))!;
    const explorer = await context.newPage();
    await explorer.goto(`${server.url}${href}`);
    await explorer.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, {
      timeout: 30_000,
    });
    const focus = await explorer.evaluate(
      () =>
        (window as unknown as { faultlines: { getViewState(): { focus: string[] | null } } }).faultlines.getViewState()
          .focus,
    );
    expect(focus).toEqual(
      expect.arrayContaining(["al-mourabitoun", "al-mulathamun", "aqim", "gia", "gspc", "is-sahel", "mujao"]),
    );
    expect(focus).toEqual([...focus!].sort());
    await screenshot(explorer, "cypher-open-in-explorer");
    await explorer.close();
  });

  it("exports the result's graph with its sources and the query as provenance", async () => {
    expect(await page.isHidden("#cy-export")).toBe(false);
    await page.selectOption("#cy-export-format", "json");
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.click("#cy-export-go"),
    ]);
    const data = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(data.nodes.map((n: { key: string }) => n.key)).toEqual(
      expect.arrayContaining(["mujao", "aqim", "al-mourabitoun"]),
    );
    expect(data.sources.length).toBeGreaterThan(0);
    expect(JSON.stringify(data.manifest ?? data)).toContain("Cypher: MATCH");
    await page.waitForSelector("#cy-status[data-state='exported']");
  });

  it("changes a parameter in the form and gets the other answer", async () => {
    await page.click("#cy-library button[data-name='coalition-members']");
    await page.fill("#cy-params input[data-param='umbrella']", "platform");
    await page.fill("#cy-params input[data-param='at']", "2020-01-01");
    await page.click("#cy-run");
    await page.waitForSelector("#cy-status[data-state='done']");
    const members = await page.$$eval(".cy-result-table tbody tr td:first-child", (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(members).toEqual(expect.arrayContaining(["gatia", "msa"]));
  });

  it("shows the engine's error, its position and the rewrite for a Neo4j-only construct", async () => {
    await typeAndRun("MATCH (a:Actor)-[r]->(b:Actor)\nRETURN type(r) AS t");
    const text = await page.textContent("#cy-error");
    expect(text).toContain("label(r)");
    expect(text).toContain("LadybugDB Cypher says: Catalog exception: function TYPE does not exist");
    expect(text).toContain("line 2, column 8");
    await screenshot(page, "cypher-error-hint");
    await typeAndRun("MATCH (a:Actor) RETRN a");
    expect(await page.textContent("#cy-error")).toMatch(/Go to line 1, column 17/);
  });

  it("refuses a write with the read-only problem", async () => {
    await typeAndRun("MATCH (a:Actor {id: 'mujao'}) DETACH DELETE a");
    expect(await page.textContent("#cy-error")).toMatch(/read-only \(read_only\)[\s\S]*this statement writes/);
  });

  it("offers a form field for each $parameter of an ad-hoc query", async () => {
    await typeAndRun("MATCH (a:Actor {id: $id}) RETURN a.name AS name");
    await page.waitForSelector("#cy-params input[data-param='id']");
    await page.fill("#cy-params input[data-param='id']", "jnim");
    await page.click("#cy-run");
    await page.waitForSelector("#cy-status[data-state='done']");
    expect(await page.textContent(".cy-result-table tbody td")).toBe("Jama'at Nusrat al-Islam wal-Muslimin");
  });

  it("renders text from data as text, never as HTML", async () => {
    await typeAndRun("RETURN '<img src=x onerror=\"window.pwned=1\">' AS x");
    expect(await page.textContent(".cy-result-table tbody td")).toBe('<img src=x onerror="window.pwned=1">');
    expect(await page.$$eval(".cy-result-table img", (imgs) => imgs.length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it("keeps the query history in the browser across a reload", async () => {
    await page.reload();
    await page.waitForSelector("#cy-history button");
    const history = await page.$$eval("#cy-history .cy-hist-query", (els) => els.map((e) => e.textContent));
    expect(history[0]).toContain("<img src=x");
    expect(history.some((q) => q?.includes("RETURN type(r) AS t"))).toBe(true);
    await page.waitForSelector("body[data-editor='codemirror']");
    await page.click("#cy-history button >> nth=1");
    expect(await page.textContent(".cm-content")).toContain("$id");
    expect(errors).toEqual([]);
    await screenshot(page, "cypher-history");
  });

  it("keeps a saved query's title while it is edited and drops it once the text is another query", async () => {
    await page.click("#cy-library button[data-name='actor-lineage']");
    await page.waitForSelector("#cy-saved-info:not([hidden])");
    expect(await page.textContent("#cy-saved-info strong")).toBe("Lineage of an actor");
    // An edit (a LIMIT added) keeps it, marked edited.
    await page.click(".cm-content");
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("\nLIMIT 3");
    await page.waitForSelector("#cy-saved-edited:not([hidden])");
    expect(await page.isVisible("#cy-saved-info")).toBe(true);
    // Another query typed over it: no title, no saved query pressed, its parameters untyped.
    await typeAndRun("MATCH (a:Actor {id: 'gspc'}) RETURN a.id AS id, a.founded AS founded");
    await page.waitForSelector("#cy-saved-info", { state: "hidden" });
    expect(await page.$$eval("#cy-library button[aria-pressed='true']", (bs) => bs.length)).toBe(0);
    // The history does not file it under the saved query either.
    expect(await page.getAttribute("#cy-history button >> nth=0", "title")).toContain("gspc");
    await screenshot(page, "cypher-replaced-query");
  });

  it("shows a year as the year (1998), not as its first day", async () => {
    await typeAndRun("MATCH (a:Actor {id: 'gspc'}) RETURN a.id AS id, a.founded AS founded");
    expect(await page.$$eval(".cy-result-table thead th", (ths) => ths.map((t) => t.textContent))).toEqual([
      "id",
      "founded",
    ]);
    expect(await page.textContent(".cy-result-table tbody td:nth-child(2)")).toBe("1998");
    await page.click("#cy-library button[data-name='actor-lineage']");
    await page.fill("#cy-params input[data-param='actor']", "gspc");
    await page.click("#cy-run");
    await page.waitForSelector("#cy-status[data-state='done']");
    const since = await page.$$eval(".cy-result-table tbody tr", (rows) =>
      rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)),
    );
    expect(since).toContainEqual(expect.arrayContaining(["gspc", "SPLINTER_OF", "gia", "1998"]));
    expect(since.flat().some((c) => c === "1998-01-01")).toBe(false);
  });

  it("says why a query ran away in terms of that query only", async () => {
    await page.fill("#cy-timeout", "100");
    await typeAndRun("MATCH (a:Actor)-[*1..12]-(b:Actor) RETURN count(*) AS n");
    const text = (await page.textContent("#cy-error"))!;
    expect(text).toMatch(/goes 12 steps deep/);
    // It counts: a LIMIT would not shorten it, so none is suggested.
    expect(text).not.toContain("LIMIT");
    expect(text).not.toMatch(/no upper bound|UNWIND|no variable in common/);
    await screenshot(page, "cypher-runaway");
    await typeAndRun(
      "MATCH (a:Actor), (b:Actor), (c:Actor), (d:Actor)\nRETURN a.name + b.name + c.name + d.name AS s ORDER BY s DESC LIMIT 1",
    );
    const other = (await page.textContent("#cy-error"))!;
    expect(other).toMatch(/the MATCH at line 1, column 1 has patterns with no variable in common/);
    expect(other).not.toMatch(/variable-length|UNWIND|add LIMIT/);
    await page.fill("#cy-timeout", "");
    expect(errors).toEqual([]);
  });
});

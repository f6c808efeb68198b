// The HTML report in real Chromium: opens offline (no request leaves the file), runs no script from hostile data,
// prints to PDF (A4), and the first pages are turned into PNGs with pdftoppm for a person to look at
// (tests/browser/screenshots/export-report-page-*.png).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pictureLabel } from "../../server/export/svg.js";
import { buildGraph } from "../../server/services/graph.js";
import { FIXED_NOW, HOSTILE, hostileModel, seededModel, exportOf } from "../export/fixtures.js";
import { SCREENSHOTS, browserSkipReason, launchBrowser } from "./helpers.js";

const skip = browserSkipReason();
const PDFTOPPM = "/usr/bin/pdftoppm";
const tmp = mkdtempSync(path.join(os.tmpdir(), "faultlines-report-"));

describe.skipIf(skip !== null)("HTML report in Chromium", () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => browser?.close());

  async function openReport(html: string, name: string) {
    const file = path.join(tmp, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Anything but the file itself would be an external request: refuse it (and the test sees it in `requests`).
    await page.route(
      (url) => url.protocol !== "file:",
      (route) => route.abort(),
    );
    await page.goto(`file://${file}`);
    await page.waitForLoadState("load");
    return { page, requests, dialogs, file };
  }

  it("opens offline with hostile names shown as text and no script run", async () => {
    const model = hostileModel();
    const html = String(exportOf(model, buildGraph(model, {}), { format: "html", now: FIXED_NOW, sections: [] }).body);
    const { page, requests, dialogs, file } = await openReport(html, "hostile");
    expect(requests).toEqual([`file://${file}`]);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll("script, img, iframe").length)).toBe(0);
    const names = await page.$$eval("#actors tbody tr td:first-child", (tds) =>
      tds.map((td) => (td.firstElementChild?.nextSibling?.textContent ?? "").trim()),
    );
    expect(names).toContain(HOSTILE.script);
    expect(names).toContain(HOSTILE.quotes);
    expect(names).toContain(HOSTILE.tifinagh);
    const svgLabels = await page.$$eval("figure svg g.labels text", (ts) => ts.map((t) => t.textContent));
    expect(svgLabels).toContain(pictureLabel(HOSTILE.script));
    await page.close();
  });

  it("prints the seeded JNIM report to an A4 PDF whose pages render to PNG", async () => {
    const model = await seededModel();
    const filters = { actor: "jnim", depth: 2, at: "2022-11-01" };
    const html = String(
      exportOf(model, buildGraph(model, filters), {
        format: "html",
        filters,
        query: "/api/export?format=html&actor=jnim&depth=2&at=2022-11-01",
        now: FIXED_NOW,
      }).body,
    );
    const { page, requests } = await openReport(html, "jnim");
    expect(requests).toHaveLength(1);
    const box = await page.locator("figure svg").boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    expect(box!.height).toBeGreaterThan(300);
    const pdfPath = path.join(tmp, "jnim.pdf");
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: pdfPath, format: "A4", printBackground: true });
    await page.close();
    const pdf = readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(3);
    if (!existsSync(PDFTOPPM)) {
      console.warn(`PDF to PNG skipped: ${PDFTOPPM} is absent (apt-get install -y poppler-utils)`);
      return;
    }
    const prefix = path.join(SCREENSHOTS, "export-report-page");
    execFileSync(PDFTOPPM, ["-r", "70", "-png", "-f", "1", "-l", "3", pdfPath, prefix]);
    // pdftoppm pads page numbers to the width of the page count ("-01.png" from 10 pages on).
    const digits = String(pages).length;
    for (const n of [1, 2, 3]) {
      const png = `${prefix}-${String(n).padStart(digits, "0")}.png`;
      expect(existsSync(png), png).toBe(true);
      expect(statSync(png).size).toBeGreaterThan(10_000);
    }
  }, 120_000);
});

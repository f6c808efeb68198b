// The README's pictures of the explorer, taken in Debian's chromium against the seeded app (a real server on a
// temporary in-memory store): `npx tsx client/docs/capture.ts` rewrites client/docs/*.png.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureClientBuilt, launchBrowser } from "../../tests/browser/helpers.js";
import { startTestServer } from "../../tests/helpers/server.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS: {
  file: string;
  query: string;
  act?: string[];
  lineage?: string;
  /** In the lineage view: the family to go to (the start of its name in the "Go to" list). */
  family?: string;
  wait?: number;
}[] = [
  { file: "network-view.png", query: "?at=2022-11-21&sel=n:jnim" },
  {
    file: "lineage-view.png",
    query: "?at=all",
    act: ["#mode-lineage"],
    lineage: "all",
    family: "al-Qaeda network",
  },
  { file: "analysis-view.png", query: "?at=2022-11-21", act: ["#tab-analytics"], wait: 4000 },
];

await ensureClientBuilt();
const server = await startTestServer();
const browser = await launchBrowser();
try {
  for (const shot of SHOTS) {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/${shot.query}`);
    await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, { timeout: 60_000 });
    for (const selector of shot.act ?? []) await page.click(selector);
    // The lineage view is laid out (ELK) before it is drawn: wait for it (the page's CSP forbids string scripts).
    if (shot.lineage)
      await page.waitForFunction(
        (v) => document.getElementById("sigma-container")?.dataset.lineage === v,
        shot.lineage,
        {
          timeout: 60_000,
        },
      );
    if (shot.family) {
      const option = await page.$eval(
        "#lineage-family",
        (el, name) => [...(el as HTMLSelectElement).options].find((o) => o.text.startsWith(name))?.value,
        shot.family,
      );
      if (option) await page.selectOption("#lineage-family", option);
    }
    await page.waitForTimeout(shot.wait ?? 2500);
    await page.screenshot({ path: path.join(HERE, shot.file) });
    console.log(`client/docs/${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

// The filter panel in Chromium: an unchecked value says what checking it would add (not 0), and every value has an
// "only this" action (the button on the row, or the O key on its checkbox).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSkipReason, screenshot, useExplorer } from "./helpers.js";

const skip = browserSkipReason();

describe.skipIf(skip !== null)("filter panel", () => {
  const harness = useExplorer();
  const viewState = (page: Page) =>
    page.evaluate(() =>
      (
        window as unknown as {
          faultlines: {
            getViewState(): {
              types: string[] | null;
              kinds: string[] | null;
              visibleEdges: string[];
              visibleNodes: string[];
            };
          };
        }
      ).faultlines.getViewState(),
    );
  const countOf = (page: Page, id: string) => page.locator(`.filter-row:has(#${id}) .count`).textContent();

  it("shows what an unchecked value would add, and that many come back when it is checked", async () => {
    const page = await harness.open("?at=2022-11-21");
    const shownClashes = Number(await countOf(page, "f-types-CLASHED_WITH"));
    expect(shownClashes).toBeGreaterThan(0);
    await page.uncheck("#f-types-CLASHED_WITH");
    await expect.poll(() => countOf(page, "f-types-CLASHED_WITH")).toBe(`+${shownClashes}`);
    expect(await page.locator(".filter-row:has(#f-types-CLASHED_WITH) .count").getAttribute("title")).toBe(
      `checking it would add ${shownClashes} ties`,
    );
    const before = (await viewState(page)).visibleEdges.length;
    // An actor kind: its count is the actors it would bring back.
    await page.uncheck("#f-kinds-state_force");
    const gain = Number((await countOf(page, "f-kinds-state_force"))!.replace("+", ""));
    expect(gain).toBeGreaterThan(0);
    const actorsWithout = (await viewState(page)).visibleNodes.length;
    await screenshot(page, "filters-gains");
    await page.check("#f-kinds-state_force");
    await expect.poll(async () => (await viewState(page)).visibleNodes.length).toBe(actorsWithout + gain);
    await page.check("#f-types-CLASHED_WITH");
    await expect.poll(async () => (await viewState(page)).visibleEdges.length).toBe(before + shownClashes);
    expect(await countOf(page, "f-types-CLASHED_WITH")).toBe(String(shownClashes));
    await page.close();
  });

  it("shows only one value with the row's 'only' button or the O key, and 'all' brings the others back", async () => {
    const page = await harness.open("?at=2022-11-21");
    await page.hover(".filter-row:has(#f-types-RIVAL_OF)");
    await page.getByRole("button", { name: "Only Rival of", exact: true }).click();
    await expect.poll(async () => (await viewState(page)).types).toEqual(["RIVAL_OF"]);
    expect(await page.isChecked("#f-types-RIVAL_OF")).toBe(true);
    expect(await page.isChecked("#f-types-ALLIED_WITH")).toBe(false);
    expect(await countOf(page, "f-types-ALLIED_WITH")).toMatch(/^\+[1-9]\d*$/);
    await screenshot(page, "filters-only-rival");

    await page.focus("#f-kinds-state_force");
    await page.keyboard.press("o");
    await expect.poll(async () => (await viewState(page)).kinds).toEqual(["state_force"]);
    // The focus stays on the checkbox the key was pressed on.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-kinds-state_force");
    await page.waitForFunction(() => location.search.includes("kinds=state_force"));

    await page.click("#all-types");
    await expect.poll(async () => (await viewState(page)).types).toBeNull();
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

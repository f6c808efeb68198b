// Hands on the picture, in real Chromium with a real mouse: dragging an actor moves and pins it (the camera stays),
// Unpin lets it go, the zoom buttons move the camera, and a link made after drags or a layout run reopens with the
// same positions on screen.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSkipReason, screenshot, useExplorer } from "./helpers.js";

const skip = browserSkipReason();

type XY = { x: number; y: number };
interface Cam {
  x: number;
  y: number;
  ratio: number;
}

describe.skipIf(skip !== null)("hands on the picture", () => {
  const harness = useExplorer();

  const nodePos = (page: Page, key: string) =>
    page.evaluate(
      (k) =>
        (
          window as unknown as { faultlines: { graph: { getNodeAttributes(k: string): XY & { fixed?: boolean } } } }
        ).faultlines.graph.getNodeAttributes(k),
      key,
    );
  const allPositions = (page: Page) =>
    page.evaluate(() => {
      const g = (window as unknown as { faultlines: { graph: { forEachNode(cb: (k: string, a: XY) => void): void } } })
        .faultlines.graph;
      const out: Record<string, XY> = {};
      g.forEachNode((k, a) => (out[k] = { x: a.x, y: a.y }));
      return out;
    });
  /** Where an actor is on the page, in CSS pixels. */
  const onPage = async (page: Page, key: string): Promise<XY> => {
    const box = (await page.locator("#sigma-container").boundingBox())!;
    const v = await page.evaluate((k) => {
      const fl = (
        window as unknown as {
          faultlines: {
            sigma: { graphToViewport(p: XY): XY };
            graph: { getNodeAttributes(k: string): XY };
          };
        }
      ).faultlines;
      return fl.sigma.graphToViewport(fl.graph.getNodeAttributes(k));
    }, key);
    return { x: box.x + v.x, y: box.y + v.y };
  };
  const camera = (page: Page) =>
    page.evaluate(() => {
      const c = (window as unknown as { faultlines: { sigma: { getCamera(): { getState(): Cam } } } }).faultlines.sigma
        .getCamera()
        .getState();
      return { x: c.x, y: c.y, ratio: c.ratio };
    });
  const viewState = (page: Page) =>
    page.evaluate(() =>
      (
        window as unknown as {
          faultlines: { getViewState(): { selected: unknown; pinned: string[] | null; positions: string | null } };
        }
      ).faultlines.getViewState(),
    );

  /** The node program sigma draws an actor with. */
  const drawnAs = (page: Page, key: string) =>
    page.evaluate(
      (k) =>
        (
          window as unknown as { faultlines: { sigma: { getNodeDisplayData(k: string): { type?: string } } } }
        ).faultlines.sigma.getNodeDisplayData(k)?.type ?? "circle",
      key,
    );
  /** Press on an actor, move the mouse in steps, let go. */
  const drag = async (page: Page, key: string, by: XY) => {
    const from = await onPage(page, key);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 12 });
    await page.mouse.up();
    await page.waitForTimeout(500);
    return { from, to: { x: from.x + by.x, y: from.y + by.y } };
  };

  it("drags an actor with the mouse: it moves, the view does not, it stays pinned through Spread until Unpin", async () => {
    const page = await harness.open("?at=2022-11-21");
    const before = await nodePos(page, "mnla");
    const other = await onPage(page, "aqim");
    const { to } = await drag(page, "mnla", { x: -90, y: 70 });
    const after = await onPage(page, "mnla");
    // The actor is under the pointer where it was let go, and the view did not pan.
    expect(Math.abs(after.x - to.x)).toBeLessThan(3);
    expect(Math.abs(after.y - to.y)).toBeLessThan(3);
    const moved = await nodePos(page, "mnla");
    expect(moved.x).not.toBeCloseTo(before.x, 1);
    expect(moved.fixed).toBe(true);
    // The rest of the picture stays where it was (the framing follows the new extent without a jump).
    const otherAfter = await onPage(page, "aqim");
    expect(Math.abs(otherAfter.x - other.x)).toBeLessThan(1);
    expect(Math.abs(otherAfter.y - other.y)).toBeLessThan(1);
    // The click that ends the drag selects nothing.
    const vs = await viewState(page);
    expect(vs.selected).toBeNull();
    expect(vs.pinned).toEqual(["mnla"]);
    await page.waitForFunction(() => location.search.includes("pin=mnla") && location.search.includes("pos="));
    expect(await page.textContent("#release-pins")).toBe("Unpin 1");
    // Drawn with a ring, so that the user sees which actors are pinned.
    expect(await drawnAs(page, "mnla")).toBe("pinned");
    expect(await drawnAs(page, "aqim")).not.toBe("pinned");
    await screenshot(page, "hands-dragged");

    // Spread moves other actors, never a pinned one; the ForceAtlas2 worker neither.
    await page.click("#spread");
    expect(await nodePos(page, "mnla")).toMatchObject({ x: moved.x, y: moved.y });
    await page.click("#layout-toggle");
    await expect
      .poll(async () => (await nodePos(page, "aqim")).x, { timeout: 10_000 })
      .not.toBe((await nodePos(page, "aqim")).x);
    await page.waitForTimeout(300);
    await page.click("#layout-toggle");
    // (The worker computes in 32-bit floats.)
    expect((await nodePos(page, "mnla")).x).toBeCloseTo(moved.x, 3);
    expect((await nodePos(page, "mnla")).y).toBeCloseTo(moved.y, 3);

    // Unpin: the actor is the layout's again.
    await page.click("#release-pins");
    expect((await viewState(page)).pinned).toBeNull();
    expect((await nodePos(page, "mnla")).fixed).toBe(false);
    expect(await drawnAs(page, "mnla")).not.toBe("pinned");
    expect(await page.locator("#release-pins").isHidden()).toBe(true);
    await page.click("#spread");
    await page.click("#layout-toggle");
    await expect.poll(async () => (await nodePos(page, "mnla")).x, { timeout: 10_000 }).not.toBe(moved.x);
    await page.click("#layout-toggle");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("a plain click on an actor still selects it, and dragging the background still pans", async () => {
    const page = await harness.open("?at=2022-11-21");
    const at = await onPage(page, "aqim");
    await page.mouse.click(at.x, at.y);
    await expect.poll(async () => (await viewState(page)).selected).toEqual({ kind: "node", key: "aqim" });
    const cam0 = await camera(page);
    const box = (await page.locator("#sigma-container").boundingBox())!;
    // A corner of the stage, away from actors.
    await page.mouse.move(box.x + box.width - 30, box.y + box.height - 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 130, box.y + box.height - 80, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await camera(page)).x).not.toBeCloseTo(cam0.x, 3);
    expect((await viewState(page)).pinned).toBeNull();
    await page.close();
  });

  it("zooms in, out and fits with labelled buttons, reachable with the keyboard", async () => {
    const page = await harness.open("?at=2022-11-21");
    const fitted = await camera(page);
    for (const [id, name] of [
      ["zoom-in", "Zoom in"],
      ["zoom-out", "Zoom out"],
      ["zoom-fit", "Fit the network to the view"],
    ])
      expect(await page.getByRole("button", { name, exact: true }).getAttribute("id")).toBe(id);
    await page.click("#zoom-in");
    await expect.poll(async () => (await camera(page)).ratio).toBeLessThan(fitted.ratio * 0.8);
    const zoomed = (await camera(page)).ratio;
    await page.click("#zoom-out");
    await expect.poll(async () => (await camera(page)).ratio).toBeGreaterThan(zoomed * 1.2);
    // Zoom in twice, pan, then Fit brings the whole network back.
    await page.click("#zoom-in");
    await page.click("#zoom-in");
    await page.evaluate(() =>
      (window as unknown as { faultlines: { sigma: { getCamera(): { setState(s: object): void } } } }).faultlines.sigma
        .getCamera()
        .setState({ x: 0.9, y: 0.2 }),
    );
    await page.waitForTimeout(400);
    await screenshot(page, "hands-zoomed");
    await page.click("#zoom-fit");
    await expect.poll(async () => (await camera(page)).ratio).toBeCloseTo(1, 3);
    expect((await camera(page)).x).toBeCloseTo(0.5, 3);

    // Tab reaches the buttons; Enter presses them.
    let reached = false;
    await page.focus("#search-input");
    for (let i = 0; i < 120 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.id === "zoom-in");
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await camera(page)).ratio).toBeLessThan(0.8);
    // And the + / - / 0 keys, outside text fields.
    await page.locator("#zoom-in").blur();
    await page.keyboard.press("0");
    await expect.poll(async () => (await camera(page)).ratio).toBeCloseTo(1, 3);
    await page.keyboard.press("-");
    await expect.poll(async () => (await camera(page)).ratio).toBeGreaterThan(1.2);
    // The map has its own zoom: the buttons leave with the network.
    await page.click("#mode-map");
    await expect.poll(() => page.locator(".zoom-controls").isHidden()).toBe(true);
    await page.close();
  });

  it("a link made after drags and a layout run reopens with the same positions, on screen too", async () => {
    const page = await harness.open("?at=2022-11-21");
    await page.click("#layout-toggle");
    await page.waitForTimeout(700);
    await page.click("#layout-toggle");
    await drag(page, "jnim", { x: 80, y: -60 });
    await drag(page, "mnla", { x: -70, y: 50 });
    await page.click("#zoom-out");
    await page.waitForTimeout(400);
    await page.waitForFunction(() => location.search.includes("pin=jnim,mnla") && location.search.includes("pos="));
    const link = page.url();
    const pos = new URL(link).searchParams.get("pos")!;
    const actors = Object.keys(await allPositions(page)).length;
    // 4 characters an actor, plus a short header.
    expect(pos.length).toBeLessThanOrEqual(4 * actors + 40);
    console.log(`positions of ${actors} actors: ${pos.length} characters; whole link ${link.length}`);
    const original = await allPositions(page);
    const screenOriginal = { jnim: await onPage(page, "jnim"), aqim: await onPage(page, "aqim") };
    await screenshot(page, "hands-link-original");

    const copy = await harness.open(link.slice(harness.url().length + 1));
    const reopened = await allPositions(copy);
    const xs = Object.values(original).map((p) => p.x);
    const ys = Object.values(original).map((p) => p.y);
    const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    for (const [k, p] of Object.entries(original)) {
      expect(Math.abs(reopened[k].x - p.x), k).toBeLessThan(span / 4095 + 0.01);
      expect(Math.abs(reopened[k].y - p.y), k).toBeLessThan(span / 4095 + 0.01);
    }
    // Same place on screen (same window size), and still pinned.
    for (const k of ["jnim", "aqim"] as const) {
      const s = await onPage(copy, k);
      expect(Math.abs(s.x - screenOriginal[k].x), k).toBeLessThan(2);
      expect(Math.abs(s.y - screenOriginal[k].y), k).toBeLessThan(2);
    }
    expect((await nodePos(copy, "mnla")).fixed).toBe(true);
    expect(await copy.textContent("#release-pins")).toBe("Unpin 2");
    // Right-click lets go of one pinned actor alone.
    const m = await onPage(copy, "mnla");
    await copy.mouse.click(m.x, m.y, { button: "right" });
    await expect.poll(async () => (await viewState(copy)).pinned).toEqual(["jnim"]);
    expect((await nodePos(copy, "mnla")).fixed).toBe(false);
    expect(await copy.textContent("#release-pins")).toBe("Unpin 1");
    await screenshot(copy, "hands-link-reopened");

    // A link made on other data (the hash of the actor list differs) is not applied to the wrong actors.
    const stale = link.replace(/pos=[0-9a-z]+,/, "pos=zzzzzz,");
    const other = await harness.open(stale.slice(harness.url().length + 1));
    expect((await viewState(other)).positions).toBeNull();
    expect(await other.textContent("#flash")).toContain("made on other data");
    expect(page.errors.concat(copy.errors, other.errors)).toEqual([]);
    await Promise.all([page.close(), copy.close(), other.close()]);
  });

  it("on a graph too large for every position (600 actors), the link carries the dragged actor by its key", async () => {
    // 600 actors in a chain, sent through sessionStorage as the Cypher workbench does.
    const graph = {
      attributes: {},
      options: { type: "mixed", multi: true, allowSelfLoops: false },
      nodes: Array.from({ length: 600 }, (_, i) => ({
        key: `g-${i}`,
        attributes: { label: `G${i}`, kind: "jihadist_group", countries: ["MLI"], aliases: [], provisional: false },
      })),
      edges: Array.from({ length: 599 }, (_, i) => ({
        key: `e-${i}`,
        source: `g-${i}`,
        target: `g-${i + 1}`,
        undirected: false,
        attributes: { type: "RIVAL_OF", confidence: "confirmed", sources: [] },
      })),
    };
    const send = (p: Page) => p.evaluate((g) => sessionStorage.setItem("faultlines:graph", JSON.stringify(g)), graph);
    const page = await harness.open("?at=all");
    await send(page);
    await page.goto(`${harness.url()}/?graph=session&at=all`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await drag(page, "g-300", { x: 120, y: 90 });
    const pinned = (await viewState(page)).pinned!;
    expect(pinned).toHaveLength(1);
    const key = pinned[0];
    await page.waitForFunction(() => new URLSearchParams(location.search).get("pos")?.startsWith("-,") === true);
    const query = new URL(page.url()).search.slice(1);
    const pos = new URLSearchParams(query).get("pos")!;
    expect(pos).toMatch(new RegExp(`,[A-Za-z0-9_-]{4}${key}$`));
    expect(pos.length).toBeLessThan(60);
    const where = await nodePos(page, key);

    const copy = await harness.open("?at=all");
    await send(copy);
    await copy.goto(`${harness.url()}/?graph=session&${query}`);
    await copy.waitForFunction(() => document.documentElement.dataset.ready === "true");
    const again = await nodePos(copy, key);
    expect(Math.abs(again.x - where.x)).toBeLessThan(1);
    expect(Math.abs(again.y - where.y)).toBeLessThan(1);
    expect(again.fixed).toBe(true);
    // An actor nobody moved is where the computed layout puts it, in both.
    const other = key === "g-10" ? "g-11" : "g-10";
    expect(await nodePos(copy, other)).toMatchObject(await nodePos(page, other));
    await screenshot(copy, "hands-large-reopened");
    expect(page.errors.concat(copy.errors)).toEqual([]);
    await Promise.all([page.close(), copy.close()]);
  });
});

// The lineage view in Chromium: a layered genealogy by founding year (ELK) with a year axis, no two actors or labels
// overlapping on screen, al-Qaeda and the Islamic State apart, GIA -> GSPC -> AQIM and MUJAO's split readable, and an
// actor's Lineage button showing its own family only.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSkipReason, canvasInk, screenshot, useExplorer } from "./helpers.js";

const skip = browserSkipReason();

interface Drawn {
  key: string;
  label: string;
  founded: string | null;
  x: number;
  y: number;
  size: number;
  /** The disc and the label as drawn: from the disc's left edge to the label's end. */
  box: { x0: number; x1: number; y0: number; y1: number };
}

/** Every actor on screen in the current view: its viewport position, its disc and its label's box. */
function drawn(page: Page): Promise<Drawn[]> {
  return page.evaluate(() => {
    type Sig = {
      getNodeDisplayData(k: string): { x: number; y: number; size: number; label: string; hidden?: boolean };
      graphToViewport(p: { x: number; y: number }): { x: number; y: number };
      scaleSize(size: number): number;
      getSettings(): { labelSize: number; labelWeight: string; labelFont: string };
      getDimensions(): { width: number; height: number };
    };
    const fl = (
      window as unknown as {
        faultlines: {
          sigma: Sig;
          graph: { getNodeAttribute(k: string, a: string): unknown };
          getViewState(): { visibleNodes: string[] };
        };
      }
    ).faultlines;
    const s = fl.sigma.getSettings();
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.font = `${s.labelWeight} ${s.labelSize}px ${s.labelFont}`;
    const { width, height } = fl.sigma.getDimensions();
    return fl
      .getViewState()
      .visibleNodes.map((key) => {
        const d = fl.sigma.getNodeDisplayData(key);
        const p = fl.sigma.graphToViewport({
          x: fl.graph.getNodeAttribute(key, "x") as number,
          y: fl.graph.getNodeAttribute(key, "y") as number,
        });
        const size = fl.sigma.scaleSize(d.size);
        const w = ctx.measureText(d.label).width;
        const half = Math.max(size, s.labelSize / 2);
        return {
          key,
          label: d.label,
          founded: (fl.graph.getNodeAttribute(key, "founded") as string | undefined) ?? null,
          x: p.x,
          y: p.y,
          size,
          box: { x0: p.x - size, x1: p.x + size + 3 + w, y0: p.y - half, y1: p.y + half },
        };
      })
      .filter((n) => n.x > 0 && n.x < width && n.y > 0 && n.y < height);
  });
}

function overlaps(nodes: Drawn[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const [a, b] = [nodes[i].box, nodes[j].box];
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) out.push(`${nodes[i].label} / ${nodes[j].label}`);
    }
  return out;
}

/** The year axis as drawn: each year label and its vertical position in the stage. */
function axis(page: Page): Promise<{ year: number; y: number }[]> {
  return page.$$eval("#year-axis .year", (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const top = document.getElementById("sigma-container")!.getBoundingClientRect().top;
      return { year: Number(el.textContent), y: r.top + r.height / 2 - top };
    }),
  );
}

const viewState = (page: Page) =>
  page.evaluate(() =>
    (
      window as unknown as {
        faultlines: { getViewState(): { visibleNodes: string[]; visibleEdges: string[]; family: string | null } };
      }
    ).faultlines.getViewState(),
  );

describe.skipIf(skip !== null)("lineage view", () => {
  const harness = useExplorer();

  it("lays out the genealogy by founding year, with a year axis and nothing overlapping", async () => {
    const page = await harness.open("?at=all");
    await page.click("#mode-lineage");
    await page.waitForFunction(() => document.getElementById("sigma-container")?.dataset.lineage === "all");
    await page.waitForTimeout(800); // the move from the network positions
    const s = await viewState(page);
    for (const k of ["gia", "gspc", "aqim", "mujao", "al-qaeda", "islamic-state", "jnim", "is-sahel"])
      expect(s.visibleNodes).toContain(k);
    for (const e of ["gspc-splinter_of-gia", "gspc-merged_into-aqim", "mujao-splinter_of-aqim"])
      expect(s.visibleEdges).toContain(e);
    expect(s.visibleNodes).not.toContain("france-military"); // no splinter, merger, pledge or founding membership

    // The drawing is wider than the screen at scale 1: the camera starts on the largest family, the others are a
    // click away.
    const first = await drawn(page);
    expect(first.length).toBeGreaterThan(4);
    expect(overlaps(first)).toEqual([]);
    const option = await page.$eval(
      "#lineage-family",
      (el) => [...(el as HTMLSelectElement).options].find((o) => o.text.startsWith("al-Qaeda network"))!.value,
    );
    await page.selectOption("#lineage-family", option);
    await page.waitForTimeout(900);
    const nodes = await drawn(page);
    const at = (k: string) => nodes.find((n) => n.key === k)!;
    for (const k of ["gia", "gspc", "aqim", "mujao", "al-qaeda", "islamic-state"]) expect(at(k), k).toBeDefined();
    expect(overlaps(nodes)).toEqual([]);
    await screenshot(page, "lineage-genealogy");
    // Oldest on top: GIA (1992) above GSPC (1998), AQIM (2007), MUJAO (2011).
    expect(at("gia").y).toBeLessThan(at("gspc").y);
    expect(at("gspc").y).toBeLessThan(at("aqim").y);
    expect(at("aqim").y).toBeLessThan(at("mujao").y);
    // al-Qaeda has no founding date in the seeds: its label says so, and when it is known to have existed (its
    // earliest dated tie); the GIA's is dated.
    expect(at("al-qaeda").label).toMatch(/ \(by \d{4}\)$/);
    expect(at("gia").label).toMatch(/ \(1992\)$/);
    expect(at("gspc").label).toBe("GSPC (1998)");
    // Down the page, founding years never go back.
    const dated = nodes.filter((n) => n.founded).sort((a, b) => a.y - b.y);
    for (let i = 1; i < dated.length; i++)
      expect(Number(dated[i].founded!.slice(0, 4)), dated[i].label).toBeGreaterThanOrEqual(
        Number(dated[i - 1].founded!.slice(0, 4)),
      );

    // al-Qaeda and the Islamic State are two places, not one point; MUJAO's split from AQIM is a tie of its own.
    expect(
      Math.hypot(at("al-qaeda").x - at("islamic-state").x, at("al-qaeda").y - at("islamic-state").y),
    ).toBeGreaterThan(30);
    expect(Math.hypot(at("aqim").x - at("mujao").x, at("aqim").y - at("mujao").y)).toBeGreaterThan(30);

    // The axis: years increase down the page, and each dated actor sits in its year's band.
    const ticks = await axis(page);
    expect(ticks.length).toBeGreaterThan(5);
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i].year).toBeGreaterThan(ticks[i - 1].year);
      expect(ticks[i].y).toBeGreaterThan(ticks[i - 1].y);
    }
    for (const n of dated) {
      const year = Number(n.founded!.slice(0, 4));
      const tick = ticks.find((t) => t.year === year)!;
      const next = ticks.find((t) => t.year > year);
      expect(n.y, n.label).toBeGreaterThanOrEqual(tick.y - 1);
      if (next) expect(n.y, n.label).toBeLessThan(next.y);
    }
    expect(await canvasInk(page)).toBeGreaterThan(0.003);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("shows an actor's own family from its Lineage button, and the whole genealogy back", async () => {
    const page = await harness.open("?at=all&sel=n:mujao");
    await page.waitForSelector("#detail-panel button:has-text('Lineage')");
    await page.click("#detail-panel button:has-text('Lineage')");
    await page.waitForFunction(() => document.getElementById("sigma-container")?.dataset.lineage === "mujao");
    await page.waitForTimeout(800);
    expect(page.url()).toContain("family=mujao");
    const s = await viewState(page);
    // Its ancestors (AQIM, which it split from; the GSPC and the GIA before it; al-Qaeda, AQIM's parent) and its
    // descendants (al-Mourabitoun, then JNIM and IS Sahel); not its cousins nor the Azawad movements.
    for (const k of ["mujao", "aqim", "gspc", "gia", "al-qaeda", "al-mourabitoun", "jnim", "is-sahel"])
      expect(s.visibleNodes).toContain(k);
    for (const k of ["ansar-dine", "al-mulathamun", "mnla", "islamic-state", "boko-haram"])
      expect(s.visibleNodes).not.toContain(k);
    const nodes = await drawn(page);
    // The family fits the screen: every member is on it, none overlapping.
    expect(nodes.map((n) => n.key).sort()).toEqual([...s.visibleNodes].sort());
    expect(overlaps(nodes)).toEqual([]);
    expect(await page.textContent("#lineage-caption")).toContain("Lineage of");
    await screenshot(page, "lineage-family-mujao");

    await page.click("#lineage-all");
    await page.waitForFunction(() => document.getElementById("sigma-container")?.dataset.lineage === "all");
    expect((await viewState(page)).visibleNodes).toContain("mnla");
    expect(page.url()).not.toContain("family=");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("opens a family from a link, and says so when an actor has no lineage tie", async () => {
    const page = await harness.open("?at=all&mode=lineage&family=france-military");
    await page.waitForFunction(() => document.getElementById("sigma-container")?.dataset.lineage === "france-military");
    expect((await viewState(page)).visibleNodes).toEqual(["france-military"]);
    expect(await page.textContent("#lineage-caption")).toContain("no splinter, merger, pledge or founding membership");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("gives the network its camera back, and takes the axis away on the map", async () => {
    const page = await harness.open("?at=all");
    const camera = () =>
      page.evaluate(() =>
        (
          window as unknown as { faultlines: { sigma: { getCamera(): { getState(): { x: number; ratio: number } } } } }
        ).faultlines.sigma
          .getCamera()
          .getState(),
      );
    const before = await camera();
    await page.click("#mode-lineage");
    await page.waitForFunction(() => document.getElementById("sigma-container")?.dataset.lineage === "all");
    expect((await camera()).ratio).not.toBeCloseTo(before.ratio, 2); // the genealogy opens at scale 1
    await page.click("#mode-network");
    await page.waitForTimeout(700);
    const after = await camera();
    expect(after.ratio).toBeCloseTo(before.ratio, 3);
    expect(after.x).toBeCloseTo(before.x, 3);
    expect(await page.isVisible("#year-axis")).toBe(false);

    await page.click("#mode-lineage");
    await page.waitForFunction(() => document.getElementById("sigma-container")?.dataset.lineage === "all");
    expect(await page.isVisible("#year-axis")).toBe(true);
    await page.click("#mode-map");
    await page.waitForTimeout(300);
    expect(await page.isVisible("#year-axis")).toBe(false);
    expect(await page.isVisible("#lineage-caption")).toBe(false);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

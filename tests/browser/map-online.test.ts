// The map's optional online base layer (MAP_TILES_URL) in real Chromium: a real tile server on loopback (another
// origin) serving solid-colour PNG tiles; the page's CSP admits that origin and no other; the tiles are drawn under
// the borders and events, with the configured attribution. Without the setting the map asks no other origin.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32, deflateSync } from "node:zlib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, canvasPixels, screenshot, useExplorer } from "./helpers.js";

const skip = browserSkipReason();
const CASE = 120_000;
const TILE_RGB = [255, 0, 255] as const; // magenta: no colour of the offline layer or the points

/** A 256×256 PNG of one colour (RGB, 8 bits), written by hand: signature, IHDR, IDAT, IEND. */
function solidPng([r, g, b]: readonly number[]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + 256 * 3);
  for (let x = 0; x < 256; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

type Win = {
  faultlines: {
    map(): { debug(): { view: unknown; basemap: boolean; drawn: Promise<void> } } | null;
  };
};

/** The map view is up and its offline base layer placed. */
const baseLayerReady = (page: Page) =>
  page.waitForFunction(
    () => {
      const d = (window as unknown as Partial<Win>).faultlines?.map()?.debug();
      return !!d?.view && d.basemap;
    },
    null,
    { timeout: 60_000 },
  );

describe.skipIf(skip !== null)("map: online base layer", () => {
  const tile = solidPng(TILE_RGB);
  const requested: string[] = [];
  let tiles: Server;
  let tilesOrigin = "";
  beforeAll(async () => {
    tiles = createServer((req, res) => {
      requested.push(req.url ?? "");
      if (!/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url ?? "")) return res.writeHead(404).end();
      // MapLibre fetches tiles (CORS), then draws them from the bytes.
      res.writeHead(200, { "Content-Type": "image/png", "Access-Control-Allow-Origin": "*" }).end(tile);
    });
    await new Promise<void>((resolve) => tiles.listen(0, "127.0.0.1", () => resolve()));
    tilesOrigin = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => tiles.close(() => resolve())));

  const harness = useExplorer(() => ({
    MAP_TILES_URL: `${tilesOrigin}/tiles/{z}/{x}/{y}.png`,
    MAP_TILES_ATTRIBUTION: "Test tiles © Faultlines",
  }));

  it(
    "draws the configured tiles under the borders and events, credits them, and the CSP admits only their origin",
    async () => {
      const res = await fetch(`${harness.url()}/`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain(`connect-src 'self' ${tilesOrigin}`);
      expect(csp).toContain(`img-src 'self' data: blob: ${tilesOrigin}`);
      const settings = (await (await fetch(`${harness.url()}/api/map/settings`)).json()) as {
        tiles: { url: string; attribution: string };
      };
      expect(settings.tiles).toEqual({
        url: `${tilesOrigin}/tiles/{z}/{x}/{y}.png`,
        attribution: "Test tiles © Faultlines",
      });

      const page = await harness.open("?mode=map&at=all");
      const refused: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to/.test(m.text())) refused.push(m.text());
      });
      await baseLayerReady(page);
      await expect.poll(() => requested.length, { timeout: 30_000 }).toBeGreaterThan(0);
      // Wait for the tiles to be drawn: the map's picture then holds the tile colour.
      const magenta = async () => {
        const { samples } = (await canvasPixels(page, "map", 97))!;
        // raster-opacity 0.9 over the offline land: close to the tile colour, not equal.
        const near = ([r, g, b]: number[]) =>
          Math.abs(r - TILE_RGB[0]) < 40 && g < 60 && Math.abs(b - TILE_RGB[2]) < 40;
        return samples.filter(near).length / samples.length;
      };
      await expect.poll(magenta, { timeout: 30_000 }).toBeGreaterThan(0.5);
      await page.click(".maplibregl-ctrl-attrib-button").catch(() => undefined);
      expect(await page.textContent(".maplibregl-ctrl-attrib")).toContain("Test tiles © Faultlines");
      expect(requested.every((u) => /^\/tiles\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
      expect(refused).toEqual([]);
      expect(page.errors).toEqual([]);
      await screenshot(page, "map-online-tiles");
      await page.close();
    },
    CASE,
  );
});

describe.skipIf(skip !== null)("map: offline by default", () => {
  const harness = useExplorer();

  it(
    "asks no other origin and admits none in its CSP",
    async () => {
      const res = await fetch(`${harness.url()}/`);
      expect(res.headers.get("content-security-policy")).toContain("connect-src 'self';");
      expect(await (await fetch(`${harness.url()}/api/map/settings`)).json()).toEqual({ tiles: null });
      const page = await harness.open("?mode=map&at=all");
      const foreign: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith(harness.url()) && !/^(data|blob):/.test(r.url())) foreign.push(r.url());
      });
      await baseLayerReady(page);
      expect(foreign).toEqual([]);
      await page.close();
    },
    CASE,
  );
});

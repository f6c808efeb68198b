// URL state: a view encoded into a link decodes to the same view; bad values fall back to defaults.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_VIEW,
  decodeViewState,
  encodeViewState,
  type ViewState,
} from "../../../client/src/core/url-state/index.js";

describe("url state", () => {
  it("decodes an empty query to the defaults with the given default date", () => {
    expect(decodeViewState("", "2022-11-21")).toEqual({ ...DEFAULT_VIEW, at: "2022-11-21" });
  });

  it("round-trips a full view", () => {
    const view: ViewState = {
      at: "2012-03",
      types: ["ALLIED_WITH", "RIVAL_OF"],
      kinds: ["jihadist_group"],
      countries: ["MLI", "NER"],
      confidence: ["confirmed", "probable"],
      curation: ["provisional"],
      hideIsolated: true,
      selected: { kind: "edge", key: "clash:is-sahel:jnim" },
      focus: ["aqim", "mujao"],
      path: ["mnla", "jnim"],
      mode: "lineage",
      family: "mujao",
      colorBy: "kind",
      sizeBy: "degree",
      camera: { x: 0.5123, y: 0.4, ratio: 1.25 },
      positions: "1x2k9,-10.5,3,120.25,AAAA__-_",
      pinned: ["jnim", "aqim"],
      map: { window: "5y", colorBy: "actor", camera: { lon: -0.05, lat: 16.2667, zoom: 6.5 } },
    };
    const q = encodeViewState(view);
    expect(decodeViewState(q, "2022")).toEqual(view);
    expect(decodeViewState(`?${q}`, "2022")).toEqual(view);
  });

  it("round-trips the map view and ignores a map camera out of range", () => {
    const view: ViewState = {
      ...DEFAULT_VIEW,
      mode: "map",
      map: { window: "month", colorBy: "type", camera: { lon: 2.7, lat: 16.7, zoom: 7 } },
    };
    expect(encodeViewState(view)).toBe("at=all&mode=map&mwin=month&mcam=2.7,16.7,7");
    expect(decodeViewState(encodeViewState(view), null)).toEqual(view);
    expect(decodeViewState("mode=map&mcam=200,16,7&mwin=decade", null).map).toEqual(DEFAULT_VIEW.map);
  });

  it("keeps a lineage family only in the lineage view, and only a well-formed id", () => {
    expect(encodeViewState({ ...DEFAULT_VIEW, mode: "lineage", family: "gspc" })).toBe(
      "at=all&mode=lineage&family=gspc",
    );
    expect(encodeViewState({ ...DEFAULT_VIEW, family: "gspc" })).toBe("at=all");
    expect(decodeViewState("mode=lineage&family=gspc").family).toBe("gspc");
    expect(decodeViewState("family=gspc").family).toBeNull();
    expect(decodeViewState("mode=lineage&family=<b>").family).toBeNull();
  });

  it("writes the whole history as at=all and reads it back as null", () => {
    const q = encodeViewState({ ...DEFAULT_VIEW, at: null });
    expect(q).toBe("at=all");
    expect(decodeViewState(q, "2022").at).toBeNull();
  });

  it("keeps an empty list (nothing of that facet shown) apart from no restriction", () => {
    const q = encodeViewState({ ...DEFAULT_VIEW, types: [] });
    expect(decodeViewState(q).types).toEqual([]);
  });

  it("ignores unknown values, bad dates, malformed selections and cameras", () => {
    const s = decodeViewState(
      "at=2012-13&types=ALLIED_WITH,DROP_TABLE&sel=x:aqim&cam=1,2,-3&mode=weird&path=a",
      "2020",
    );
    expect(s.at).toBe("2020");
    expect(s.types).toEqual(["ALLIED_WITH"]);
    expect(s.selected).toBeNull();
    expect(s.camera).toBeNull();
    expect(s.mode).toBe("network");
    expect(s.path).toBeNull();
  });

  it("rejects ids that are not slugs (no markup smuggled through a link)", () => {
    expect(decodeViewState("sel=n:<img src=x>").selected).toBeNull();
    expect(decodeViewState("focus=aqim,<b>").focus).toEqual(["aqim"]);
  });

  it("rounds the camera to keep links short", () => {
    const q = encodeViewState({ ...DEFAULT_VIEW, camera: { x: 0.123456789, y: 0.5, ratio: 1 } });
    expect(q).toContain("cam=0.1235,0.5,1");
  });
});

// The map's pure rules: decoding the compact points, the slider's time window, which events the view shows, and the
// map's part of the link.
import { describe, expect, it } from "vitest";
import {
  actorCounts,
  eventsInBox,
  filterPoints,
  indexPoints,
  mapWindow,
  summarize,
  toFeatureCollection,
  type EventPoints,
} from "../../../client/src/core/map/index.js";

/** Three events: a located battle with a toll, an attack without one at an approximate place, one without a place. */
const POINTS: EventPoints = {
  types: ["battle", "attack_on_civilians", "explosion_remote_violence", "occupation", "other"],
  events: {
    id: ["a-2012", "b-2022-07", "c-2022-11-21"],
    date: ["2012", "2022-07", "2022-11-21"],
    type: [0, 1, 3],
    fatalities: [12, null, 0],
    place: [0, 1, -1],
    actors: [[0], [0, 1], [1, 2]],
  },
  places: {
    id: ["gao", "camp"],
    name: ["Gao", "Camp"],
    lat: [16.27, 16.2],
    lon: [-0.05, 0],
    approx: [false, true],
    region: ["Gao", "Gao"],
    country: ["MLI", "MLI"],
  },
  actors: ["aqim", "eis", "fama"],
  truncated: false,
  limit: 10,
};

describe("map core", () => {
  it("keeps an unknown toll unknown and a reported zero as zero", () => {
    const ix = indexPoints(POINTS);
    expect([...ix.fatalities]).toEqual([12, -1, 0]);
    const fc = toFeatureCollection(ix, filterPoints(ix, { window: null, actors: null, actor: null, eventIds: null }));
    expect(fc.features.map((f) => f.properties)).toEqual([
      { i: 0, t: 0, f: 12 },
      { i: 1, t: 1, u: 1, a: 1 },
    ]);
    expect(summarize(ix, new Uint32Array([0, 1, 2]))).toEqual({
      shown: 3,
      located: 2,
      unlocated: 1,
      known: 2,
      killed: 12,
    });
  });

  it("windows the as-of date: the month, year or five years up to its last day, or everything before", () => {
    expect(mapWindow(null, "year")).toBeNull();
    expect(mapWindow("2022-11-21", "year")).toEqual({ from: 20211122, to: 20221121 });
    expect(mapWindow("2022-03-31", "month")).toEqual({ from: 20220301, to: 20220331 });
    expect(mapWindow("2022", "month")).toEqual({ from: 20221201, to: 20221231 });
    expect(mapWindow("2024-02", "5y")).toEqual({ from: 20190301, to: 20240229 });
    expect(mapWindow("2013-01-26", "upto")).toEqual({ from: 0, to: 20130126 });
  });

  it("shows the events of the window, of the shown actors, of the selected actor or clash", () => {
    const ix = indexPoints(POINTS);
    const ids = (f: Partial<Parameters<typeof filterPoints>[1]>) =>
      [...filterPoints(ix, { window: null, actors: null, actor: null, eventIds: null, ...f })].map((i) => ix.ids[i]);
    expect(ids({ window: mapWindow("2022-11", "year") })).toEqual(["b-2022-07", "c-2022-11-21"]);
    expect(ids({ window: mapWindow("2022-08", "month") })).toEqual([]);
    expect(ids({ actor: "eis" })).toEqual(["b-2022-07", "c-2022-11-21"]);
    expect(ids({ actor: "nobody" })).toEqual([]);
    expect(ids({ actors: new Set(["fama"]) })).toEqual(["c-2022-11-21"]);
    expect(ids({ actors: new Set() })).toEqual([]);
    expect(ids({ eventIds: new Set(["a-2012"]) })).toEqual(["a-2012"]);
  });

  it("selects located events in a box and counts their actors", () => {
    const ix = indexPoints(POINTS);
    const all = new Uint32Array([0, 1, 2]);
    expect(
      eventsInBox(ix, all, [
        [-0.01, 16],
        [0.01, 16.25],
      ]),
    ).toEqual([1]);
    expect(actorCounts(ix, [0, 1, 2])).toEqual([
      ["aqim", 2],
      ["eis", 2],
      ["fama", 1],
    ]);
  });
});

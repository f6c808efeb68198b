import { describe, expect, it } from "vitest";
import { dateExtent, describeToll, formatOccurrence, plural, summarizeToll } from "../../server/domain/index.js";

const ev = (best?: number, claims: number[] = []) => ({
  fatalities: best === undefined ? undefined : { best },
  claims: claims.map((n) => ({ by: "x", text: "t", fatalities: n, sourceId: "s" })),
});

describe("tolls: unknown is never zero", () => {
  it("says nothing is reported when no event has a toll, with the highest claim apart", () => {
    const t = summarizeToll([ev(undefined, [60, 30]), ev()]);
    expect(t).toEqual({ count: 2, fatalities: null, unknown: 2, claimed: 60 });
    expect(describeToll(t)).toBe("fatalities not reported; claimed: 60");
  });
  it("says 'at least' when some events report no toll", () => {
    expect(describeToll(summarizeToll([ev(6), ev(), ev()]))).toBe("at least 6 killed (1 of 3 events report a toll)");
  });
  it("gives the sum when every event reports one, zero included", () => {
    expect(describeToll(summarizeToll([ev(0), ev(4)]))).toBe("4 killed");
    expect(describeToll(summarizeToll([ev(0)]))).toBe("0 killed");
  });
  it("reads an aggregate whose toll is null as not reported", () => {
    expect(describeToll({ count: 3, fatalities: null })).toBe("fatalities not reported");
  });
  it("counts in the singular for one", () => {
    expect(plural(1, "tie")).toBe("1 tie");
    expect(plural(2, "tie")).toBe("2 ties");
    expect(plural(1200, "event")).toBe("1,200 events");
  });
});

describe("occurrences at their own precision", () => {
  it("writes one date alone, not 'since'", () =>
    expect(formatOccurrence("2018-02-23", "2018-02-23")).toBe("23 February 2018"));
  it("keeps month precision", () =>
    expect(formatOccurrence("2022-09-06", "2022-10")).toBe("6 September 2022 – October 2022"));
  it("finds the extent of partial dates by their first day, keeping each one's form", () =>
    expect(dateExtent(["2022-10", "2022-09-06", "2012"])).toEqual({ first: "2012", last: "2022-10" }));
});

// Slider ticks, year-by-year playback steps and readable dates.
import { describe, expect, it } from "vitest";
import { formatDate, formatSpan, monthTicks, nextYearTick, tickIndexOf } from "../../../client/src/core/time/index.js";

describe("monthTicks", () => {
  it("rejects a range that ends before it starts", () => {
    expect(() => monthTicks({ min: "2020", max: "2019" })).toThrow(RangeError);
  });
  it("has one tick a month and ends on the range's own last date", () => {
    const t = monthTicks({ min: "1998", max: "1999-02-10" });
    expect(t[0]).toBe("1998-01");
    expect(t).toHaveLength(14);
    expect(t[t.length - 1]).toBe("1999-02-10");
  });
  it("gives a single tick when the range is one month", () => {
    expect(monthTicks({ min: "2012-05", max: "2012-05" })).toEqual(["2012-05"]);
  });
});

describe("tickIndexOf and nextYearTick", () => {
  const ticks = monthTicks({ min: "2010", max: "2012-03-15" });
  it("finds the tick at or before a date", () => {
    expect(ticks[tickIndexOf(ticks, "2011-06-20")]).toBe("2011-06");
    expect(tickIndexOf(ticks, "1990")).toBe(0);
    expect(ticks[tickIndexOf(ticks, "2030")]).toBe("2012-03-15");
  });
  it("steps to the next January, then to the end, then stops", () => {
    expect(nextYearTick(ticks, "2010-05")).toBe("2011-01");
    expect(nextYearTick(ticks, "2011-01")).toBe("2012-01");
    expect(nextYearTick(ticks, "2012-01")).toBe("2012-03-15");
    expect(nextYearTick(ticks, "2012-03-15")).toBeNull();
  });
  it("reaches the end of the range when it lies in the last year", () => {
    expect(nextYearTick(["2012-01", "2012-02", "2012-03-15"], "2012-02")).toBe("2012-03-15");
    expect(nextYearTick(["2011-12", "2012-03-15"], "2011-12")).toBe("2012-03-15");
  });
});

describe("formatDate and formatSpan", () => {
  it("writes each precision", () => {
    expect(formatDate("2011")).toBe("2011");
    expect(formatDate("2011-12")).toBe("December 2011");
    expect(formatDate("2017-03-02")).toBe("2 March 2017");
    expect(formatDate(undefined)).toBe("");
  });
  it("writes open and closed spans", () => {
    expect(formatSpan("2012", "2012-06")).toBe("2012 – June 2012");
    expect(formatSpan("2011")).toBe("since 2011");
    expect(formatSpan(undefined, "2007")).toBe("until 2007");
    expect(formatSpan()).toBe("dates unknown");
  });
});

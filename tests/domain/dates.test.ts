import { describe, expect, it } from "vitest";
import { fromStoredDate, holdsAt, isValidPartialDate, overlaps, toStoredDate } from "../../server/domain/index.js";
import { normalizeName } from "../../server/domain/index.js";

describe("partial dates", () => {
  it.each(["2011", "2011-12", "2011-12-03", "2012-02-29"])("accepts %s", (d) =>
    expect(isValidPartialDate(d)).toBe(true),
  );
  it.each(["", "11", "2011-13", "2011-02-30", "2013-02-29", "2011/12/03", "2011-1"])("rejects %s", (d) =>
    expect(isValidPartialDate(d)).toBe(false),
  );
  it("agrees with the calendar on every day 31 of each month and every 29 February, 1896-2104", () => {
    const calendar = (d: string) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
    for (let y = 1896; y <= 2104; y++) {
      for (let m = 1; m <= 12; m++) {
        for (const day of [28, 29, 30, 31]) {
          const d = `${y}-${String(m).padStart(2, "0")}-${day}`;
          expect(isValidPartialDate(d), d).toBe(calendar(d));
        }
      }
    }
  });
  it("stores the first day with its precision and reads it back", () => {
    expect(toStoredDate("2011")).toEqual({ start: "2011-01-01", precision: "year" });
    expect(fromStoredDate("2011-12-01", "month")).toBe("2011-12");
  });
  it("holds a tie where since <= at < until, open ends allowed", () => {
    expect(holdsAt("2012-06-01", "2011", "2013")).toBe(true);
    expect(holdsAt("2013-01-01", "2011", "2013")).toBe(false);
    expect(holdsAt("2010-12-31", "2011", undefined)).toBe(false);
    expect(holdsAt("2030", undefined, undefined)).toBe(true);
  });
  it("tells whether a tie overlaps a window", () => {
    expect(overlaps("2014", "2016", "2011", "2013")).toBe(false);
    expect(overlaps("2012", "2016", "2011", "2013")).toBe(true);
  });
});

describe("normalizeName", () => {
  it("folds case, accents and punctuation", () => {
    expect(normalizeName("État islamique au Sahel")).toBe("etat islamique au sahel");
    expect(normalizeName("Al-Mourabitoun")).toBe("al mourabitoun");
    expect(normalizeName("  JNIM:  Group for Support of Islam and Muslims ")).toBe(
      "jnim group for support of islam and muslims",
    );
  });
});

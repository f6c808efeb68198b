// The importers' plain-code pass over events (server/ingest/event-check.ts) must never accept what EventSchema refuses:
// held to zod on every single-field mutation of events shaped like the importers' (ACLED's and UCDP GED's).
import { describe, expect, it } from "vitest";
import { EventSchema, SourcesSchema, type Event } from "../../server/domain/index.js";
import { eventChecker, surelyValidEvent } from "../../server/ingest/event-check.js";

const sources = [{ sourceId: "acled" }, { sourceId: "outlet-rfi" }];
const ACLED_LIKE: Event = {
  id: "acled-mli1234",
  date: "2020-08-22",
  type: "attack_on_civilians",
  fatalities: { best: 3 },
  claims: [],
  participants: [
    { actorId: "jnim", side: "A", role: "attacker", attribution: "confirmed" },
    { actorId: "katiba-macina", side: "A", attribution: "alleged" },
  ],
  sources,
  placeId: "place-mli-mopti",
  description: "On 22 August 2020, ...",
};
const GED_LIKE: Event = {
  id: "ucdp-ged-334567",
  date: "2020-08",
  endDate: "2020-08-23",
  type: "battle",
  fatalities: { best: 12, low: 10, high: 15 },
  claims: [],
  participants: [
    { actorId: "is-sahel", side: "A", attribution: "confirmed" },
    { actorId: "jnim", side: "B", attribution: "confirmed" },
  ],
  sources: [{ sourceId: "ucdp-ged", quote: "I-n-Tilelt" }],
};

const VALUES: unknown[] = [
  undefined,
  null,
  "",
  "x",
  "X",
  "2020-02-30",
  "2020-13",
  "2021",
  "battle",
  "A",
  "attacker",
  "alleged",
  "a".repeat(201),
  0,
  -1,
  1.5,
  2 ** 60,
  Number.NaN,
  [],
  {},
  [{}],
  true,
];

type Obj = Record<string, unknown>;
const clone = (e: Event): Obj => structuredClone(e) as unknown as Obj;

/** Every event one change away from `base`: each field (and nested field) set to each value, dropped, or joined. */
function* mutations(base: Event): Generator<Obj> {
  const paths: string[][] = [];
  const walk = (o: Obj, at: string[]) => {
    for (const [k, v] of Object.entries(o)) {
      paths.push([...at, k]);
      if (v && typeof v === "object") walk(v as Obj, [...at, k]);
    }
  };
  walk(clone(base), []);
  for (const p of [...paths, ["extra"], ["fatalities", "extra"], ["participants", "0", "extra"]]) {
    for (const v of [...VALUES, "drop"]) {
      const m = clone(base);
      let o = m;
      for (const k of p.slice(0, -1)) {
        if (!o[k] || typeof o[k] !== "object") o[k] = {};
        o = o[k] as Obj;
      }
      if (v === "drop") delete o[p[p.length - 1]];
      else o[p[p.length - 1]] = v;
      yield m;
    }
  }
  yield Object.assign(Object.create({ inherited: 1 }), clone(base));
}

/** For the events whose sources are not what is mutated. */
const sourcesOk = () => true;
const realSourcesOk = (list: unknown) => SourcesSchema.safeParse(list).success;

describe("surelyValidEvent", () => {
  it("accepts the events the importers build (so the cheap pass is the one taken)", () => {
    for (const e of [ACLED_LIKE, GED_LIKE]) {
      expect(EventSchema.safeParse(e).success).toBe(true);
      expect(surelyValidEvent(e, sourcesOk, new Set())).toBe(true);
    }
  });

  for (const [name, base] of [
    ["ACLED", ACLED_LIKE],
    ["UCDP GED", GED_LIKE],
  ] as const) {
    it(`accepts nothing EventSchema refuses, over every one-field change of an ${name}-shaped event`, () => {
      let refused = 0;
      let tried = 0;
      for (const m of mutations(base)) {
        tried++;
        const byZod = EventSchema.safeParse(m).success;
        if (!byZod) refused++;
        if (surelyValidEvent(m, realSourcesOk, new Set())) expect({ m, byZod }).toEqual({ m, byZod: true });
      }
      // The mutations are worth something: most are refused by zod.
      expect(tried).toBeGreaterThan(300);
      expect(refused).toBeGreaterThan(tried / 2);
    });
  }

  it("asks about a date again unless it was found valid", () => {
    const good = new Set<string>(["2020-02-30"]);
    // A date wrongly remembered as good would be taken: the set is only ever filled by the check itself.
    expect(surelyValidEvent({ ...GED_LIKE, date: "2020-02-30" }, sourcesOk, good)).toBe(true);
    const fresh = new Set<string>();
    expect(surelyValidEvent({ ...GED_LIKE, date: "2020-02-30" }, sourcesOk, fresh)).toBe(false);
    expect(fresh.has("2020-02-30")).toBe(false);
    expect(surelyValidEvent(GED_LIKE, sourcesOk, fresh)).toBe(true);
    expect([...fresh]).toEqual(["2020-08"]);
  });
});

describe("eventChecker", () => {
  it("answers as EventSchema does, on the events and their mutations, sources included", () => {
    const check = eventChecker();
    let n = 0;
    for (const base of [ACLED_LIKE, GED_LIKE]) {
      for (const m of [base as unknown as Obj, ...mutations(base)]) {
        n++;
        expect({ m, ok: check.safeParse(m).success }).toEqual({ m, ok: EventSchema.safeParse(m).success });
      }
    }
    expect(n).toBeGreaterThan(600);
  });
});

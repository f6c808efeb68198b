// The one name matcher (server/ingest/name-match.ts) on an independent reference list of the names Sahel armed groups
// go by (tests/ingest/reference-names.ts, from UCDP, ACLED and the press): the importers' resolver finds the right
// seed actor for at least 95% of them and never a wrong actor for an acronym; search ranks typos; UCDP ids that
// changed hands over time resolve to the actor of the event's date.
import { describe, expect, it } from "vitest";
import { type Actor, type Bundle } from "../../server/domain/index.js";
import { createResolver } from "../../server/ingest/resolver.js";
import { bagKey, editDistance } from "../../server/ingest/name-match.js";
import { parseInputs } from "../../server/services/loader.js";
import { readSeedInputs } from "../../server/services/seeds.js";
import { createSearchIndex } from "../../server/services/search.js";
import { REFERENCE_ACRONYMS, REFERENCE_NAMES } from "./reference-names.js";

const seeds: Bundle = parseInputs(readSeedInputs());
const resolver = createResolver(seeds.actors);
const search = createSearchIndex(seeds.actors);
const resolvedId = (name: string, ctx = {}) => {
  const r = resolver.resolve(name, ctx);
  return r.status === "resolved" ? r.actorId : null;
};

describe("the reference list of Sahel armed-group names", () => {
  it("names only actors the seeds hold", () => {
    const ids = new Set(seeds.actors.map((a) => a.id));
    expect(REFERENCE_NAMES.map((r) => r.expect).filter((id) => !ids.has(id))).toEqual([]);
  });

  it("resolves at least 95% of its variants to the right actor, and none to a wrong one", () => {
    const wrong: string[] = [];
    const missed: string[] = [];
    for (const r of REFERENCE_NAMES) {
      const got = resolvedId(r.name);
      if (got === r.expect) continue;
      (got ? wrong : missed).push(`${r.name} (${r.from}) -> ${got ?? "unresolved"}, expected ${r.expect}`);
    }
    const share = (REFERENCE_NAMES.length - wrong.length - missed.length) / REFERENCE_NAMES.length;
    expect(wrong).toEqual([]);
    expect(share, `missed:\n${missed.join("\n")}`).toBeGreaterThanOrEqual(0.95);
    expect(REFERENCE_NAMES.length).toBeGreaterThanOrEqual(150);
  });

  it("never resolves an acronym to a wrong actor", () => {
    const out = REFERENCE_ACRONYMS.map((a) => ({ name: a.name, got: resolvedId(a.name) }));
    expect(out).toEqual(REFERENCE_ACRONYMS.map((a) => ({ name: a.name, got: a.expect })));
  });
});

describe("the matcher's forms", () => {
  it("reads spellings, word order and French words as one set of words", () => {
    expect(bagKey("al-Qa'ida in the Lands of the Islamic Maghreb")).toBe(bagKey("Al-Qaïda au Maghreb islamique"));
    expect(bagKey("Islamic State in the Greater Sahara")).toBe(bagKey("Greater Sahara Islamic State"));
    expect(bagKey("État islamique au Sahel")).toBe(bagKey("Islamic State in the Sahel"));
    // One-word bags would make every name with that word a match.
    expect(bagKey("the State")).toBeNull();
  });

  it("counts a transposition as one edit", () => {
    expect(editDistance("jnmi", "jnim", 1)).toBe(1);
    expect(editDistance("ansardinne", "ansardine", 1)).toBe(1);
    expect(editDistance("maa", "jamaat", 1)).toBe(2);
  });
});

describe("search", () => {
  const first = (q: string) => search.search(q)[0]?.actor.id;

  it("ranks typos: JNMI finds JNIM, Ansar Dinne finds Ansar Dine, Mujoa finds MUJAO", () => {
    expect(first("JNMI")).toBe("jnim");
    expect(first("Ansar Dinne")).toBe("ansar-dine");
    expect(first("Mujoa")).toBe("mujao");
  });

  it("finds the other spellings and orders of a name", () => {
    expect(first("Al Qaeda in the Lands of the Islamic Maghreb")).toBe("aqim");
    expect(first("Greater Sahara Islamic State")).toBe("is-sahel");
  });

  it("gives no false hits for short strings", () => {
    const extra: Actor = {
      id: "mdd",
      name: "Movement for Democracy and Development",
      kind: "separatist_movement",
      aliases: [],
      countries: ["TCD"],
      externalIds: {},
      sources: [],
      provisional: true,
    };
    const index = createSearchIndex([...seeds.actors, extra]);
    const ids = (q: string) => index.search(q).map((m) => m.actor.id);
    // "jamaat" holds "maa", "democracy" holds "cra": neither is a match.
    expect(ids("MAA")).not.toContain("jnim");
    expect(ids("CRA")).not.toContain("mdd");
    expect(ids("Democ")).toContain("mdd");
  });
});

describe("ids and names over time", () => {
  it("UCDP 1158 is the MNLA before the CMA was founded and the CMA after", () => {
    expect(resolvedId("MNLA", { dataset: "ucdp", ucdpId: "1158", date: "2012-03-01", event: true })).toBe("mnla");
    expect(resolvedId("CMA", { dataset: "ucdp", ucdpId: "1158", date: "2016-05-01", event: true })).toBe("cma");
  });

  it("UCDP 539 is the GSPC before AQIM and AQIM after", () => {
    expect(resolvedId("GSPC", { dataset: "ucdp", ucdpId: "539", date: "2005-06-01", event: true })).toBe("gspc");
    expect(resolvedId("AQIM", { dataset: "ucdp", ucdpId: "539", date: "2012-06-01", event: true })).toBe("aqim");
    // The Actor Dataset (no date) names the current actor.
    expect(resolvedId("AQIM", { dataset: "ucdp", ucdpId: "539" })).toBe("aqim");
  });

  it("tells whether an actor existed at a date, through its dissolution's precision", () => {
    expect(resolver.existedAt("gspc", "2007-12-31")).toBe(true);
    expect(resolver.existedAt("gspc", "2008-01-01")).toBe(false);
    expect(resolver.existedAt("jnim", "2016-12-31")).toBe(false);
  });
});

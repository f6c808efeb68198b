// The alias resolver on its own: normalisation forms, ACLED's name patterns, and the ambiguity rules.
import { describe, expect, it } from "vitest";
import { ActorSchema, type Actor } from "../../server/domain/index.js";
import { cleanName, createResolver, nameKeys, splitAlternatives } from "../../server/ingest/resolver.js";

const actor = (a: Partial<Actor> & { id: string; name: string }): Actor =>
  ActorSchema.parse({ kind: "jihadist_group", ...a });

const ACTORS = [
  actor({
    id: "jnim",
    name: "Jama'at Nusrat al-Islam wal-Muslimin",
    kind: "coalition",
    aliases: [
      { name: "JNIM", kind: "acronym" },
      { name: "GSIM", kind: "acronym" },
    ],
    externalIds: { ucdp: ["6716"] },
  }),
  actor({
    id: "islamic-state",
    name: "Islamic State",
    aliases: [{ name: "IS", kind: "acronym" }],
    externalIds: { ucdp: ["234"] },
  }),
  actor({
    id: "iswap",
    name: "Islamic State – West Africa Province",
    founded: "2015",
    aliases: [{ name: "ISWAP", kind: "acronym" }],
  }),
  actor({
    id: "is-sahel",
    name: "Islamic State – Sahel Province",
    founded: "2015-05",
    aliases: [
      { name: "IS Sahel", kind: "variant" },
      { name: "EIGS", kind: "acronym" },
    ],
    externalIds: { acled: ["Islamic State (West Africa) - Greater Sahara Faction"] },
  }),
  actor({
    id: "fama",
    name: "Malian Armed Forces",
    kind: "state_force",
    externalIds: { acled: ["Military Forces of Mali (2013-2020)"] },
  }),
  actor({ id: "dozo", name: "Dozo Militia", kind: "communal_militia" }),
];

describe("nameKeys", () => {
  it("splits ACLED's 'ACRONYM: gloss' into the acronym and the gloss", () => {
    const keys = nameKeys("JNIM: Group for Support of Islam and Muslims");
    expect(keys).toContainEqual({ key: "jnim", via: "acronym" });
    expect(keys).toContainEqual({ key: "group for support of islam and muslims", via: "gloss" });
  });

  it("drops a trailing country qualifier and ACLED's government-period years", () => {
    expect(nameKeys("Fulani Ethnic Militia (Mali)").map((k) => k.key)).toContain("fulani ethnic militia");
    expect(cleanName("Police Forces of Mali (2013-2020) Gendarmerie")).toBe("Police Forces of Mali Gendarmerie");
    expect(cleanName("Military Forces of France (2017-)")).toBe("Military Forces of France");
  });

  it("keeps a qualifier that is not a country (the faction matters)", () => {
    expect(nameKeys("MAA: Arab Movement of the Azawad (CMA)").map((k) => k.key)).not.toContain(
      "maa arab movement of the azawad",
    );
  });

  it("reads 'Militia (X)' as 'X militia'", () => {
    expect(nameKeys("Militia (Dozo)").map((k) => k.key)).toContain("dozo militia");
  });
});

describe("createResolver", () => {
  const resolver = createResolver(ACTORS);

  it("resolves an ACLED 'ACRONYM: gloss' name through the acronym", () => {
    const r = resolver.resolve("JNIM: Group for Support of Islam and Muslims", { dataset: "acled" });
    expect(r).toMatchObject({ status: "resolved", actorId: "jnim", via: "acronym" });
  });

  it("resolves an ACLED name listed in externalIds exactly, and a new government period through the qualifier", () => {
    expect(resolver.resolve("Military Forces of Mali (2013-2020)")).toMatchObject({
      status: "resolved",
      actorId: "fama",
    });
    expect(resolver.resolve("Military Forces of Mali (2021-)")).toMatchObject({
      status: "resolved",
      actorId: "fama",
      via: "qualifier",
    });
  });

  it("resolves 'Militia (Dozo)' to the Dozo militia", () => {
    expect(resolver.resolve("Militia (Dozo)")).toMatchObject({ status: "resolved", actorId: "dozo" });
  });

  it("reports an unknown name as unresolved", () => {
    expect(resolver.resolve("Dan Na Ambassagou").status).toBe("unresolved");
  });

  it("stores 'X and/or Y' as alleged for both", () => {
    const parts = resolver.resolveAttributed(
      "JNIM: Group for Support of Islam and Muslims and/or Islamic State (West Africa) - Greater Sahara Faction",
      { dataset: "acled" },
    );
    expect(parts.map((p) => [p.attribution, p.resolution.status === "resolved" && p.resolution.actorId])).toEqual([
      ["alleged", "jnim"],
      ["alleged", "is-sahel"],
    ]);
    expect(splitAlternatives("A and/or B and/or C")).toEqual(["A", "B", "C"]);
  });

  describe("UCDP 'IS' (actor 234)", () => {
    const event = { dataset: "ucdp" as const, event: true, ucdpId: "234" };

    it("is IS Sahel in Mali, Burkina Faso and Niger", () => {
      for (const country of ["MLI", "BFA", "NER"]) {
        expect(resolver.resolve("IS", { ...event, country, date: "2020-08-22" })).toMatchObject({
          actorId: "is-sahel",
          via: "rule",
        });
      }
    });

    it("is ISWAP in Niger's Diffa region and around Lake Chad", () => {
      expect(
        resolver.resolve("IS", { ...event, country: "NER", admin1: "Diffa region", date: "2021-04-29" }),
      ).toMatchObject({ actorId: "iswap" });
      expect(resolver.resolve("IS", { ...event, country: "NGA", date: "2021-04-29" })).toMatchObject({
        actorId: "iswap",
      });
    });

    it("is Islamic State central in Syria", () => {
      expect(resolver.resolve("IS", { ...event, country: "SYR", date: "2016-01-01" })).toMatchObject({
        actorId: "islamic-state",
      });
    });

    it("stays ambiguous elsewhere, and before the picked branch existed", () => {
      const afg = resolver.resolve("IS", { ...event, country: "AFG", date: "2020-01-01" });
      expect(afg).toMatchObject({ status: "ambiguous", candidates: ["is-sahel", "islamic-state", "iswap"] });
      expect(resolver.resolve("IS", { ...event, country: "MLI", date: "2014-06-01" }).status).toBe("ambiguous");
    });

    it("is Islamic State itself outside events (the Actor Dataset's own row)", () => {
      expect(resolver.resolve("IS", { dataset: "ucdp", ucdpId: "234" })).toMatchObject({
        actorId: "islamic-state",
        via: "external-id",
      });
    });
  });

  it("lookup names every actor a query answers to, for search", () => {
    const hits = resolver.lookup("GSIM");
    expect(hits).toEqual([expect.objectContaining({ actorId: "jnim", matched: "GSIM", provisional: false })]);
    expect(resolver.lookup("nobody")).toEqual([]);
  });
});

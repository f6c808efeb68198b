// Checks the curated Sahel seed graph in seeds/*.json: schema validity, referential integrity and key sourced facts.
// The loader reads every seeds/*.json as a partial Bundle, so the merged files must form one consistent Bundle.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BundleSchema, type Bundle } from "../../server/domain/index.js";

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const seedsDir = path.join(repoRoot, "seeds");
const seedFiles = readdirSync(seedsDir)
  .filter((f) => f.endsWith(".json"))
  .sort();

interface ParsedFile {
  file: string;
  bundle: Bundle;
}

/** Parses every seed file; a failure names the file and the JSON path of each issue. */
function parseAll(): ParsedFile[] {
  const problems: string[] = [];
  const parsed: ParsedFile[] = [];
  for (const file of seedFiles) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(seedsDir, file), "utf8"));
    } catch (err) {
      problems.push(`${file}: invalid JSON (${(err as Error).message})`);
      continue;
    }
    const result = BundleSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(
          `${file} at ${issue.path.join(".") || "(root)"}: ${issue.message}`,
        );
      continue;
    }
    parsed.push({ file, bundle: result.data as Bundle });
  }
  if (problems.length > 0)
    throw new Error(`seed files do not validate:\n${problems.join("\n")}`);
  return parsed;
}

function merge(files: ParsedFile[]): Bundle {
  const all: Bundle = {
    sources: [],
    places: [],
    actors: [],
    relationships: [],
    events: [],
  };
  for (const { bundle } of files) {
    all.sources.push(...bundle.sources);
    all.places.push(...bundle.places);
    all.actors.push(...bundle.actors);
    all.relationships.push(...bundle.relationships);
    all.events.push(...bundle.events);
  }
  return all;
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup].sort();
}

const files = parseAll();
const seed = merge(files);
const actorIds = new Set(seed.actors.map((a) => a.id));
const placeIds = new Set(seed.places.map((p) => p.id));
const sourceIds = new Set(seed.sources.map((s) => s.id));
const actor = (id: string) => seed.actors.find((a) => a.id === id);
const place = (id: string) => seed.places.find((p) => p.id === id);

/** Place ancestry from the place itself up to the root, following `parent`. */
function ancestry(id: string): string[] {
  const chain: string[] = [];
  let cur = place(id);
  while (cur && !chain.includes(cur.id)) {
    chain.push(cur.id);
    cur = cur.parent ? place(cur.parent) : undefined;
  }
  return chain;
}

describe("seed files", () => {
  it("exist and each parses with BundleSchema", () => {
    expect(seedFiles.length).toBeGreaterThanOrEqual(5);
    expect(files.map((f) => f.file)).toEqual(seedFiles);
  });

  it("have unique ids within each kind", () => {
    expect(duplicates(seed.sources.map((s) => s.id))).toEqual([]);
    expect(duplicates(seed.places.map((p) => p.id))).toEqual([]);
    expect(duplicates(seed.actors.map((a) => a.id))).toEqual([]);
    expect(duplicates(seed.events.map((e) => e.id))).toEqual([]);
    const relIds = seed.relationships.map((r) => r.id);
    expect(relIds.every((id) => typeof id === "string" && id.length > 0)).toBe(
      true,
    );
    expect(duplicates(relIds)).toEqual([]);
  });

  it("reference only actors, places and sources that exist", () => {
    const missing: string[] = [];
    const needSource = (where: string, id: string) =>
      sourceIds.has(id) || missing.push(`${where}: source ${id}`);
    const needActor = (where: string, id: string) =>
      actorIds.has(id) || missing.push(`${where}: actor ${id}`);
    for (const p of seed.places)
      if (p.parent && !placeIds.has(p.parent))
        missing.push(`place ${p.id}: parent ${p.parent}`);
    for (const a of seed.actors)
      for (const s of a.sources) needSource(`actor ${a.id}`, s.sourceId);
    for (const r of seed.relationships) {
      needActor(`relationship ${r.id}`, r.from);
      needActor(`relationship ${r.id}`, r.to);
      for (const s of r.sources) needSource(`relationship ${r.id}`, s.sourceId);
    }
    for (const e of seed.events) {
      if (e.placeId && !placeIds.has(e.placeId))
        missing.push(`event ${e.id}: place ${e.placeId}`);
      for (const p of e.participants) needActor(`event ${e.id}`, p.actorId);
      for (const c of e.claims) {
        needActor(`event ${e.id} claim`, c.by);
        needSource(`event ${e.id} claim`, c.sourceId);
      }
      for (const s of e.sources) needSource(`event ${e.id}`, s.sourceId);
    }
    expect(missing).toEqual([]);
  });

  it("give every relationship and event at least one source, and every actor a description and source", () => {
    expect(
      seed.relationships.filter((r) => r.sources.length === 0).map((r) => r.id),
    ).toEqual([]);
    expect(
      seed.events.filter((e) => e.sources.length === 0).map((e) => e.id),
    ).toEqual([]);
    expect(
      seed.actors
        .filter((a) => !a.description || a.sources.length === 0)
        .map((a) => a.id),
    ).toEqual([]);
  });

  it("keep place hierarchies acyclic and dated ties ordered (since < until)", () => {
    for (const p of seed.places)
      expect(ancestry(p.id).at(-1), `root of ${p.id}`).toBe("mali");
    for (const r of seed.relationships)
      if (r.since && r.until)
        expect(r.since < r.until, `${r.id}: ${r.since} < ${r.until}`).toBe(
          true,
        );
  });

  it("contain the ids the API brief promises", () => {
    const promised = [
      "aqim",
      "gspc",
      "mujao",
      "al-mulathamun",
      "al-mourabitoun",
      "ansar-dine",
      "katiba-macina",
      "jnim",
      "is-sahel",
      "islamic-state",
      "ansarul-islam",
      "mnla",
      "hcua",
      "cma",
      "gatia",
      "msa",
      "platform",
      "fama",
      "operation-maliko",
      "operation-serval",
      "operation-barkhane",
      "minusma",
    ];
    expect(promised.filter((id) => !actorIds.has(id))).toEqual([]);
    expect(sourceIds.has("apa-2022-gao")).toBe(true);
    expect(sourceIds.has("ucdp-actor-221")).toBe(true);
  });
});

describe("key sourced facts", () => {
  it("MUJAO is a splinter of AQIM since 2011, sourced by UCDP and the founding article", () => {
    const rel = seed.relationships.find(
      (r) => r.id === "mujao-splinter_of-aqim",
    );
    expect(rel).toMatchObject({
      type: "SPLINTER_OF",
      from: "mujao",
      to: "aqim",
      since: "2011",
    });
    expect(rel!.sources.map((s) => s.sourceId)).toEqual(
      expect.arrayContaining(["ucdp-actor-221", "apa-2022-gao"]),
    );
  });

  it("IS Sahel resolves from its English and French names", () => {
    const names = actor("is-sahel")!.aliases.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "EIS",
        "EIGS",
        "ISGS",
        "ISSP",
        "État islamique au Sahel",
        "Islamic State in the Greater Sahara",
      ]),
    );
    expect(actor("jnim")!.aliases.map((a) => a.name)).toEqual(
      expect.arrayContaining(["GSIM", "JNIM"]),
    );
    expect(actor("aqim")!.aliases.map((a) => a.name)).toContain("AQMI");
    expect(actor("mujao")!.aliases.map((a) => a.name)).toContain("MOJWA");
  });

  it("the Kadji attack killed 11 and is only alleged against IS Sahel", () => {
    const kadji = seed.events.find((e) => e.placeId === "kadji");
    expect(kadji).toBeDefined();
    expect(kadji!.date).toBe("2022-11-21");
    expect(kadji!.type).toBe("attack_on_civilians");
    expect(kadji!.fatalities?.best).toBe(11);
    expect(kadji!.participants).toEqual([
      expect.objectContaining({ actorId: "is-sahel", attribution: "alleged" }),
    ]);
    expect(kadji!.sources[0]!.sourceId).toBe("apa-2022-gao");
  });

  it("the Talataye toll is a claim by IS Sahel, not a recorded fatality count", () => {
    const talataye = seed.events.find((e) => e.placeId === "talataye");
    expect(talataye).toBeDefined();
    expect(talataye!.fatalities).toBeUndefined();
    expect(talataye!.claims).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ by: "is-sahel", fatalities: 60 }),
      ]),
    );
  });

  it("JNIM was founded in 2017 and its components joined it then", () => {
    expect(actor("jnim")!.founded?.startsWith("2017")).toBe(true);
    for (const member of ["ansar-dine", "al-mourabitoun", "katiba-macina"]) {
      const rel = seed.relationships.find(
        (r) => r.type === "PART_OF" && r.from === member && r.to === "jnim",
      );
      expect(rel?.since?.startsWith("2017"), member).toBe(true);
    }
    expect(
      seed.relationships.some(
        (r) =>
          r.type === "AFFILIATED_WITH" && r.from === "jnim" && r.to === "aqim",
      ),
    ).toBe(true);
  });

  it("carries UCDP and ACLED identifiers for the importers", () => {
    expect(actor("jnim")!.externalIds.ucdp).toEqual(["6716"]);
    expect(actor("mujao")!.externalIds.ucdp).toEqual(["1161"]);
    expect(actor("jnim")!.externalIds.acled).toContain(
      "JNIM: Group for Support of Islam and Muslims",
    );
    expect(actor("is-sahel")!.externalIds.acled).toContain(
      "Islamic State (West Africa) - Greater Sahara Faction",
    );
    // UCDP actor 234 is IS as a whole (IS central, ISWAP and IS Sahel): it must not be pinned on IS Sahel.
    expect(actor("is-sahel")!.externalIds.ucdp ?? []).not.toContain("234");
    const ucdp = seed.actors.flatMap((a) => a.externalIds.ucdp ?? []);
    expect(duplicates(ucdp)).toEqual([]);
    const acled = seed.actors.flatMap((a) => a.externalIds.acled ?? []);
    expect(duplicates(acled)).toEqual([]);
  });

  it("places Kadji inside Gounzereye, Gao and Mali", () => {
    const chain = ancestry("kadji");
    expect(chain[0]).toBe("kadji");
    const idx = ["gounzereye", "gao", "mali"].map((id) => chain.indexOf(id));
    expect(idx.every((i) => i > 0)).toBe(true);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect(ancestry("talataye")).toEqual(
      expect.arrayContaining(["gao", "mali"]),
    );
    expect(place("menaka")!.parent).toBe("mali");
  });
});

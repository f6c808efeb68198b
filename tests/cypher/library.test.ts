// The saved-query library: file headers checked, Neo4j variants parsed by Neo4j's own Cypher parser, and every query run
// on the seeded graph with asserted answers, on the store of the test project (embedded, and a live Neo4j in `neo4j`).
import { lintCypherQuery } from "@neo4j-cypher/language-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError, NotFoundError } from "../../server/domain/index.js";
import { createCypherService, type CypherService } from "../../server/services/cypher.js";
import {
  findQuery,
  loadLibrary,
  parseLibraryFile,
  resolveParams,
  variantFor,
} from "../../server/services/cypher-library.js";
import { createReadModelHolder } from "../../server/services/read-model.js";
import { createSeededStore } from "../helpers/server.js";
import { TEST_STORE } from "../helpers/store.js";

const library = loadLibrary();
const LIMITS = { CYPHER_TIMEOUT_MS: 10_000, CYPHER_MAX_ROWS: 1_000 };

describe("cypher library files", () => {
  it("holds the seven required analyses, each with a title, a description and typed parameters", () => {
    expect(library.map((q) => q.name).sort()).toEqual(
      expect.arrayContaining([
        "actor-lineage",
        "alliance-network",
        "clashes-in-period",
        "stale-actors",
        "shortest-path",
        "coalition-members",
        "contested-attribution",
      ]),
    );
    for (const q of library) {
      expect(q.title.length, q.name).toBeGreaterThan(5);
      expect(q.description.length, q.name).toBeGreaterThan(20);
      expect(q.columns.length, q.name).toBeGreaterThan(0);
    }
    expect(findQuery(library, "coalition-members").params).toEqual([
      { name: "umbrella", type: "string", default: "jnim", description: "the coalition's id" },
      { name: "at", type: "date", default: "2018-01-01", description: "the as-of day (YYYY-MM-DD)" },
    ]);
  });

  it("gives each engine a text: the shared file or its own variant", () => {
    for (const q of library) {
      for (const engine of ["embedded", "neo4j"] as const) expect(variantFor(q, engine).text.length, q.name).toBeGreaterThan(20);
    }
    expect(variantFor(findQuery(library, "actor-lineage"), "embedded").text).toContain("label(r)");
    expect(variantFor(findQuery(library, "actor-lineage"), "neo4j").text).toContain("type(r)");
  });

  it("refuses a file whose declared parameters differ from the $params its query uses", () => {
    const text = "// title: T\n// description: D\n// param: a string = \"x\"\n// columns: n\nMATCH (n) WHERE n.id = $b RETURN n.id AS n\n";
    expect(() => parseLibraryFile("bad-params.cypher", text)).toThrow(/declared params \[a\] differ .* \[b\]/);
  });

  it("refuses a per-engine variant that does not say why it differs", () => {
    const text = "// title: T\n// description: D\n// columns: n\nRETURN 1 AS n\n";
    expect(() => parseLibraryFile("x.neo4j.cypher", text)).toThrow(/engine:/);
  });

  it("refuses a default that does not fit its type, and two statements in one file", () => {
    const bad = "// title: T\n// description: D\n// param: at date = \"2012\"\n// columns: n\nRETURN $at AS n\n";
    expect(() => parseLibraryFile("bad-default.cypher", bad)).toThrow(/YYYY-MM-DD/);
    const two = "// title: T\n// description: D\n// columns: n\nRETURN 1 AS n; RETURN 2 AS n\n";
    expect(() => parseLibraryFile("two.cypher", two)).toThrow(/one statement/);
  });

  it("checks parameter values against the declared types and names unknown ones", () => {
    const q = findQuery(library, "coalition-members");
    expect(resolveParams(q, {})).toEqual({ umbrella: "jnim", at: "2018-01-01" });
    expect(resolveParams(q, { at: " 2020-02-29 " })).toEqual({ umbrella: "jnim", at: "2020-02-29" });
    expect(() => resolveParams(q, { at: "2019-02-29" })).toThrow(InvalidInputError);
    expect(() => resolveParams(q, { at: "2019" })).toThrow(/coalition-members.at: expected a day/);
    expect(() => resolveParams(q, { year: 2019 })).toThrow(/unknown parameter\(s\) year/);
    expect(() => findQuery(library, "nope")).toThrow(NotFoundError);
  });

  it("keeps every Neo4j text valid Neo4j 5 Cypher (Neo4j's own parser and semantic analysis find no error)", () => {
    for (const q of library) {
      const text = variantFor(q, "neo4j").text;
      const errors = lintCypherQuery(text, {})
        .diagnostics.map((d) => (typeof d.message === "string" ? d.message : d.message.value))
        .filter((m) => !/^Parameter \$\w+ is not defined/.test(m));
      expect(errors, q.name).toEqual([]);
    }
    // The language service's parser is CPU-bound and slow on a loaded 2-core machine: room, not a speed claim.
  }, 180_000);

  it("has a Neo4j parser that does catch the embedded-only constructs (so the check above can fail)", () => {
    const embedded = variantFor(findQuery(library, "shortest-path"), "embedded").text;
    const messages = lintCypherQuery(embedded, {}).diagnostics.map((d) => (typeof d.message === "string" ? d.message : d.message.value));
    expect(messages.some((m) => /Invalid input 'ALL'/.test(m))).toBe(true);
    // …and it checks scoping too, not only the grammar.
    const scoped = lintCypherQuery("MATCH (a) WITH DISTINCT a.id AS id RETURN id ORDER BY a.name", {}).diagnostics;
    expect(scoped.map((d) => (typeof d.message === "string" ? d.message : d.message.value))).toEqual(["Variable `a` not defined"]);
  }, 180_000);
});

type Run = (name: string, params?: Record<string, unknown>) => Promise<{ rows: Record<string, unknown>[]; graph?: { nodes: { key: string }[]; edges: { key: string }[] } }>;

/** The asserted answers, the same on every engine. */
function librarySpec(label: string, open: () => Promise<{ service: CypherService; close(): Promise<void> }>) {
  describe(`saved queries on the seeded graph: ${label}`, () => {
    let service: CypherService;
    let close: () => Promise<void>;
    const run: Run = (name, params) => service.runSaved(name, params);
    beforeAll(async () => {
      ({ service, close } = await open());
    });
    afterAll(() => close?.());

    it("actor-lineage: MUJAO's lineage holds AQIM (it split from) and al-Mourabitoun (it merged into), both ways", async () => {
      const { rows, graph } = await run("actor-lineage", { actor: "mujao" });
      expect(rows.map((r) => r.relationship)).toEqual(
        expect.arrayContaining([
          "gspc-splinter_of-gia",
          "gspc-merged_into-aqim",
          "mujao-splinter_of-aqim",
          "al-mulathamun-splinter_of-aqim",
          "al-mulathamun-merged_into-al-mourabitoun",
          "mujao-merged_into-al-mourabitoun",
          "is-sahel-splinter_of-al-mourabitoun",
        ]),
      );
      expect(rows.every((r) => r.type === "SPLINTER_OF" || r.type === "MERGED_INTO")).toBe(true);
      expect(rows.map((r) => r.relationship)).not.toContain("ansar-dine-part_of-jnim");
      expect(rows).toContainEqual(expect.objectContaining({ from: "mujao", type: "SPLINTER_OF", to: "aqim", since: "2011" }));
      expect(rows).toContainEqual(expect.objectContaining({ from: "mujao", type: "MERGED_INTO", to: "al-mourabitoun" }));
      expect(graph?.nodes.map((n) => n.key)).toEqual(
        expect.arrayContaining(["aqim", "al-mourabitoun", "mujao", "is-sahel", "gspc", "gia", "al-mulathamun"]),
      );
      expect(graph?.edges).toHaveLength(rows.length);
    });

    it("actor-lineage: an actor with no splinter or merger has an empty lineage", async () => {
      expect((await run("actor-lineage", { actor: "jnim" })).rows).toEqual([]);
    });

    it("alliance-network: the alliances that held in March 2012, not those begun later or ended before", async () => {
      const march = (await run("alliance-network", { at: "2012-03-01" })).rows;
      const pairs = march.map((r) => `${r.actor}~${r.ally}`);
      expect(pairs).toEqual(
        expect.arrayContaining(["ansar-dine~aqim", "mnla~ansar-dine", "mnla~aqim", "mujao~ansar-dine", "mujao~aqim"]),
      );
      const held = (r: Record<string, unknown>, at: string) =>
        (r.since == null || (r.since as string) <= at) && (r.until == null || (r.until as string) > at);
      expect(march.filter((r) => !held(r, "2012-03-01"))).toEqual([]);
      expect(pairs).not.toContain("gatia~msa"); // begun in 2016
      const july = (await run("alliance-network", { at: "2012-07-01" })).rows.map((r) => `${r.actor}~${r.ally}`);
      expect(july).not.toContain("mnla~ansar-dine"); // ended June 2012: MNLA and Ansar Dine fell out over Gao
      expect(july).toContain("mujao~ansar-dine");
      const y2018 = (await run("alliance-network", { at: "2018-06-01" })).rows.map((r) => `${r.actor}~${r.ally}`);
      expect(y2018).toEqual(expect.arrayContaining(["gatia~fama", "gatia~msa", "jnim~is-sahel"]));
      expect(y2018).not.toContain("mujao~ansar-dine"); // MUJAO was dissolved in 2013
    });

    it("clashes-in-period: who fought whom 2017-2022, most clashes first, an unknown toll null (never 0)", async () => {
      const { rows, graph } = await run("clashes-in-period", { from: "2017-01-01", to: "2022-12-31" });
      const counts = rows.map((r) => r.clashes as number);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      for (const r of rows) {
        expect(r.unreported as number).toBeGreaterThanOrEqual(0);
        expect(r.unreported as number).toBeLessThanOrEqual(r.clashes as number);
        // The toll is null exactly when no event of the pair reports one.
        expect(r.fatalities === null, `${r.actorA}~${r.actorB}`).toBe(r.unreported === r.clashes);
      }
      // Both Talataye (September 2022) and the Ménaka counter-offensives (October 2022) report no toll.
      const jnim = rows.find((r) => r.actorA === "is-sahel" && r.actorB === "jnim")!;
      expect(jnim).toMatchObject({ fatalities: null, first: "2022-09-06", clash: "clash:is-sahel:jnim" });
      expect(jnim.unreported).toBe(jnim.clashes);
      expect(rows.find((r) => r.actorA === "france-military" && r.actorB === "is-sahel")).toMatchObject({
        fatalities: 6,
        unreported: 0,
        first: "2018-02-23",
      });
      expect(graph?.edges.map((e) => e.key)).toContain("clash:al-mourabitoun:fama");
      const y2013 = (await run("clashes-in-period", { from: "2013-01-01", to: "2013-12-31" })).rows;
      expect(y2013.map((r) => `${r.actorA}~${r.actorB}`)).toEqual(
        expect.arrayContaining(["fama~mujao", "mujao~operation-serval"]),
      );
      expect(y2013.every((r) => (r.first as string) >= "2013-01-01" && (r.last as string) <= "2013-12-31")).toBe(true);
    });

    it("stale-actors: actors whose newest source predates 2020, or whose sources carry no date", async () => {
      const rows = (await run("stale-actors", { before: "2020-01-01" })).rows;
      const ids = rows.map((r) => r.actor);
      expect(ids).toEqual(expect.arrayContaining(["gspc", "hcua", "afisma", "iswap"]));
      expect(ids).not.toContain("minusma"); // cited by the resolution that ended its mandate in June 2023
      expect(ids).not.toContain("mujao"); // cited by the APA article of November 2022
      expect(ids).not.toContain("jnim");
      expect(rows.find((r) => r.actor === "hcua")).toMatchObject({ newestSource: "2019-05-01", sources: 2 });
      expect(rows.find((r) => r.actor === "iswap")).toMatchObject({ newestSource: null });
      expect((await run("stale-actors", { before: "1990-01-01" })).rows.map((r) => r.actor)).toEqual(
        expect.not.arrayContaining(["gspc", "mujao"]),
      );
    });

    it("shortest-path: MUJAO reaches JNIM in two steps, through al-Mourabitoun, Ansar Dine or AQIM", async () => {
      const { rows, graph } = await run("shortest-path", { from: "mujao", to: "jnim" });
      expect(rows.every((r) => r.hops === 2)).toBe(true);
      const via = rows.map((r) => (r.actors as string[]).join(">"));
      expect(via).toEqual(expect.arrayContaining(["mujao>al-mourabitoun>jnim", "mujao>ansar-dine>jnim", "mujao>aqim>jnim"]));
      expect(rows.find((r) => (r.actors as string[])[1] === "al-mourabitoun")).toMatchObject({
        types: ["MERGED_INTO", "PART_OF"],
        relationships: ["mujao-merged_into-al-mourabitoun", "al-mourabitoun-part_of-jnim"],
      });
      expect(graph?.nodes.map((n) => n.key)).toEqual(expect.arrayContaining(["mujao", "al-mourabitoun", "ansar-dine", "aqim", "jnim"]));
      expect((await run("shortest-path", { from: "mujao", to: "no-such-actor" })).rows).toEqual([]);
    });

    it("coalition-members: JNIM's components in 2018, none before it was founded; the Platform grows", async () => {
      const jnim = (await run("coalition-members", { umbrella: "jnim", at: "2018-01-01" })).rows;
      expect(jnim.map((r) => r.member)).toEqual(expect.arrayContaining(["al-mourabitoun", "ansar-dine", "katiba-macina"]));
      expect(jnim.every((r) => r.since != null && (r.since as string) <= "2018-01-01")).toBe(true);
      expect((await run("coalition-members", { umbrella: "jnim", at: "2016-01-01" })).rows).toEqual([]);
      const platform2015 = (await run("coalition-members", { umbrella: "platform", at: "2015-01-01" })).rows.map((r) => r.member);
      expect(platform2015).toContain("gatia");
      expect(platform2015).not.toContain("msa"); // joined in 2019
      const platform2020 = (await run("coalition-members", { umbrella: "platform", at: "2020-01-01" })).rows.map((r) => r.member);
      expect(platform2020).toEqual(expect.arrayContaining(["gatia", "msa"]));
    });

    it("contested-attribution: the Kadji camp attack, alleged against IS Sahel", async () => {
      const rows = (await run("contested-attribution")).rows;
      expect(rows).toContainEqual(
        expect.objectContaining({ event: "kadji-idp-camp-attack-2022-11-21", actor: "is-sahel", attribution: "alleged", fatalities: 11 }),
      );
      const events = new Set(rows.map((r) => r.event));
      for (const e of events) expect(rows.some((r) => r.event === e && r.attribution !== "confirmed")).toBe(true);
      expect(events.has("talataye-battle-occupation-2022-09")).toBe(false);
    });
  });
}

librarySpec(TEST_STORE, async () => {
  const store = await createSeededStore();
  const service = createCypherService({ store, config: LIMITS, model: createReadModelHolder(store) });
  return { service, close: () => store.close() };
});

// What the workbench reads in a query's text: runaway advice that names this query's own constructs, and the rewrite
// that brings stored dates back at their precision (1998, not 1998-01-01), on the seeded store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEditOf } from "../../client/src/core/cypher/index.js";
import { createCypherService } from "../../server/services/cypher.js";
import { applyDatePrecision, runawayAdvice, withDatePrecision } from "../../server/services/cypher-text.js";
import type { Store } from "../../server/store/port.js";
import { createSeededStore } from "../helpers/server.js";

describe("runaway advice", () => {
  it("names an unbounded or deep variable-length pattern where it is, and LIMIT only when missing", () => {
    const unbounded = runawayAdvice("MATCH (a:Actor)-[:SPLINTER_OF*]-(b)\nRETURN a, b");
    expect(unbounded[0]).toMatch(/variable-length pattern at line 1, column 30 has no upper bound/);
    expect(unbounded).toContain("add LIMIT to see the first rows");
    expect(runawayAdvice("MATCH (a)-[*2..]-(b) RETURN a")[0]).toMatch(/no upper bound/);
    expect(runawayAdvice("MATCH (a)-[*..3]-(b) RETURN a")).toEqual([]);
    expect(runawayAdvice("MATCH (a)-[*3]-(b) RETURN a")).toEqual([]);
    const deep = runawayAdvice("MATCH (a:Actor)-[*1..12]-(b:Actor) RETURN count(*) AS n LIMIT 5");
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatch(/goes 12 steps deep/);
    // A count is one row: LIMIT would not help it.
    expect(runawayAdvice("MATCH (a)-[*]-(b) RETURN count(*) AS n")).toHaveLength(1);
  });

  it("names MATCH patterns with nothing joining them, not patterns that share a variable", () => {
    expect(runawayAdvice("MATCH (a:Actor), (b:Actor) RETURN a.id, b.id")[0]).toMatch(/no variable in common/);
    expect(runawayAdvice("MATCH (a)-[:ALLIED_WITH]->(b), (b)-[:RIVAL_OF]->(c) RETURN c")).toEqual([]);
  });

  it("names a large UNWIND range, and says nothing of patterns a plain query lacks", () => {
    expect(runawayAdvice("UNWIND range(1, 1200000) AS x RETURN sum(x) AS s")[0]).toMatch(/builds 1,200,000 rows/);
    expect(runawayAdvice("MATCH (a:Actor {id: 'jnim'})-[r]-(b) RETURN b.id")).toEqual([]);
    // Words in strings, comments and property names are not constructs.
    expect(runawayAdvice("MATCH (a) WHERE a.note = '[*]' // (x), (y)\nRETURN a.limit")).toEqual([]);
  });
});

describe("stored dates at their precision", () => {
  it("extends the final RETURN with the precision of each `v.date` it returns, before ORDER BY", () => {
    const r = withDatePrecision("MATCH (a:Actor) RETURN DISTINCT a.id AS id, a.founded AS founded, r.since\nORDER BY founded");
    expect(r!.query).toBe(
      "MATCH (a:Actor) RETURN DISTINCT a.id AS id, a.founded AS founded, r.since\n, a.foundedPrecision AS __faultlines_precision_0, r.sincePrecision AS __faultlines_precision_1 ORDER BY founded",
    );
    expect(r!.dates).toEqual([
      { column: "founded", precision: "__faultlines_precision_0" },
      { column: "r.since", precision: "__faultlines_precision_1" },
    ]);
    // At the end of the text, and never inside a trailing comment.
    expect(withDatePrecision("MATCH (e:Event) RETURN e.date AS `day`")!.query).toBe(
      "MATCH (e:Event) RETURN e.date AS `day`, e.datePrecision AS __faultlines_precision_0 ",
    );
    expect(withDatePrecision("MATCH (a) RETURN a.founded AS f // note")!.query).toMatch(/^MATCH \(a\) RETURN a\.founded AS f, a\.foundedPrecision AS \S+\s+\/\/ note$/);
  });

  it("leaves alone queries without a plain stored date, with UNION or RETURN *, and a subquery's RETURN", () => {
    expect(withDatePrecision("MATCH (a) RETURN a.id, min(a.founded) AS first")).toBeNull();
    expect(withDatePrecision("MATCH (a) RETURN a.founded UNION MATCH (b) RETURN b.founded")).toBeNull();
    expect(withDatePrecision("MATCH (a) RETURN *")).toBeNull();
    expect(withDatePrecision("CALL { MATCH (a) RETURN a.founded AS f } RETURN count(*) AS n")).toBeNull();
  });

  it("writes each date at its precision and drops the extra columns", () => {
    const out = applyDatePrecision(
      ["id", "founded", "p"],
      [
        { id: "gspc", founded: "1998-01-01", p: "year" },
        { id: "x", founded: "2011-10-01", p: "month" },
        { id: "y", founded: "2017-03-02", p: "day" },
        { id: "z", founded: null, p: null },
      ],
      [{ column: "founded", precision: "p" }],
    );
    expect(out.columns).toEqual(["id", "founded"]);
    expect(out.rows.map((r) => r.founded)).toEqual(["1998", "2011-10", "2017-03-02", null]);
  });

  describe("on the seeded store", () => {
    let store: Store;
    beforeAll(async () => {
      store = await createSeededStore();
    });
    afterAll(() => store.close());

    it("answers 1998 for a year, and the saved lineage query's `since` as the seeds write it", async () => {
      const cypher = createCypherService({ store, config: { CYPHER_TIMEOUT_MS: 5_000, CYPHER_MAX_ROWS: 100 } });
      const one = await cypher.run({ query: "MATCH (a:Actor {id: 'gspc'}) RETURN a.id AS id, a.founded AS founded" });
      expect(one.columns).toEqual(["id", "founded"]);
      expect(one.rows).toEqual([{ id: "gspc", founded: "1998" }]);
      const lineage = await cypher.runSaved("actor-lineage", { actor: "gspc" });
      expect(lineage.columns).not.toContain("__faultlines_precision_0");
      const split = lineage.rows.find((r) => r.relationship === "gspc-splinter_of-gia");
      expect(split?.since).toBe("1998");
    });

    it("runs the query as written when the engine refuses the extension", async () => {
      const cypher = createCypherService({ store, config: { CYPHER_TIMEOUT_MS: 5_000, CYPHER_MAX_ROWS: 100 } });
      // A literal map has no precision property to read beside its `since`.
      const res = await cypher.run({ query: "WITH {since: '1998-01-01'} AS m RETURN m.since AS since" });
      expect(res.rows).toEqual([{ since: "1998-01-01" }]);
    });
  });
});

describe("a saved query, edited or replaced", () => {
  const lineage = `MATCH (a:Actor {id: $actor})-[:SPLINTER_OF|MERGED_INTO*0..4]-(b:Actor)
WITH DISTINCT b
MATCH (b)-[r:SPLINTER_OF|MERGED_INTO]->(c:Actor)
RETURN DISTINCT b.id AS from, b.name AS fromName, label(r) AS type, c.id AS to, c.name AS toName, r.since AS since`;
  it("is still the saved query with a clause added or a name changed", () => {
    expect(isEditOf(lineage, lineage)).toBe(true);
    expect(isEditOf(lineage, `${lineage}\nLIMIT 3`)).toBe(true);
    expect(isEditOf(lineage, lineage.replace("MERGED_INTO*0..4", "MERGED_INTO*0..2").replace("$actor", "'gspc'"))).toBe(true);
  });
  it("is another query once the text is replaced or emptied, even one with the same keywords", () => {
    expect(isEditOf(lineage, "MATCH (a:Actor {id: 'gspc'}) RETURN a.id AS id, a.founded AS founded")).toBe(false);
    expect(isEditOf(lineage, "")).toBe(false);
    expect(isEditOf(lineage, "MATCH (x)-[r:ALLIED_WITH]->(y) RETURN DISTINCT x, y")).toBe(false);
  });
});

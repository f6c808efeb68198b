// Every statement the Neo4j store runs, checked by Neo4j's own Cypher 5 front end (parser and semantic analysis, from
// @neo4j-cypher/language-support): no Neo4j server runs here, so this is how the shared query text is held to Neo4j 5.
import { isNotParamError, lintCypherQuery } from "@neo4j-cypher/language-support";
import { describe, expect, it } from "vitest";
import { RELATIONSHIP_TYPES } from "../../../server/domain/index.js";
import {
  NODE_LABELS,
  QUERY_NAMES,
  createQueryBook,
  loadQueryFiles,
  loadSchema,
  type QueryFlag,
  type QueryName,
} from "../../../server/store/query-book.js";

/** Errors (severity 1) that Neo4j 5 would raise for this text; parameters are declared at run time, so not checked. */
function neo4jErrors(text: string): string[] {
  return lintCypherQuery(`CYPHER 5 ${text}`, {})
    .diagnostics.map((d) => ({
      severity: d.severity,
      message: typeof d.message === "string" ? d.message : d.message.value,
    }))
    .filter((d) => d.severity === 1 && isNotParamError(d))
    .map((d) => d.message);
}

/** Where a statement starts (readEvents sets exactly one of these whenever the file has them). */
const STARTS: readonly QueryFlag[] = ["days", "actorfirst"];

/**
 * Each query with its substitutions: every node label, the first and last relationship type (the types are all
 * plain UPPER_SNAKE names, so the rest parse alike; linting is slow, about 0.2 s a statement), and its optional lines:
 * each start flag it has (or none) alone and with every other flag it has.
 */
function expansions(name: QueryName): { label: string; text: string }[] {
  const book = createQueryBook("neo4j");
  const files = loadQueryFiles().filter((f) => f.name === name);
  const raw = files.find((f) => f.engine !== "embedded")!.text;
  if (raw.includes("__TYPE__")) {
    const types = RELATIONSHIP_TYPES;
    return [types[0], types[types.length - 1]].map((type) => ({ label: type, text: book.text(name, { type }) }));
  }
  if (raw.includes("__LABEL__")) return NODE_LABELS.map((label) => ({ label, text: book.text(name, { label }) }));
  const own = (files.find((f) => f.engine === "neo4j") ?? files.find((f) => f.engine === "any"))!.text;
  const flags = [...new Set([...own.matchAll(/^\?([a-z]+) /gm)].map((m) => m[1] as QueryFlag))];
  const starts = flags.filter((f) => STARTS.includes(f));
  const others = flags.filter((f) => !STARTS.includes(f));
  const sets = (starts.length ? starts.map((f) => [f]) : [[]]).flatMap((set) =>
    others.length ? [set, [...set, ...others]] : [set],
  );
  return sets.map((set) => ({ label: set.join("+") || "-", text: book.text(name, { order: "desc", flags: set }) }));
}

describe("Neo4j 5 dialect of the query book", () => {
  it("recognises a statement Neo4j rejects (the check can fail)", () => {
    // The embedded override of places-create: LadybugDB's CAST(x AS DOUBLE) is not Neo4j Cypher.
    const embeddedOnly = createQueryBook("embedded").text("places-create");
    expect(neo4jErrors(embeddedOnly).length).toBeGreaterThan(0);
    expect(neo4jErrors("MATCH (a:Actor) RETURN size((a)--()) AS degree")[0]).toMatch(/COUNT \{\}/);
    expect(neo4jErrors("COPY Actor FROM 'actors.csv'").length).toBeGreaterThan(0);
  });

  it.each(QUERY_NAMES.map((n) => [n]))("%s is valid Neo4j 5 Cypher for every substitution", (name) => {
    for (const { label, text } of expansions(name))
      expect({ label, errors: neo4jErrors(text) }).toEqual({ label, errors: [] });
  });

  it("has a valid Neo4j 5 schema", () => {
    const ddl = loadSchema("neo4j");
    expect(ddl.length).toBeGreaterThan(0);
    for (const statement of ddl)
      expect({ statement, errors: neo4jErrors(statement) }).toEqual({ statement, errors: [] });
  });
});

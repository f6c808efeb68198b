// The workbench's read guard on Neo4j. A READ transaction refuses writes but still runs LOAD CSV (server files, URLs),
// procedures that change or reveal server state (db.stats.collect and db.resampleIndex count as READ) and commands
// typed as reads (SHOW SETTINGS, TERMINATE TRANSACTIONS). So every statement is EXPLAINed and its plan checked here.
import type { Plan } from "neo4j-driver";
import { ReadOnlyViolationError } from "../../domain/index.js";

/**
 * Catalog procedures an analyst may CALL on Neo4j. An allow-list, so that a procedure added by a later server version
 * or a plugin is refused until someone has looked at it (dbms.components is harmless but tells the exact version).
 */
export const NEO4J_CALLABLE = [
  "db.labels",
  "db.relationshipTypes",
  "db.propertyKeys",
  "db.schema.visualization",
  "db.schema.nodeTypeProperties",
  "db.schema.relTypeProperties",
] as const;

/** Commands (their plan operators) an analyst may run: listings of the schema and of the callables. */
export const NEO4J_COMMANDS = ["ShowIndexes", "ShowConstraints", "ShowProcedures", "ShowFunctions"] as const;

/** ResultSummary.queryType of a pure read ('rw', 'w' and 's' (schema, dbms) do more); neo4j-driver has no constant. */
const READ_ONLY_QUERY_TYPE = "r";

const isCallable = (name: string) => NEO4J_CALLABLE.some((p) => p.toLowerCase() === name.toLowerCase());

export interface Token {
  /** A word as written, a `quoted` name unquoted, a number or one punctuation character. */
  text: string;
  kind: "word" | "quoted" | "number" | "punct";
  offset: number;
}

/** The statement's tokens; string literals and comments are skipped, so that neither can trip nor hide a check. */
export function cypherTokens(query: string): Token[] {
  const re =
    /'(?:[^'\\]|\\[\s\S])*'?|"(?:[^"\\]|\\[\s\S])*"?|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|`((?:[^`]|``)*)`?|([\p{L}_][\p{L}\p{N}_]*)|(\d+(?:\.\d+)?)|(\S)/gu;
  const tokens: Token[] = [];
  for (const m of query.matchAll(re)) {
    const offset = m.index;
    if (m[1] !== undefined) tokens.push({ text: m[1].replace(/``/g, "`"), kind: "quoted", offset });
    else if (m[2] !== undefined) tokens.push({ text: m[2], kind: "word", offset });
    else if (m[3] !== undefined) tokens.push({ text: m[3], kind: "number", offset });
    else if (m[4] !== undefined) tokens.push({ text: m[4], kind: "punct", offset });
  }
  return tokens;
}

const isName = (t: Token | undefined) => t !== undefined && (t.kind === "word" || t.kind === "quoted");
const isWord = (t: Token | undefined, word: string) =>
  t !== undefined && t.kind === "word" && t.text.toUpperCase() === word;

/** The procedures a statement CALLs, as written (`db`.`labels` → db.labels); CALL { } and CALL (x) { } are subqueries. */
export function calledProcedures(query: string): string[] {
  const tokens = cypherTokens(query);
  const names: string[] = [];
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    // n.call, $call, :Call and `AS call` are names, not the clause.
    if (!isWord(t, "CALL") || (prev && [".", "$", ":"].includes(prev.text)) || isWord(prev, "AS")) return;
    let j = i + 1;
    if (!isName(tokens[j])) return;
    const parts = [tokens[j].text];
    while (tokens[j + 1]?.text === "." && isName(tokens[j + 2])) {
      parts.push(tokens[j + 2].text);
      j += 2;
    }
    names.push(parts.join("."));
  });
  return names;
}

function refuseCall(name: string): never {
  throw new ReadOnlyViolationError(
    `the Cypher workbench only CALLs catalog procedures on Neo4j (${NEO4J_CALLABLE.join(", ")}); ${name} is not one of them`,
  );
}

const LOAD_CSV = "the Cypher workbench is read-only and does not run LOAD CSV (it reads server files and fetches URLs)";

/**
 * The checks the query text allows before any round trip: every CALLed procedure is on the allow-list and there is no
 * LOAD CSV, whatever the prefix (EXPLAIN, PROFILE, CYPHER options), case, spacing, comments or backticks.
 */
export function assertNeo4jStatement(query: string): void {
  const tokens = cypherTokens(query);
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (isWord(t, "LOAD") && isWord(tokens[i + 1], "CSV") && !(prev && [".", "$", ":"].includes(prev.text)))
      throw new ReadOnlyViolationError(LOAD_CSV);
  });
  for (const name of calledProcedures(query)) if (!isCallable(name)) refuseCall(name);
}

/**
 * The statement with EXPLAIN in front, so that the server plans it without running it. A leading PROFILE becomes
 * EXPLAIN in place (same length: positions hold); otherwise `EXPLAIN ` goes first (Neo4j takes it before CYPHER
 * options too) and `shift` says by how much the server's positions are off.
 */
export function explainForm(query: string): { text: string; shift: number } {
  const tokens = cypherTokens(query);
  let i = 0;
  if (isWord(tokens[0], "CYPHER")) {
    i = 1;
    // CYPHER 5 runtime=slotted planner=cost …
    for (;;) {
      if (tokens[i]?.kind === "number") i += 1;
      else if (isName(tokens[i]) && tokens[i + 1]?.text === "=" && tokens[i + 2] && tokens[i + 2].kind !== "punct")
        i += 3;
      else break;
    }
  }
  const head = tokens[i];
  if (isWord(head, "EXPLAIN")) return { text: query, shift: 0 };
  if (isWord(head, "PROFILE"))
    return { text: `${query.slice(0, head.offset)}EXPLAIN${query.slice(head.offset + 7)}`, shift: 0 };
  return { text: `EXPLAIN ${query}`, shift: "EXPLAIN ".length };
}

/** Every operator of a plan, with its Details argument (which names a called procedure). */
function operators(plan: Plan | false): { type: string; details: string }[] {
  if (!plan) return [];
  const details = plan.arguments?.Details;
  return [
    // ProduceResults@neo4j: the operator, then the database it runs on.
    { type: plan.operatorType.split("@")[0], details: typeof details === "string" ? details : "" },
    ...plan.children.flatMap((c) => operators(c)),
  ];
}

/** SHOW SETTINGS from ShowSettings. */
const commandWords = (operator: string) => operator.replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();

/**
 * Throws ReadOnlyViolationError unless the EXPLAINed statement only reads the graph: no LOAD CSV, no procedure off
 * the allow-list, no command but the listings, and the server types it as a read.
 */
export function assertReadOnlyPlan(summary: { queryType: string; plan: Plan | false }): void {
  const ops = operators(summary.plan);
  for (const op of ops) {
    if (/^LoadCSV/i.test(op.type)) throw new ReadOnlyViolationError(LOAD_CSV);
    if (/^ProcedureCall/i.test(op.type)) {
      const name = /^\s*([^\s(]+)\s*\(/.exec(op.details)?.[1] ?? "that procedure";
      if (!isCallable(name)) refuseCall(name);
    }
  }
  for (const op of ops) {
    if (op.type === "AdministrationCommand")
      throw new ReadOnlyViolationError("the Cypher workbench is read-only: administration commands are not allowed");
    if (/^(Show|Terminate)/.test(op.type) && !(NEO4J_COMMANDS as readonly string[]).includes(op.type)) {
      throw new ReadOnlyViolationError(
        `the Cypher workbench is read-only: ${commandWords(op.type)} is not allowed (it shows or changes server state); ${NEO4J_COMMANDS.map(commandWords).join(", ")} are`,
      );
    }
  }
  if (summary.queryType !== READ_ONLY_QUERY_TYPE)
    throw new ReadOnlyViolationError("the Cypher workbench is read-only: this statement writes");
}

/**
 * The server's position in an error about the EXPLAIN form, moved back onto the analyst's query: in the
 * "(line 2, column 1 (offset: 24))" text, its quoted excerpt and caret, and as a value.
 */
export function unshiftPosition(
  query: string,
  message: string,
  shift: number,
): { message: string; position?: { line: number; column: number; offset: number } } {
  const m = /\(line (\d+), column (\d+) \(offset: (\d+)\)\)(\n"[^\n]*"\n *\^)?/.exec(message);
  if (!m) return { message };
  const offset = Math.min(Math.max(Number(m[3]) - shift, 0), query.length);
  const before = query.slice(0, offset).split("\n");
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  const excerpt = m[4] === undefined ? "" : `\n"${query.split("\n")[line - 1]}"\n${" ".repeat(column)}^`;
  const text = `(line ${line}, column ${column} (offset: ${offset}))${excerpt}`;
  return {
    message: message.slice(0, m.index) + text + message.slice(m.index + m[0].length),
    position: { line, column, offset },
  };
}

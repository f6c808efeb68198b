// What the embedded engine's isReadOnly() lets through but the workbench must not run: statements that read or write
// server files (LOAD FROM, COPY, EXPORT/IMPORT DATABASE, ATTACH), transaction control on a shared reader connection
// (BEGIN/COMMIT/ROLLBACK), CHECKPOINT, extensions and connection settings (CALL timeout=0). Checked before prepare().
import { ReadOnlyViolationError } from "../../domain/index.js";

/**
 * The statement's tokens outside string literals, comments and `quoted` names; words upper-cased. With
 * `keepLiterals`, each string literal is one token, verbatim with its quotes (for checking a CALL's argument).
 */
export function statementTokens(query: string, options: { keepLiterals?: boolean } = {}): string[] {
  // Literals and comments are dropped so that neither a quoted 'COPY' nor a comment can trip or hide the check.
  const re = /('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|`[^`]*`|\/\/[^\n]*|\/\*[\s\S]*?\*\/|([A-Za-z_][A-Za-z0-9_]*|\S)/g;
  const tokens: string[] = [];
  for (const [, literal, token] of query.matchAll(re)) {
    if (literal && options.keepLiterals) tokens.push(literal);
    else if (token) tokens.push(token.toUpperCase());
  }
  return tokens;
}

/**
 * Commands that can only open a statement and that isReadOnly() does not (all) catch. Anything else goes to the
 * engine: its parser answers a typo ("RETRN") and isReadOnly() answers CREATE, MERGE, SET, DELETE and DDL.
 */
const COMMAND_WORDS = new Set([
  "COPY",
  "EXPORT",
  "IMPORT",
  "ATTACH",
  "DETACH",
  "USE",
  "INSTALL",
  "UNINSTALL",
  "LOAD",
  "CHECKPOINT",
  "BEGIN",
  "COMMIT",
  "ROLLBACK",
]);
const isWord = (t: string | undefined) => t !== undefined && /^[A-Z_]/.test(t);

/** Throws ReadOnlyViolationError for a statement the workbench must not run, whatever isReadOnly() says. */
export function assertWorkbenchStatement(query: string): void {
  const tokens = statementTokens(query);
  const refuse = (what: string): never => {
    throw new ReadOnlyViolationError(`the Cypher workbench is read-only: ${what} is not allowed`);
  };
  let start = 0;
  while (tokens[start] === "EXPLAIN" || tokens[start] === "PROFILE") start++;
  if (start === tokens.length) return; // empty text: the engine's parser gives the clear error
  if (COMMAND_WORDS.has(tokens[start])) refuse(`${tokens[start]} (not a query)`);
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t === ";" && tokens.slice(i + 1).some(isWord)) refuse("more than one statement");
    if (!isWord(t) || prev === "." || prev === "$" || prev === ":") return; // n.copy, $load, :Copy are names
    if (t === "LOAD" && (next === "FROM" || next === "WITH" || next === "EXTENSION"))
      refuse("LOAD (it reads server files)");
    // `CALL timeout=0` sets a connection option; `CALL show_tables()` is a table function and fine.
    if (t === "CALL" && isWord(next) && tokens[i + 2] === "=") refuse("CALL <option>=<value>");
  });
}

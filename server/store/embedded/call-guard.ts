// The workbench's table-function gate for the embedded engine, checked before the statement reaches prepare():
// LadybugDB 0.19 segfaults the whole process while *preparing* `CALL read_csv_serial(…)`/`read_parquet(…)`/`read_npy(…)`,
// and isReadOnly() calls these readers of server files "read-only". Writes stay refused by the engine (isReadOnly).
import { ReadOnlyViolationError } from "../../domain/index.js";
import { statementTokens } from "./read-guard.js";

/**
 * Catalog and introspection table functions an analyst may CALL on the embedded engine. An allow-list, so that a
 * function added by a later engine version (or an extension) is refused until someone has looked at it.
 */
export const EMBEDDED_CALLABLE = [
  "SHOW_TABLES",
  "TABLE_INFO",
  "SHOW_CONNECTION",
  "SHOW_FUNCTIONS",
  "SHOW_INDEXES",
  "SHOW_MACROS",
  "SHOW_SEQUENCES",
  "SHOW_WARNINGS",
  "SHOW_GRAPHS",
  "SHOW_PROJECTED_GRAPHS",
  "SHOW_LOADED_EXTENSIONS",
  "SHOW_OFFICIAL_EXTENSIONS",
  "SHOW_ATTACHED_DATABASES",
  "CURRENT_SETTING",
  "DB_VERSION",
  "STORAGE_VERSION",
  "CATALOG_VERSION",
  "STATS_INFO",
] as const;

/** Throws ReadOnlyViolationError when an embedded statement CALLs anything outside EMBEDDED_CALLABLE. */
export function assertEmbeddedCalls(query: string): void {
  const tokens = statementTokens(query);
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (t !== "CALL" || prev === "." || prev === "$" || prev === ":") return;
    const name = tokens[i + 1];
    // CALL { … } subqueries do not parse on this engine: the parser's error (and its rewrite hint) say so.
    if (name === "{") return;
    // A `quoted` name is blanked by the tokenizer, so the next token is '(' and the call is refused: no way around the list.
    if (!name || !(EMBEDDED_CALLABLE as readonly string[]).includes(name) || tokens[i + 2] !== "(") {
      if (name && tokens[i + 2] === ".") {
        throw new ReadOnlyViolationError(
          `${name.toLowerCase()}.* procedures are Neo4j's: on the embedded store use catalog functions, e.g. CALL show_tables() RETURN * or CALL table_info('Actor') RETURN *`,
        );
      }
      const shown = name && /^[A-Z_]/.test(name) ? name.toLowerCase() : "that";
      throw new ReadOnlyViolationError(
        `the Cypher workbench only CALLs catalog functions on the embedded store (${EMBEDDED_CALLABLE.map((f) => f.toLowerCase()).join(", ")}); ${shown} is not one of them`,
      );
    }
  });
}

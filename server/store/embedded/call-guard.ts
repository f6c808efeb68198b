// The workbench's table-function gate for the embedded engine, checked before the statement reaches prepare():
// LadybugDB 0.19 segfaults the whole process while *preparing* `CALL read_csv_serial(…)`/`read_parquet(…)`/`read_npy(…)`,
// and isReadOnly() calls these readers of server files "read-only". Writes stay refused by the engine (isReadOnly).
// current_setting() is let through only for settings that name no server path (home_directory would).
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

/**
 * The settings current_setting() may read: tuning knobs. Not home_directory or file_search_path (server paths), nor
 * settings a later engine version adds, until someone has looked at them.
 */
export const EMBEDDED_READABLE_SETTINGS = [
  "threads",
  "timeout",
  "progress_bar",
  "var_length_extend_max_depth",
  "enable_semi_mask",
  "disable_map_key_check",
  "enable_zone_map",
  "spill_to_disk",
  "checkpoint_threshold",
  "warning_limit",
  "auto_checkpoint",
  "force_checkpoint_on_close",
  "enable_plan_optimizer",
  "recursive_pattern_semantic",
  "recursive_pattern_factor",
  "enable_internal_catalog",
] as const;

/** current_setting('<name>') with one literal naming a readable setting; anything computed could name any setting. */
function assertReadableSetting(tokens: string[], i: number): void {
  const literal = tokens[i + 3];
  const name = /^(['"])([A-Za-z_]+)\1$/.exec(literal ?? "")?.[2]?.toLowerCase();
  if (tokens[i + 4] === ")" && name && (EMBEDDED_READABLE_SETTINGS as readonly string[]).includes(name)) return;
  throw new ReadOnlyViolationError(
    `current_setting() reads only these settings, named by a literal: ${EMBEDDED_READABLE_SETTINGS.join(", ")} (others can reveal server paths)`,
  );
}

/** Throws ReadOnlyViolationError when an embedded statement CALLs anything outside EMBEDDED_CALLABLE. */
export function assertEmbeddedCalls(query: string): void {
  const tokens = statementTokens(query, { keepLiterals: true });
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
    if (name === "CURRENT_SETTING") assertReadableSetting(tokens, i);
  });
}

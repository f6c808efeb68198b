// The Cypher workbench's pure logic (no DOM): query history kept in the browser, parameter forms (which $params a query
// uses, form text to typed values), the explorer link for a result graph, and cell text for the table.
import type { LibraryParam } from "../../../../server/services/cypher-library.js";
import { DEFAULT_VIEW, encodeViewState } from "../url-state/index.js";

/** A saved query's declared parameter, as GET /api/cypher/library sends it (the server's header type). */
export type ParamSpec = LibraryParam;

export interface HistoryEntry {
  query: string;
  params: Record<string, unknown>;
  /** ISO time the query last ran. */
  at: string;
  ok: boolean;
  rows?: number;
  /** The saved query it came from, if any. */
  saved?: string;
}

export const HISTORY_KEY = "faultlines.cypher.history";
export const HISTORY_MAX = 30;

/** `$name` parameters a query uses, in order of first use (string literals and comments ignored). */
export function usedParams(query: string): string[] {
  const bare = query.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, " ");
  return [...new Set([...bare.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}

/**
 * The form fields for a query: its $params, typed by the saved query's header where one declares them (string
 * otherwise), each with its current value kept, else the declared default.
 */
export function paramFields(
  query: string,
  declared: readonly ParamSpec[],
  current: Record<string, string>,
): { spec: ParamSpec; value: string }[] {
  return usedParams(query).map((name) => {
    const spec = declared.find((p) => p.name === name) ?? { name, type: "string" as const, default: null, description: "" };
    const value = current[name] ?? (spec.default === null ? "" : String(spec.default));
    return { spec, value };
  });
}

/**
 * Form text to the value sent. Declared types convert as the server's header would; an undeclared parameter is
 * read as JSON when it is JSON (numbers, lists, true/false, "quoted"), as text otherwise.
 */
export function toParamValue(spec: ParamSpec, text: string, declared: boolean): unknown {
  const t = text.trim();
  if (!declared) {
    if (t === "") return "";
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  if (t === "") return null;
  if (spec.type === "int" || spec.type === "float") return Number(t);
  if (spec.type === "boolean") return t === "true";
  return t;
}

/** History after running `entry`: newest first, the same query and parameters once, at most HISTORY_MAX. */
export function addToHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const same = (h: HistoryEntry) => h.query.trim() === entry.query.trim() && JSON.stringify(h.params) === JSON.stringify(entry.params);
  return [entry, ...history.filter((h) => !same(h))].slice(0, HISTORY_MAX);
}

/** Parses stored history; anything malformed is dropped (storage is user-editable), never thrown. */
export function parseHistory(raw: string | null): HistoryEntry[] {
  if (!raw) return [];
  try {
    const data = JSON.parse(raw);
    if (!Array.isArray(data)) return [];
    return data
      .filter(
        (h): h is HistoryEntry =>
          !!h &&
          typeof h.query === "string" &&
          typeof h.at === "string" &&
          typeof h.ok === "boolean" &&
          typeof h.params === "object" &&
          h.params !== null &&
          !Array.isArray(h.params),
      )
      .slice(0, HISTORY_MAX);
  } catch {
    return [];
  }
}

/** The explorer showing these actors (its URL state: whole history, focus on them). */
export function explorerHref(actorIds: readonly string[], base = "/"): string {
  const ids = [...new Set(actorIds)].sort();
  return `${base}?${encodeViewState({ ...DEFAULT_VIEW, at: null, focus: ids.length ? ids : null })}`;
}

/** A table cell as text: strings as they are, null as empty, nodes/relationships by their id, the rest as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const o = value as { kind?: string; label?: string; type?: string; properties?: Record<string, unknown> };
  if (o && (o.kind === "node" || o.kind === "relationship") && o.properties) {
    const id = typeof o.properties.id === "string" ? o.properties.id : "";
    return `${o.kind === "node" ? `(:${o.label})` : `[:${o.type}]`} ${id}`.trim();
  }
  return JSON.stringify(value);
}

export interface ProblemView {
  title: string;
  message: string;
  position?: { line: number; column: number; offset: number };
  hints: { construct: string; message: string; position: { line: number; column: number; offset: number } }[];
}

/** A problem+json body as the error panel shows it. */
export function toProblemView(status: number, body: unknown): ProblemView {
  const b = (body ?? {}) as Record<string, unknown>;
  const hints = Array.isArray(b.hints) ? (b.hints as ProblemView["hints"]) : [];
  const pos = b.position as ProblemView["position"] | undefined;
  return {
    title: `${typeof b.title === "string" ? b.title : "Error"} (${typeof b.code === "string" ? b.code : status})`,
    message: typeof b.detail === "string" ? b.detail : `HTTP ${status}`,
    ...(pos && typeof pos.line === "number" ? { position: pos } : {}),
    hints,
  };
}

const KEYWORDS = new Set(
  "MATCH OPTIONAL WHERE WITH RETURN DISTINCT ORDER BY ASC DESC SKIP LIMIT AS AND OR NOT IN IS NULL UNWIND CALL YIELD CASE WHEN THEN ELSE END COUNT TRUE FALSE".split(
    " ",
  ),
);
/** The words of a query that say what it is about: names, labels, properties, literals (not the Cypher keywords). */
function topicWords(query: string): string[] {
  const bare = query.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, " ");
  return (bare.match(/[\p{L}_][\p{L}\p{N}_-]*|\d[\d-]*/gu) ?? []).filter((w) => !KEYWORDS.has(w.toUpperCase()));
}

/**
 * Is `text` still the saved query, edited (a parameter, a clause added), rather than replaced by another query? Yes
 * while at least half of the saved query's own words are still there.
 */
export function isEditOf(saved: string, text: string): boolean {
  const words = topicWords(saved);
  if (!text.trim()) return false;
  if (!words.length) return true;
  const left = new Map<string, number>();
  for (const w of topicWords(text)) left.set(w, (left.get(w) ?? 0) + 1);
  let kept = 0;
  for (const w of words) {
    const n = left.get(w) ?? 0;
    if (n > 0) {
      kept++;
      left.set(w, n - 1);
    }
  }
  return kept * 2 >= words.length;
}

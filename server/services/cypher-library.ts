// The saved-query library: cypher/library/<name>[.embedded|.neo4j].cypher, each with a header naming its title,
// description, typed parameters with defaults and columns; the variant for the engine in use is picked per name.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { InvalidInputError, NotFoundError, isValidPartialDate } from "../domain/index.js";
import { ENGINES, REPO_ROOT, type Engine } from "../store/query-book.js";

export const LIBRARY_DIR = path.join(REPO_ROOT, "cypher/library");

export const LIBRARY_PARAM_TYPES = ["string", "date", "int", "float", "boolean"] as const;
export type LibraryParamType = (typeof LIBRARY_PARAM_TYPES)[number];

export interface LibraryParam {
  name: string;
  type: LibraryParamType;
  default: string | number | boolean | null;
  description: string;
}

export interface LibraryVariant {
  engine: Engine | "any";
  file: string;
  text: string;
  /** Why this variant differs from the other engine's (the `// engine:` header line), if it does. */
  note?: string;
}

export interface LibraryQuery {
  name: string;
  title: string;
  description: string;
  params: LibraryParam[];
  columns: string[];
  variants: LibraryVariant[];
}

/** `// param: at date = "2012-03-01" -- the as-of day`: name, type, JSON default, description. */
const PARAM_RE = /^([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)(?:\s*=\s*(.+?))?(?:\s+--\s+(.*))?$/;
const FILE_RE = /^([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(embedded|neo4j))?\.cypher$/;

function fail(file: string, message: string): never {
  throw new InvalidInputError(`cypher library: ${file}: ${message}`);
}

/** Checks and converts one parameter value to the type the header declares. */
export function coerceParam(p: LibraryParam, raw: unknown, where = p.name): string | number | boolean | null {
  if (raw === null || raw === undefined) return null;
  const text = typeof raw === "string" ? raw.trim() : raw;
  switch (p.type) {
    case "string":
      if (typeof text !== "string") throw new InvalidInputError(`${where}: expected a string`);
      return text;
    case "date":
      // Stored dates are ISO days, compared as strings; a partial date would compare wrongly, so only days pass.
      if (typeof text !== "string" || text.length !== 10 || !isValidPartialDate(text)) {
        throw new InvalidInputError(`${where}: expected a day as YYYY-MM-DD, got ${JSON.stringify(raw)}`);
      }
      return text;
    case "int": {
      const n = typeof text === "number" ? text : Number(text);
      if (text === "" || !Number.isInteger(n))
        throw new InvalidInputError(`${where}: expected an integer, got ${JSON.stringify(raw)}`);
      return n;
    }
    case "float": {
      const n = typeof text === "number" ? text : Number(text);
      if (text === "" || !Number.isFinite(n))
        throw new InvalidInputError(`${where}: expected a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case "boolean":
      if (text === true || text === "true") return true;
      if (text === false || text === "false") return false;
      throw new InvalidInputError(`${where}: expected true or false, got ${JSON.stringify(raw)}`);
  }
}

/** `$name` parameters used in a query body (outside string literals and comments). */
export function usedParams(text: string): string[] {
  const bare = text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\/\/[^\n]*/g, " ");
  return [...new Set([...bare.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))].sort();
}

interface ParsedFile {
  name: string;
  engine: Engine | "any";
  title: string;
  description: string;
  params: LibraryParam[];
  columns: string[];
  variant: LibraryVariant;
}

export function parseLibraryFile(file: string, content: string): ParsedFile {
  const m = FILE_RE.exec(file);
  if (!m) fail(file, "the name must be <kebab-name>[.embedded|.neo4j].cypher");
  const lines = content.split("\n");
  const header = lines.filter((l) => l.startsWith("//")).map((l) => l.replace(/^\/\/\s?/, ""));
  const one = (key: string, required: boolean): string | undefined => {
    const found = header.filter((l) => l.startsWith(`${key}:`));
    if (found.length > 1) fail(file, `more than one '// ${key}:' line`);
    if (!found.length && required) fail(file, `no '// ${key}:' header line`);
    return found[0]?.slice(key.length + 1).trim();
  };
  const params = header
    .filter((l) => l.startsWith("param:"))
    .map((l) => {
      const pm = PARAM_RE.exec(l.slice("param:".length).trim());
      if (!pm) fail(file, `bad param line '${l}' (expected: param: <name> <type> = <JSON default> -- <description>)`);
      const type = pm[2] as LibraryParamType;
      if (!LIBRARY_PARAM_TYPES.includes(type))
        fail(file, `param ${pm[1]}: unknown type '${pm[2]}' (${LIBRARY_PARAM_TYPES.join(", ")})`);
      let def: unknown = null;
      if (pm[3] !== undefined) {
        try {
          def = JSON.parse(pm[3]);
        } catch {
          fail(file, `param ${pm[1]}: the default ${pm[3]} is not JSON`);
        }
      }
      const param: LibraryParam = { name: pm[1], type, default: null, description: pm[4]?.trim() ?? "" };
      try {
        param.default = coerceParam(param, def);
      } catch (err) {
        fail(file, `param ${pm[1]}: default: ${(err as Error).message}`);
      }
      return param;
    });
  const text = lines
    .filter((l) => !l.startsWith("//"))
    .join("\n")
    .trim();
  if (!text) fail(file, "no query text");
  if (text.includes(";")) fail(file, "one statement per file, without ';'");
  const declared = params.map((p) => p.name).sort();
  const used = usedParams(text);
  if (declared.join(",") !== used.join(",")) {
    fail(file, `declared params [${declared.join(", ")}] differ from the $params the query uses [${used.join(", ")}]`);
  }
  const columns = (one("columns", true) ?? "")
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  const engine = (m[2] ?? "any") as Engine | "any";
  const note = one("engine", false);
  if (engine !== "any" && !note) fail(file, "a per-engine variant needs an '// engine:' line saying why it differs");
  return {
    name: m[1],
    engine,
    title: one("title", true)!,
    description: one("description", true)!,
    params,
    columns,
    variant: { engine, file, text, ...(note ? { note } : {}) },
  };
}

/** Reads and checks every file; variants of one name must agree on title, params and columns. */
export function loadLibrary(dir = LIBRARY_DIR): LibraryQuery[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cypher"))
    .sort();
  const byName = new Map<string, ParsedFile[]>();
  for (const f of files) {
    const parsed = parseLibraryFile(f, readFileSync(path.join(dir, f), "utf8"));
    byName.set(parsed.name, [...(byName.get(parsed.name) ?? []), parsed]);
  }
  return [...byName.entries()].map(([name, parsed]) => {
    const [first] = parsed;
    const sig = (p: ParsedFile) => JSON.stringify([p.title, p.params, p.columns]);
    for (const p of parsed) {
      if (sig(p) !== sig(first)) fail(p.variant.file, `title, params and columns must match ${first.variant.file}`);
    }
    const engines = parsed.map((p) => p.engine);
    if (engines.includes("any") && engines.length > 1) fail(name, "has both a shared file and per-engine variants");
    if (!engines.includes("any")) {
      for (const e of ENGINES) if (!engines.includes(e)) fail(name, `has per-engine variants but none for ${e}`);
    }
    return {
      name,
      title: first.title,
      description: first.description,
      params: first.params,
      columns: first.columns,
      variants: parsed.map((p) => p.variant),
    };
  });
}

export function variantFor(q: LibraryQuery, engine: Engine): LibraryVariant {
  return q.variants.find((v) => v.engine === engine) ?? q.variants.find((v) => v.engine === "any")!;
}

/** Parameter values for a saved query: defaults, overridden by `given`, each checked against its declared type. */
export function resolveParams(q: LibraryQuery, given: Record<string, unknown> = {}): Record<string, unknown> {
  const unknown = Object.keys(given).filter((k) => !q.params.some((p) => p.name === k));
  if (unknown.length) throw new InvalidInputError(`${q.name}: unknown parameter(s) ${unknown.join(", ")}`);
  return Object.fromEntries(
    q.params.map((p) => [
      p.name,
      coerceParam(p, given[p.name] === undefined ? p.default : given[p.name], `${q.name}.${p.name}`),
    ]),
  );
}

export function findQuery(library: LibraryQuery[], name: string): LibraryQuery {
  const q = library.find((x) => x.name === name);
  if (!q) throw new NotFoundError(`no saved query named '${name}'`);
  return q;
}

// The typed query book: every cypher/queries/*.cypher file loaded once, per engine, with its header checked.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GRAPH_EDGE_TYPES, RELATIONSHIP_TYPES } from "../domain/index.js";

export const ENGINES = ["embedded", "neo4j"] as const;
export type Engine = (typeof ENGINES)[number];

export const NODE_LABELS = ["Actor", "Event", "Place", "Source"] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

export const QUERY_NAMES = [
  "sources-all",
  "places-all",
  "actors-all",
  "relationships-all",
  "events-all",
  "participants-all",
  "events-points",
  "events-points-by-actor",
  "counts",
  "counts-all",
  "sources-create",
  "sources-update",
  "places-create",
  "places-update",
  "places-unlink",
  "places-link",
  "actors-create",
  "actors-update",
  "relationships-create",
  "relationships-delete",
  "events-create",
  "events-update",
  "events-unlink",
  "events-unplace",
  "events-place",
  "nodes-delete",
  "participants-create",
  "cites-unlink",
  "cites-create",
  "clashes-delete-all",
  "clashes-delete",
  "clashes-create",
  "clashes-all",
  "clashes-derive",
  "activity-actors",
  "activity-months",
  "activity-actors-derive",
  "activity-months-derive",
  "activity-months-add",
  "activity-days-add",
  "activity-stored",
  "activity-months-build",
  "activity-days-build",
  "sources-by-ids",
  "sources-page",
  "places-by-ids",
  "places-countries",
  "places-in-box",
  "events-by-ids",
  "events-ids-stored",
  "events-page",
  "events-page-actors",
  "events-page-pair",
  "events-page-places",
  "events-window",
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export interface QueryFile {
  name: string;
  engine: Engine | "any";
  file: string;
  text: string;
  description: string;
  params: string[];
  columns: string[];
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const QUERIES_DIR = path.join(REPO_ROOT, "cypher/queries");
export const SCHEMA_DIR = path.join(REPO_ROOT, "cypher/schema");

/** Parses the header (`// params: a, b` and `// columns: x, y`) of a query file. */
export function parseQueryFile(file: string, text: string): QueryFile {
  const base = path.basename(file, ".cypher");
  const [name, engineSuffix] = base.split(".");
  const engine = (engineSuffix ?? "any") as Engine | "any";
  const header = text.split("\n").filter((l) => l.startsWith("//"));
  const field = (key: string): string[] => {
    const line = header.find((l) => l.startsWith(`// ${key}:`));
    if (!line) throw new Error(`query-book: ${file} has no '// ${key}:' header line`);
    const value = line.slice(`// ${key}:`.length).trim();
    return value === "(none)" ? [] : value.split(",").map((s) => s.trim());
  };
  const description = header[0]?.replace(/^\/\/\s*/, "") ?? "";
  const body = text
    .split("\n")
    .filter((l) => !l.startsWith("//"))
    .join("\n")
    .trim();
  return { name, engine, file, text: body, description, params: field("params"), columns: field("columns") };
}

/** `$name` parameters used in a query body. */
export function paramsUsed(text: string): string[] {
  return [...new Set([...text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))].sort();
}

export function loadQueryFiles(dir = QUERIES_DIR): QueryFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cypher"))
    .sort()
    .map((f) => parseQueryFile(path.join(dir, f), readFileSync(path.join(dir, f), "utf8")));
}

/** Optional lines of a query: a line starting `?name ` is kept (without the marker) only when the flag is on. */
export const QUERY_FLAGS = ["places", "actors", "exclude", "days", "actorfirst"] as const;
export type QueryFlag = (typeof QUERY_FLAGS)[number];

export interface Substitutions {
  type?: string;
  label?: NodeLabel;
  /** A page's order: __DIR__ becomes ASC or DESC and __AFTER__ > or < (ascending by default). */
  order?: "asc" | "desc";
  flags?: readonly QueryFlag[];
}

export interface QueryBook {
  engine: Engine;
  text(name: QueryName, subs?: Substitutions): string;
  /**
   * Whether the engine's statement reads one relationship type (`__TYPE__`), to be run once per type; else it reads
   * every type at once (`__TYPES__`: RELATIONSHIP_TYPES joined by |).
   */
  perType(name: QueryName): boolean;
}

/** Builds the book for one engine: the engine's override where present, else the shared file. */
export function createQueryBook(engine: Engine, files: QueryFile[] = loadQueryFiles()): QueryBook {
  const chosen = new Map<string, QueryFile>();
  for (const f of files) {
    if (f.engine !== "any" && f.engine !== engine) continue;
    const prev = chosen.get(f.name);
    if (!prev || f.engine === engine) chosen.set(f.name, f);
  }
  for (const name of QUERY_NAMES) {
    if (!chosen.has(name)) throw new Error(`query-book: no cypher/queries/${name}.cypher for engine ${engine}`);
  }
  return {
    engine,
    perType: (name) => chosen.get(name)!.text.includes("__TYPE__"),
    text(name, subs = {}) {
      let text = chosen.get(name)!.text.replaceAll("__TYPES__", RELATIONSHIP_TYPES.join("|"));
      if (text.includes("__TYPE__")) {
        if (!subs.type || !(GRAPH_EDGE_TYPES as readonly string[]).includes(subs.type)) {
          throw new Error(`query-book: ${name} needs a relationship type from the closed set, got ${subs.type}`);
        }
        text = text.replaceAll("__TYPE__", subs.type);
      }
      if (text.includes("__LABEL__")) {
        if (!subs.label || !(NODE_LABELS as readonly string[]).includes(subs.label)) {
          throw new Error(`query-book: ${name} needs a node label from the closed set, got ${subs.label}`);
        }
        text = text.replaceAll("__LABEL__", subs.label);
      }
      if (text.includes("__DIR__") || text.includes("__AFTER__")) {
        const desc = subs.order === "desc";
        text = text.replaceAll("__DIR__", desc ? "DESC" : "ASC").replaceAll("__AFTER__", desc ? "<" : ">");
      }
      if (text.includes("\n?")) {
        text = text
          .split("\n")
          .flatMap((line) => {
            const m = /^\?([a-z]+) (.*)$/.exec(line);
            if (!m) return [line];
            if (!(QUERY_FLAGS as readonly string[]).includes(m[1]))
              throw new Error(`query-book: ${name} has an unknown optional line flag ?${m[1]}`);
            return subs.flags?.includes(m[1] as QueryFlag) ? [m[2]] : [];
          })
          .join("\n");
      }
      return text;
    },
  };
}

/** Schema DDL statements for one engine, one per `;`. */
export function loadSchema(engine: Engine, dir = SCHEMA_DIR): string[] {
  return readFileSync(path.join(dir, `${engine}.cypher`), "utf8")
    .split("\n")
    .filter((l) => !l.startsWith("//"))
    .join("\n")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}

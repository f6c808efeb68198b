// The two Cypher dialects side by side: where a construct of one engine fails (or silently differs) on the other, a hint
// naming it and the rewrite (TECH-NOTES "Dialect"); plus the error position the engine reported, as line and column.
import type { Engine } from "../store/query-book.js";

export interface DialectHint {
  /** The construct as written in the query. */
  construct: string;
  message: string;
  /** Where it is: 1-based line and column, 0-based offset into the query. */
  position: ErrorPosition;
}

export interface ErrorPosition {
  line: number;
  column: number;
  offset: number;
}

export const DIALECTS: Record<Engine, { name: string; summary: string; differences: string[] }> = {
  embedded: {
    name: "LadybugDB Cypher",
    summary: "Embedded LadybugDB: openCypher with Kùzu extensions; read-only, bounded by a timeout and a row cap.",
    differences: [
      "label(r), not type(r)",
      "-[* SHORTEST 1..k]- / -[* ALL SHORTEST 1..k]-, not shortestPath()",
      "list_transform(xs, x -> …) and list_filter(xs, x -> …), not [x IN xs | …]",
      "COUNT { MATCH (a)-[]-() }, not size((a)--()) (silently wrong here)",
      "no CALL { } subqueries, no db.* procedures (CALL show_tables() RETURN *)",
      "bound variable-length patterns: *1..k",
    ],
  },
  neo4j: {
    name: "Neo4j 5 Cypher",
    summary:
      "Neo4j 5: a READ access-mode transaction with a server-side timeout, the server's per-transaction memory limit and a row cap; every statement is EXPLAINed and checked first.",
    differences: [
      "type(r), not label(r)",
      "shortestPath() / allShortestPaths()",
      "[x IN xs | …] list comprehensions",
      "COUNT { (a)--() }, not size((a)--())",
      "no LOAD CSV; CALL only db.labels(), db.relationshipTypes(), db.propertyKeys(), db.schema.*; SHOW INDEXES / CONSTRAINTS / PROCEDURES / FUNCTIONS",
    ],
  },
};

/** Replaces string literals and comments by spaces of the same length, so offsets still point into the query. */
function blankLiterals(query: string): string {
  return query.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) =>
    " ".repeat(m.length),
  );
}

export function positionAt(query: string, offset: number): ErrorPosition {
  const before = query.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1, offset };
}

/** The position an engine's error message names, if any. LadybugDB: `(line: 1, offset: 16)` (0-based column);
 *  Neo4j: `(line 1, column 17 (offset: 16))`. */
export function errorPosition(query: string, message: string): ErrorPosition | undefined {
  const neo = /line (\d+), column (\d+) \(offset: (\d+)\)/.exec(message);
  if (neo) return { line: Number(neo[1]), column: Number(neo[2]), offset: Number(neo[3]) };
  const lb = /\(line: (\d+), offset: (\d+)\)/.exec(message);
  if (lb) {
    const line = Number(lb[1]);
    const column = Number(lb[2]) + 1;
    const lines = query.split("\n");
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    return { line, column, offset };
  }
  return undefined;
}

interface Rule {
  /** Engines on which the construct fails or misleads. */
  on: Engine;
  pattern: RegExp;
  message: string;
  /** A silent difference: worth saying even when the query ran. */
  silent?: boolean;
}

const RULES: Rule[] = [
  { on: "embedded", pattern: /\btype\s*\(/gi, message: "type(r) is Neo4j's: the embedded store writes label(r)" },
  {
    on: "embedded",
    pattern: /\b(?:all)?shortestPath\s*\(/gi,
    message:
      "shortestPath()/allShortestPaths() are Neo4j's: write MATCH p = (a)-[* SHORTEST 1..6]-(b) (or * ALL SHORTEST 1..6) on the embedded store",
  },
  {
    on: "embedded",
    pattern: /\[\s*[A-Za-z_][A-Za-z0-9_]*\s+IN\b[^\]|]*(?:\||\bWHERE\b)/gi,
    message:
      "list comprehensions are Neo4j's: write list_transform(xs, x -> expr) for [x IN xs | expr] and list_filter(xs, x -> cond) for [x IN xs WHERE cond]",
  },
  {
    on: "embedded",
    pattern: /\[\s*\(\s*[A-Za-z_]*[^\]]*\)\s*-/g,
    message: "pattern comprehensions are Neo4j's: use OPTIONAL MATCH … WITH collect(…) on the embedded store",
  },
  {
    on: "embedded",
    pattern: /\bsize\s*\(\s*\(/gi,
    message:
      "size((a)--()) counts something else on the embedded store (silently wrong): write COUNT { MATCH (a)-[]-() }",
    silent: true,
  },
  {
    on: "embedded",
    pattern: /\bcount\s*\(\s*DISTINCT\b/gi,
    message:
      "on the embedded store (LadybugDB 0.19) count(DISTINCT x) in the same WITH/RETURN as other aggregates can turn those others into null: aggregate DISTINCT in its own WITH",
    silent: true,
  },
  {
    on: "embedded",
    pattern: /\bCALL\s*\{/gi,
    message: "CALL { … } subqueries are not supported on the embedded store: use WITH, UNWIND or OPTIONAL MATCH",
  },
  {
    on: "embedded",
    pattern: /\bCALL\s+db\.[A-Za-z.]+/gi,
    message: "db.* procedures are Neo4j's: use CALL show_tables() RETURN * or CALL table_info('Actor') RETURN *",
  },
  {
    on: "embedded",
    pattern: /\bEXISTS\s*\{\s*\(/gi,
    message: "EXISTS { (pattern) } needs a MATCH on the embedded store: EXISTS { MATCH (pattern) }",
  },
  {
    on: "embedded",
    pattern: /\bduration\s*\(/gi,
    message: "duration(…) is Neo4j's: the embedded store writes interval('1 month')",
  },
  {
    on: "embedded",
    pattern: /\btoString\s*\(/gi,
    message: "toString(x) is Neo4j's: the embedded store writes cast(x AS STRING)",
  },
  {
    on: "embedded",
    pattern: /\b(?:start|end)Node\s*\(/gi,
    message: "startNode(r)/endNode(r) are Neo4j's: name both ends in the pattern, (a)-[r]->(b)",
  },
  {
    on: "embedded",
    pattern: /\b(?:elementId|id)\s*\(/gi,
    message:
      "id()/elementId() give engine-internal ids that change between loads and differ between engines: use the stable id property (a.id)",
    silent: true,
  },
  {
    on: "embedded",
    pattern: /\bexists\s*\(\s*[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_]/gi,
    message: "exists(n.prop) is old Neo4j syntax: write n.prop IS NOT NULL",
  },
  {
    on: "neo4j",
    pattern: /\blabel\s*\(/gi,
    message: "label(r) is the embedded store's: Neo4j writes type(r) (and labels(n) for nodes)",
  },
  {
    on: "neo4j",
    pattern: /\*\s*(?:ALL\s+)?SHORTEST\b/gi,
    message: "-[* SHORTEST 1..k]- is the embedded store's: Neo4j 5 writes shortestPath((a)-[*..k]-(b))",
  },
  {
    on: "neo4j",
    pattern: /\blist_(?:transform|filter)\s*\(/gi,
    message:
      "list_transform/list_filter are the embedded store's: Neo4j writes [x IN xs | expr] / [x IN xs WHERE cond]",
  },
  { on: "neo4j", pattern: /\brels\s*\(/gi, message: "rels(p) is the embedded store's: Neo4j writes relationships(p)" },
  {
    on: "neo4j",
    pattern: /\bsize\s*\(\s*\(/gi,
    message: "Neo4j 5 no longer counts a pattern with size((a)--()): write COUNT { (a)--() }",
  },
];

/** Constructs of the other dialect found in the query; `silentOnly` keeps those that mislead without failing. */
export function dialectHints(engine: Engine, query: string, options: { silentOnly?: boolean } = {}): DialectHint[] {
  const bare = blankLiterals(query);
  const hints: DialectHint[] = [];
  for (const rule of RULES) {
    if (rule.on !== engine || (options.silentOnly && !rule.silent)) continue;
    rule.pattern.lastIndex = 0;
    const m = rule.pattern.exec(bare);
    if (m)
      hints.push({
        construct: query.slice(m.index, m.index + m[0].length).trim(),
        message: rule.message,
        position: positionAt(query, m.index),
      });
  }
  return hints;
}

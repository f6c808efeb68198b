// The Cypher workbench service: runs an analyst's query read-only through the store port within the configured limits,
// explains dialect failures, and turns the actors and ties a result mentions into a graph (the /api/graph format).
import type { Config } from "../config.js";
import { InvalidInputError, QueryTimeoutError, StoreUnavailableError } from "../domain/index.js";
import type { Store } from "../store/port.js";
import type { Engine } from "../store/query-book.js";
import { assertEmbeddedCalls } from "../store/embedded/call-guard.js";
import { assertNeo4jStatement, cypherTokens } from "../store/neo4j/read-guard.js";
import { DIALECTS, dialectHints, errorPosition, positionAt, type DialectHint } from "./cypher-dialect.js";
import { applyDatePrecision, runawayAdvice, withDatePrecision } from "./cypher-text.js";
import { findQuery, loadLibrary, resolveParams, variantFor, type LibraryQuery } from "./cypher-library.js";
import { buildGraph, type SerializedGraph } from "./graph.js";
import type { ReadModel, ReadModelHolder } from "./read-model.js";

export interface CypherInput {
  query: string;
  params?: Record<string, unknown>;
  /** May ask for less than the configured timeout, never more. */
  timeoutMs?: number;
  /** May ask for fewer rows than the configured cap, never more. */
  maxRows?: number;
}

export interface CypherResult {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
  /** What cut the rows short: the row cap or the byte cap (absent when nothing did). */
  truncatedBy?: "rows" | "bytes";
  engine: Engine;
  dialect: string;
  elapsedMs: number;
  limits: { timeoutMs: number; maxRows: number; maxBytes: number };
  /** Constructs that ran but may not mean what they mean on the other engine. */
  warnings: DialectHint[];
  graph?: SerializedGraph;
}

export interface CypherServiceOptions {
  store: Store;
  config: Pick<Config, "CYPHER_TIMEOUT_MS" | "CYPHER_MAX_ROWS"> & Partial<Pick<Config, "CYPHER_MAX_BYTES">>;
  model?: ReadModelHolder;
  /** Workbench queries running at once; the rest of the API keeps its own reader connections meanwhile. */
  maxConcurrent?: number;
  library?: LibraryQuery[];
}

export const MAX_QUERY_LENGTH = 20_000;
/**
 * Deepest nesting of brackets, braces and parentheses a query may have. LadybugDB's parser recurses per level and
 * overflows its stack (a segfault that ends the server) on a list literal about 800 deep; parentheses 2,000 deep kept
 * a core busy for minutes. Real queries stay far below this.
 */
export const MAX_NESTING = 64;

/** Refuses, before any engine parses it, a query nested deeper than MAX_NESTING (outside strings and comments). */
export function assertNesting(query: string): void {
  let depth = 0;
  for (const t of cypherTokens(query)) {
    if (t.kind !== "punct") continue;
    if (t.text === "(" || t.text === "[" || t.text === "{") {
      if (++depth > MAX_NESTING) {
        throw new InvalidInputError(`the query nests brackets more than ${MAX_NESTING} levels deep`, {
          position: positionAt(query, t.offset),
        });
      }
    } else if (t.text === ")" || t.text === "]" || t.text === "}") depth = Math.max(0, depth - 1);
  }
}
/** How long past its timeout a query may take to report it before the workbench answers 408 itself. */
export const DEADLINE_GRACE_MS = 1_000;

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/** The rows that fit in `maxBytes` of JSON, in order; a row that alone exceeds it is not sent. */
export function rowsWithin(
  rows: Record<string, unknown>[],
  maxBytes: number,
): { rows: Record<string, unknown>[]; cut: boolean } {
  let bytes = 2;
  for (let i = 0; i < rows.length; i++) {
    bytes += Buffer.byteLength(JSON.stringify(rows[i]) ?? "null") + 1;
    if (bytes > maxBytes) return { rows: rows.slice(0, i), cut: true };
  }
  return { rows, cut: false };
}

/** Every string a result mentions, and every node, relationship and path in it, walked once. */
function collectRefs(value: unknown, out: { actors: Set<string>; rels: Set<string>; strings: Set<string> }): void {
  if (value === null || value === undefined) return;
  if (typeof value === "string") {
    out.strings.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, out);
    return;
  }
  if (typeof value !== "object") return;
  const o = value as Record<string, unknown>;
  const props = (o.properties ?? {}) as Record<string, unknown>;
  if (o.kind === "node" && o.label === "Actor" && typeof props.id === "string") out.actors.add(props.id);
  else if (o.kind === "relationship" && typeof props.id === "string") out.rels.add(props.id);
  else if (o.kind === "path") {
    collectRefs(o.nodes, out);
    collectRefs(o.relationships, out);
  } else if (o.kind !== "node" && o.kind !== "relationship") {
    // Rows and maps; a node's own properties (an event's sourceIds…) are not references to show.
    for (const v of Object.values(o)) collectRefs(v, out);
  }
}

const wholeGraphs = new WeakMap<
  ReadModel,
  { graph: SerializedGraph; edges: Map<string, SerializedGraph["edges"][number]> }
>();

function wholeGraphOf(model: ReadModel) {
  let w = wholeGraphs.get(model);
  if (!w) {
    const graph = buildGraph(model);
    w = { graph, edges: new Map(graph.edges.map((e) => [e.key, e])) };
    wholeGraphs.set(model, w);
  }
  return w;
}

/**
 * The subgraph a result mentions: actors (as nodes or by id) and relationships (as relationships or by id, clash keys
 * included) with their endpoints. When the result names actors but no tie, the ties among those actors are shown
 * (attributes.induced = true). Undefined when the result mentions no actor.
 */
export function resultGraph(model: ReadModel, rows: Record<string, unknown>[]): SerializedGraph | undefined {
  const refs = { actors: new Set<string>(), rels: new Set<string>(), strings: new Set<string>() };
  collectRefs(rows, refs);
  const whole = wholeGraphOf(model);
  for (const s of refs.strings) {
    if (model.actors.has(s)) refs.actors.add(s);
    else if (whole.edges.has(s)) refs.rels.add(s);
  }
  const edges = [...refs.rels].map((k) => whole.edges.get(k)).filter((e) => e !== undefined);
  const nodes = new Set([...refs.actors].filter((id) => model.actors.has(id)));
  for (const e of edges) nodes.add(e.source).add(e.target);
  if (nodes.size === 0) return undefined;
  const induced = edges.length === 0;
  const shown = induced ? whole.graph.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)) : edges;
  return {
    attributes: { ...whole.graph.attributes, query: "cypher", induced },
    options: whole.graph.options,
    nodes: whole.graph.nodes.filter((n) => nodes.has(n.key)),
    edges: [...shown].sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

export function createCypherService(options: CypherServiceOptions) {
  const { store, config } = options;
  const engine = store.engine;
  const maxConcurrent = options.maxConcurrent ?? 2;
  let running = 0;
  let library = options.library;
  const getLibrary = () => (library ??= loadLibrary());

  async function run(input: CypherInput): Promise<CypherResult> {
    const query = input.query;
    if (!query.trim()) throw new InvalidInputError("the query is empty");
    if (query.length > MAX_QUERY_LENGTH)
      throw new InvalidInputError(`the query is longer than ${MAX_QUERY_LENGTH} characters`);
    const limits = {
      timeoutMs: Math.min(input.timeoutMs ?? config.CYPHER_TIMEOUT_MS, config.CYPHER_TIMEOUT_MS),
      maxRows: Math.min(input.maxRows ?? config.CYPHER_MAX_ROWS, config.CYPHER_MAX_ROWS),
    };
    const maxBytes = config.CYPHER_MAX_BYTES ?? DEFAULT_MAX_BYTES;
    // Refusals the text allows, before a slot is taken or the engine reached (the stores check again themselves).
    assertNesting(query);
    if (engine === "embedded") assertEmbeddedCalls(query);
    else assertNeo4jStatement(query);
    if (running >= maxConcurrent) {
      throw new StoreUnavailableError(
        `the Cypher workbench is busy (${running} queries running); try again in a few seconds`,
      );
    }
    running++;
    const started = performance.now();
    // Stored dates come back at their precision (1998, not 1998-01-01): the final RETURN also fetches each one's
    // precision. Should the engine refuse that rewrite (a property its schema lacks), the query runs as written.
    const dated = withDatePrecision(query);
    const work = (async () => {
      if (dated) {
        try {
          const res = await store.runReadOnly(dated.query, input.params ?? {}, limits);
          return { ...res, ...applyDatePrecision(res.columns, res.rows, dated.dates) };
        } catch (err) {
          if (!(err instanceof InvalidInputError)) throw err;
        }
      }
      return store.runReadOnly(query, input.params ?? {}, limits);
    })();
    // The slot is held until the engine lets go, even when the client was answered at the deadline below.
    void work.then(
      () => running--,
      () => running--,
    );
    // The engine checks its timeout between operators only: building a huge list (UNWIND range(1, 1e6)) runs on for
    // seconds past it. The client gets its 408 on time anyway; the embedded engine's process is restarted a few
    // seconds later if the query is still running (server/store/embedded/isolated-store.ts).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new QueryTimeoutError(`query exceeded ${limits.timeoutMs} ms and was abandoned`)),
        limits.timeoutMs + DEADLINE_GRACE_MS,
      );
    });
    let result;
    try {
      result = await Promise.race([work, deadline]);
    } catch (err) {
      throw explain(err, query, limits.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    const elapsedMs = Math.round((performance.now() - started) * 10) / 10;
    const model = options.model ? await options.model.get() : undefined;
    const sent = rowsWithin(result.rows, maxBytes);
    const graph = model ? resultGraph(model, sent.rows) : undefined;
    const truncatedBy = sent.cut ? "bytes" : result.truncated ? "rows" : undefined;
    return {
      columns: result.columns,
      rows: sent.rows,
      truncated: truncatedBy !== undefined,
      ...(truncatedBy ? { truncatedBy } : {}),
      engine,
      dialect: DIALECTS[engine].name,
      elapsedMs,
      limits: { ...limits, maxBytes },
      warnings: dialectHints(engine, query, { silentOnly: true }),
      ...(graph ? { graph } : {}),
    };
  }

  /** Adds what the analyst needs to fix the query: the engine, the position, the other dialect's constructs. */
  function explain(err: unknown, query: string, timeoutMs: number): unknown {
    if (err instanceof QueryTimeoutError) {
      // Advice about this query's own constructs only; none found, the data or the machine is the likelier cause.
      const advice = runawayAdvice(query);
      const why = advice.length
        ? advice.join("; ")
        : "nothing in its text usually runs away: narrow the first MATCH (a label, a property) or try again later";
      return new QueryTimeoutError(`${err.message}: ${why} (the workbench allows ${timeoutMs} ms)`);
    }
    if (!(err instanceof InvalidInputError)) return err;
    const message = err.message;
    const position = errorPosition(query, message);
    const hints = dialectHints(engine, query);
    const detail: Record<string, unknown> = { ...(err.detail ?? {}), engine, dialect: DIALECTS[engine].name };
    if (position) detail.position = position;
    if (hints.length) detail.hints = hints;
    const lead = hints.length ? `${hints.map((h) => h.message).join("; ")}. ` : "";
    return new InvalidInputError(`${lead}${DIALECTS[engine].name} says: ${message}`, detail);
  }

  return {
    engine,
    dialect: DIALECTS[engine],
    run,
    library: getLibrary,
    /** Runs a saved query (the variant for this engine) with its parameters checked against the header's types. */
    async runSaved(
      name: string,
      params: Record<string, unknown> = {},
      limits: Omit<CypherInput, "query" | "params"> = {},
    ) {
      const q = findQuery(getLibrary(), name);
      const variant = variantFor(q, engine);
      return { name, ...(await run({ query: variant.text, params: resolveParams(q, params), ...limits })) };
    },
  };
}

export type CypherService = ReturnType<typeof createCypherService>;

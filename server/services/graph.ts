// /api/graph: the actor network as a graphology serialization, filtered by date (as-of or window), type, kind,
// country, confidence, and optionally the ego network of one actor.
import {
  CLASHED_WITH,
  ClashMonths,
  UNDIRECTED_TYPES,
  monthOf,
  dateStart,
  egoNetwork,
  holdsAt,
  overlaps,
  type Actor,
  type ActorKind,
  type Clash,
  type Confidence,
  type GraphEdgeType,
  type Relationship,
  type SourceRef,
} from "../domain/index.js";
import type { Store } from "../store/port.js";
import type { ReadModel } from "./read-model.js";

/** The graph of a filter, with the store's answer for the window's edge months when the months in memory cannot tell. */
export async function graphOf(
  model: ReadModel,
  store: Pick<Store, "deriveClashes">,
  filter: GraphFilter = {},
): Promise<SerializedGraph> {
  const { lo, hi } = windowOf(filter);
  const boundary = needsBoundary(model, lo, hi) ? await boundaryClashes(store, lo, hi) : undefined;
  return buildGraph(model, filter, boundary);
}

export interface GraphFilter {
  at?: string;
  from?: string;
  to?: string;
  types?: GraphEdgeType[];
  kinds?: ActorKind[];
  countries?: string[];
  confidence?: Confidence[];
  actor?: string;
  depth?: number;
  /** Include provisional (importer-created, unreviewed) actors; default true. */
  provisional?: boolean;
}

export interface NodeAttributes {
  label: string;
  kind: ActorKind;
  family?: string;
  countries: string[];
  founded?: string;
  dissolved?: string;
  provisional: boolean;
  aliases: string[];
  eventCount: number;
}

export interface EdgeAttributes {
  type: GraphEdgeType;
  since?: string;
  until?: string;
  confidence: Confidence;
  sources: SourceRef[];
  note?: string;
  count?: number;
  /** Known fatalities of a clash's events; null when none is known. */
  fatalities?: number | null;
  unknownFatalities?: number;
  first?: string;
  last?: string;
}

export interface SerializedGraph {
  attributes: Record<string, unknown>;
  options: { type: "mixed"; multi: true; allowSelfLoops: false };
  nodes: { key: string; attributes: NodeAttributes }[];
  edges: { key: string; source: string; target: string; undirected: boolean; attributes: EdgeAttributes }[];
}

export function actorExistsAt(a: Actor, at: string): boolean {
  return holdsAt(at, a.founded, a.dissolved);
}

/** The day window of a filter: [from, to], or up to `at` (ISO first days; undefined when open). */
export function windowOf(filter: Pick<GraphFilter, "at" | "from" | "to">): { lo?: string; hi?: string } {
  const lo = filter.from ? dateStart(filter.from) : undefined;
  const hi = filter.to ? dateStart(filter.to) : filter.at ? dateStart(filter.at) : undefined;
  return { lo, hi };
}

/** The months that a window cuts through (its first and last), "YYYY-MM". */
function edgeMonths(lo?: string, hi?: string): Set<string> {
  return new Set([lo, hi].filter((d): d is string => Boolean(d)).map(monthOf));
}

/**
 * Whether the months in memory answer the window exactly: no clash month that the window's ends cut through has
 * events on both sides of a cut. Otherwise the store derives those (at most two) months: `boundaryClashes`.
 */
export function needsBoundary(model: ReadModel, lo?: string, hi?: string): boolean {
  if (!lo && !hi) return false;
  const cut = edgeMonths(lo, hi);
  for (const c of model.clashes.values()) {
    for (const month of cut) {
      const m = c.months[month];
      if (!m) continue;
      const inside = (!lo || m.first >= lo) && (!hi || m.last <= hi);
      const outside = (lo !== undefined && m.last < lo) || (hi !== undefined && m.first > hi);
      if (!inside && !outside) return true;
    }
  }
  return false;
}

/** The clashes of the window's edge months, restricted to the window, derived by the store. */
export async function boundaryClashes(store: Pick<Store, "deriveClashes">, lo?: string, hi?: string): Promise<Clash[]> {
  const out: Clash[] = [];
  for (const month of edgeMonths(lo, hi)) {
    const from = lo && monthOf(lo) === month ? lo : `${month}-01`;
    const to = hi && monthOf(hi) === month ? hi : `${month}-31`;
    out.push(...(await store.deriveClashes({ from, to })));
  }
  return out;
}

/**
 * Clashes restricted to events in the window (or up to `at`), from the months in memory; the window's edge months
 * come from `boundary` when given (the store's exact answer for them).
 */
function clashesIn(model: ReadModel, filter: GraphFilter, boundary?: Clash[]): Clash[] {
  const { lo, hi } = windowOf(filter);
  if (!lo && !hi) return [...model.clashes.values()];
  const cut = boundary ? edgeMonths(lo, hi) : new Set<string>();
  const months = new ClashMonths();
  for (const c of model.clashes.values()) {
    for (const [k, m] of Object.entries(c.months)) {
      if (cut.has(k)) continue;
      if ((lo && m.last < lo) || (hi && m.first > hi)) continue;
      if ((lo && m.first < lo) || (hi && m.last > hi)) {
        throw new Error(`graph: the month ${k} of ${c.id} is cut by the window and no boundary was given`);
      }
      months.add(c.a, c.b, k, m);
    }
  }
  for (const c of boundary ?? []) for (const [k, m] of Object.entries(c.months)) months.add(c.a, c.b, k, m);
  return months.clashes();
}

function relationshipEdge(r: Relationship): SerializedGraph["edges"][number] {
  return {
    key: r.id,
    source: r.from,
    target: r.to,
    undirected: UNDIRECTED_TYPES.includes(r.type),
    attributes: {
      type: r.type,
      ...(r.since ? { since: r.since } : {}),
      ...(r.until ? { until: r.until } : {}),
      confidence: r.confidence,
      sources: r.sources,
      ...(r.note ? { note: r.note } : {}),
    },
  };
}

function clashEdge(c: Clash): SerializedGraph["edges"][number] {
  return {
    key: c.id,
    source: c.a,
    target: c.b,
    undirected: true,
    attributes: {
      type: CLASHED_WITH,
      since: c.first,
      confidence: "confirmed",
      sources: [],
      count: c.count,
      fatalities: c.fatalities,
      unknownFatalities: c.unknownFatalities,
      first: c.first,
      last: c.last,
    },
  };
}

export function toNodeAttributes(model: ReadModel, a: Actor): NodeAttributes {
  return {
    label: a.name,
    kind: a.kind,
    ...(a.family ? { family: a.family } : {}),
    countries: a.countries,
    ...(a.founded ? { founded: a.founded } : {}),
    ...(a.dissolved ? { dissolved: a.dissolved } : {}),
    provisional: a.provisional,
    aliases: a.aliases.map((x) => x.name),
    eventCount: model.eventCount.get(a.id) ?? 0,
  };
}

interface Prepared {
  /** since/until as ISO first days ("" when open), so the per-request as-of test is two string comparisons. */
  relationshipEdges: { rel: Relationship; edge: SerializedGraph["edges"][number]; since: string; until: string }[];
  actorSpans: Map<string, { founded: string; dissolved: string }>;
  nodeAttributes: Map<string, NodeAttributes>;
  wholeClashEdges: SerializedGraph["edges"];
}
const prepared = new WeakMap<ReadModel, Prepared>();

/** Edge and node objects built once per read model (the model never changes; a load builds a new one). */
function prepare(model: ReadModel): Prepared {
  let p = prepared.get(model);
  if (!p) {
    p = {
      relationshipEdges: [...model.relationships.values()]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((rel) => ({
          rel,
          edge: relationshipEdge(rel),
          since: rel.since ? dateStart(rel.since) : "",
          until: rel.until ? dateStart(rel.until) : "",
        })),
      actorSpans: new Map(
        [...model.actors.values()].map((a) => [
          a.id,
          { founded: a.founded ? dateStart(a.founded) : "", dissolved: a.dissolved ? dateStart(a.dissolved) : "" },
        ]),
      ),
      nodeAttributes: new Map([...model.actors.values()].map((a) => [a.id, toNodeAttributes(model, a)])),
      wholeClashEdges: [...model.clashes.values()].map(clashEdge),
    };
    prepared.set(model, p);
  }
  return p;
}

/**
 * The graph from the model. A window whose ends cut through a month of some clash needs `boundary` (boundaryClashes):
 * graphOf fetches it; sync callers ask only for windows that end on month edges (analytics: 31 December).
 */
export function buildGraph(model: ReadModel, filter: GraphFilter = {}, boundary?: Clash[]): SerializedGraph {
  const pre = prepare(model);
  const atDay = filter.at ? dateStart(filter.at) : "";
  // The as-of rule of holdsAt (since <= at < until, open ends allowed) on precomputed first days.
  const holds = (since: string, until: string) => (!since || since <= atDay) && (!until || until > atDay);
  const actorOk = (a: Actor) =>
    (!atDay || holds(pre.actorSpans.get(a.id)!.founded, pre.actorSpans.get(a.id)!.dissolved)) &&
    ((!filter.from && !filter.to) || overlaps(filter.from, filter.to, a.founded, a.dissolved)) &&
    (!filter.kinds?.length || filter.kinds.includes(a.kind)) &&
    (!filter.countries?.length || a.countries.some((c) => filter.countries!.includes(c))) &&
    (filter.provisional !== false || !a.provisional);
  const nodes = new Set([...model.actors.values()].filter(actorOk).map((a) => a.id));
  const typeOk = (t: GraphEdgeType) => !filter.types?.length || filter.types.includes(t);
  const edges: SerializedGraph["edges"] = [];
  for (const { rel: r, edge, since, until } of pre.relationshipEdges) {
    if (!nodes.has(r.from) || !nodes.has(r.to) || !typeOk(r.type)) continue;
    if (filter.confidence?.length && !filter.confidence.includes(r.confidence)) continue;
    if (atDay && !holds(since, until)) continue;
    if ((filter.from || filter.to) && !overlaps(filter.from, filter.to, r.since, r.until)) continue;
    edges.push(edge);
  }
  if (typeOk(CLASHED_WITH) && (!filter.confidence?.length || filter.confidence.includes("confirmed"))) {
    const timeless = !filter.at && !filter.from && !filter.to;
    const clashEdges = timeless ? pre.wholeClashEdges : clashesIn(model, filter, boundary).map(clashEdge);
    for (const e of clashEdges) if (nodes.has(e.source) && nodes.has(e.target)) edges.push(e);
  }

  let keep = nodes;
  if (filter.actor) {
    keep = egoNodes(filter.actor, filter.depth ?? 1, nodes, edges);
  }
  const outEdges = edges
    .filter((e) => keep.has(e.source) && keep.has(e.target))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const outNodes = [...keep].sort().map((id) => ({ key: id, attributes: pre.nodeAttributes.get(id)! }));
  return {
    attributes: {
      ...(filter.at ? { at: filter.at } : {}),
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
      ...(filter.actor ? { actor: filter.actor, depth: filter.depth ?? 1 } : {}),
      range: model.range,
    },
    options: { type: "mixed", multi: true, allowSelfLoops: false },
    nodes: outNodes,
    edges: outEdges,
  };
}

/** Breadth-first ego network over the filtered edges, in both directions. */
export function egoNodes(
  center: string,
  depth: number,
  nodes: Set<string>,
  edges: { source: string; target: string }[],
): Set<string> {
  if (!nodes.has(center)) return new Set();
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = adj.get(a);
    if (list) list.push(b);
    else adj.set(a, [b]);
  };
  for (const e of edges) {
    link(e.source, e.target);
    link(e.target, e.source);
  }
  return egoNetwork(center, depth, (k) => adj.get(k) ?? []);
}

/** Every shortest path (up to `limit`) between two actors in a graph, as lists of edge keys, fewest hops first. */
export function shortestPaths(
  graph: SerializedGraph,
  from: string,
  to: string,
  maxHops: number,
  limit = 10,
): string[][] {
  const adj = new Map<string, { other: string; key: string }[]>();
  const link = (a: string, other: string, key: string) => {
    const list = adj.get(a);
    if (list) list.push({ other, key });
    else adj.set(a, [{ other, key }]);
  };
  for (const e of graph.edges) {
    link(e.source, e.target, e.key);
    link(e.target, e.source, e.key);
  }
  const dist = new Map([[from, 0]]);
  const preds = new Map<string, { node: string; key: string }[]>();
  let frontier = [from];
  while (frontier.length && !dist.has(to)) {
    const next: string[] = [];
    for (const id of frontier) {
      const d = dist.get(id)!;
      if (d >= maxHops) continue;
      for (const { other, key } of adj.get(id) ?? []) {
        if (!dist.has(other)) {
          dist.set(other, d + 1);
          next.push(other);
        }
        if (dist.get(other) === d + 1) {
          const list = preds.get(other);
          if (list) list.push({ node: id, key });
          else preds.set(other, [{ node: id, key }]);
        }
      }
    }
    frontier = next;
  }
  if (!dist.has(to) || from === to) return [];
  const out: string[][] = [];
  const walk = (node: string, acc: string[]) => {
    if (out.length >= limit) return;
    if (node === from) {
      out.push([...acc].reverse());
      return;
    }
    for (const p of preds.get(node) ?? []) walk(p.node, [...acc, p.key]);
  };
  walk(to, []);
  return out;
}

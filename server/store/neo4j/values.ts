// neo4j-driver values to plain JSON at the adapter edge (Integer, temporal, spatial, graph types never leave it),
// and the reverse for parameters: integers the schema means as INT go as neo4j.int, not as floats.
import neo4j, {
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
  isUnboundRelationship,
  isUUID,
  isVector,
  type Integer,
  type Node,
  type Path,
  type Relationship,
  type UnboundRelationship,
} from "neo4j-driver";
import { plainBigInt } from "../plain.js";

/** Integer to a JS number while it is exact, to its decimal text beyond 2^53 (as the embedded store does with BigInt). */
function fromInteger(value: Integer): number | string {
  return value.inSafeRange() ? value.toNumber() : value.toString();
}

function plainProperties(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toPlain(v)]));
}

function fromNode(n: Node): Record<string, unknown> {
  // Same shape as the embedded store: {kind, label, properties}; element ids are database-internal and stay here.
  return { kind: "node", label: n.labels[0] ?? null, properties: plainProperties(n.properties) };
}

function fromRelationship(r: Relationship | UnboundRelationship): Record<string, unknown> {
  return { kind: "relationship", type: r.type, properties: plainProperties(r.properties) };
}

function fromPath(p: Path): Record<string, unknown> {
  return {
    kind: "path",
    nodes: [p.start, ...p.segments.map((s) => s.end)].map(fromNode),
    relationships: p.segments.map((s) => fromRelationship(s.relationship)),
  };
}

/** Any value a Neo4j record can hold, as plain JSON. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return plainBigInt(value);
  if (typeof value !== "object") return value;
  if (isInt(value)) return fromInteger(value);
  // Temporal types print as ISO 8601 ("2011-12-03", "2011-12-03T10:00:00Z", "P1M2DT3S").
  if (
    isDate(value) ||
    isDateTime(value) ||
    isLocalDateTime(value) ||
    isLocalTime(value) ||
    isTime(value) ||
    isDuration(value)
  ) {
    return value.toString();
  }
  if (isNode(value)) return fromNode(value);
  if (isRelationship(value) || isUnboundRelationship(value)) return fromRelationship(value);
  if (isPath(value)) return fromPath(value);
  if (isPoint(value)) {
    const p = value as unknown as { srid: unknown; x: number; y: number; z?: number };
    return { kind: "point", srid: toPlain(p.srid), x: p.x, y: p.y, ...(p.z === undefined ? {} : { z: p.z }) };
  }
  if (isVector(value)) return Array.from(value.asTypedArray() as ArrayLike<number | bigint>, (x) => toPlain(x));
  if (isUUID(value)) return String(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), toPlain(v)]));
  return plainProperties(value as Record<string, unknown>);
}

/** Property names the schema types as INT: written as neo4j.int so Cypher sees integers, not floats. */
export const INTEGER_KEYS: ReadonlySet<string> = new Set([
  "fatalitiesBest",
  "fatalitiesLow",
  "fatalitiesHigh",
  "count",
  "fatalities",
  "unknownFatalities",
  // LIMIT $limit refuses a float.
  "limit",
]);

/**
 * Parameters of the store's own writes: numbers under INTEGER_KEYS become neo4j.int, every other number stays a
 * float (so an integral coordinate such as lon 2 is still stored as 2.0 and reads back as a float).
 */
export function toWriteParams(value: unknown, key?: string): unknown {
  if (typeof value === "number" && key !== undefined && INTEGER_KEYS.has(key) && Number.isSafeInteger(value)) {
    return neo4j.int(value);
  }
  if (Array.isArray(value)) return value.map((v) => toWriteParams(v));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWriteParams(v, k)]));
  }
  return value;
}

/**
 * Parameters of an analyst query (JSON from the workbench): integral numbers become Cypher integers, because
 * `LIMIT $n`, `range(1, $k)` and list indexes refuse floats, and comparisons between 2 and 2.0 hold either way.
 */
export function toQueryParams(value: unknown): unknown {
  if (typeof value === "number" && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toQueryParams);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toQueryParams(v)]));
  }
  return value;
}

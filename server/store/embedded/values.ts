// LadybugDB values to plain JSON: BigInt to number (or string beyond 2^53), DATE to ISO day, nodes and
// relationships to {kind, label, properties} without the engine's internal ids.

import { plainBigInt } from "../plain.js";

export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return plainBigInt(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), toPlain(v)]));
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("_nodes" in o && "_rels" in o) {
      return {
        kind: "path",
        nodes: (o._nodes as unknown[]).map(toPlain),
        relationships: (o._rels as unknown[]).map(toPlain),
      };
    }
    const isRel = "_src" in o && "_dst" in o;
    const isNode = !isRel && "_label" in o && "_id" in o;
    const props = Object.fromEntries(
      Object.entries(o)
        .filter(([k]) => !k.startsWith("_"))
        .map(([k, v]) => [k, toPlain(v)]),
    );
    if (isNode) return { kind: "node", label: o._label, properties: props };
    if (isRel) return { kind: "relationship", type: o._label, properties: props };
    return props;
  }
  return value;
}

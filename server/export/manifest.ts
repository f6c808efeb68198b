// The manifest that lets a reader reproduce an export: query, filters, time, counts and a sha256 of the canonical data.
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal data always hashes equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * sha256Hex(canonicalJson(object)) for an object one of whose array members is given an item at a time: the keys
 * before it at the start, each item as it comes, the keys after it at the end (an export hashes its events as it reads
 * them, never holding them all). The same digest as hashing the whole object at once.
 */
export class CanonicalHasher {
  private readonly hash = createHash("sha256");
  private readonly after: string[];
  private items = 0;

  /** `before` and `after`: the object's other keys (all known at the start but those `end` gives); `stream`: the array. */
  constructor(
    before: Record<string, unknown>,
    private readonly stream: string,
    after: string[],
  ) {
    const keys = Object.keys(before).sort();
    if (keys.some((k) => k >= stream) || after.some((k) => k <= stream)) {
      throw new Error("CanonicalHasher: keys before the streamed one must sort before it, the others after it");
    }
    this.after = [...after].sort();
    const head = canonicalJson(before).slice(0, -1);
    this.hash.update(`${head}${keys.length ? "," : ""}${JSON.stringify(stream)}:[`, "utf8");
  }

  add(item: unknown): void {
    this.hash.update((this.items++ ? "," : "") + canonicalJson(item), "utf8");
  }

  /** The digest, given the keys after the streamed one. */
  end(rest: Record<string, unknown>): string {
    const given = Object.keys(rest).sort();
    if (given.join() !== this.after.join()) throw new Error(`CanonicalHasher: expected ${this.after.join()}`);
    const tail = canonicalJson(rest);
    this.hash.update(`]${given.length ? `,${tail.slice(1)}` : "}"}`, "utf8");
    return this.hash.digest("hex");
  }
}

export interface Manifest {
  tool: "Faultlines";
  format: string;
  title: string;
  /** The request that reproduces this export (an /api/export URL, the CLI line, or "POST /api/export"). */
  query: string;
  filters: Record<string, unknown>;
  exportedAt: string;
  counts: { actors: number; relationships: number; events: number; sources: number };
  /** sha256 of the canonical JSON of the exported data (graph without generation time, events, sources). */
  contentHash: string;
}

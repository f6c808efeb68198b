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

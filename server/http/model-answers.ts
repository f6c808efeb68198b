// Answers of the read API kept serialized per read model: the JSON bytes, their gzip and an ETag, made once per model
// and query and then sent as they are. A commit builds a new model, so no answer outlives what it says. Measured (scale
// bench, wrk, 20 clients, 10k events): /api/graph, kept this way, 3 ms p50; /api/events and /api/actors/:id, whose
// objects were kept but serialized again for every request, 44-46 ms p50 (the event loop spent its time in
// JSON.stringify of the same page, twenty requests deep).
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Request, Response } from "express";
import type { ReadModel } from "../services/read-model.js";

interface Entry {
  raw: Buffer;
  gzip: Buffer;
  etag: string;
}
interface ModelAnswers {
  entries: Map<string, Entry>;
  bytes: number;
  /** Answers being made: identical requests at once wait for one. */
  pending: Map<string, Promise<Entry>>;
}

/** Bytes of answers kept per model (raw plus gzip); the oldest go first. */
const MAX_BYTES = 48 * 1024 * 1024;
/** An answer larger than this is sent without being kept. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
const answers = new WeakMap<ReadModel, ModelAnswers>();

/** A query object as a key that does not depend on the order of its fields. */
export const canonicalKey = (route: string, query: object) =>
  `${route}?${JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1)))}`;

/** BigInt-safe JSON (LadybugDB sums come back as BigInt): every JSON answer of the app, kept or not. */
export function jsonReplacer(_key: string, value: unknown) {
  return typeof value === "bigint" ? Number(value) : value;
}

function serialize(value: unknown): Entry {
  const raw = Buffer.from(JSON.stringify(value, jsonReplacer));
  return { raw, gzip: gzipSync(raw, { level: 1 }), etag: `"${createHash("sha1").update(raw).digest("base64url")}"` };
}

/**
 * Sends the answer for `key` in `model`: serialized once (gzip when the client takes it, 304 for a matching
 * If-None-Match), computed by `compute` the first time. A failed computation is not kept.
 */
export async function sendModelAnswer(
  req: Request,
  res: Response,
  model: ReadModel,
  key: string,
  compute: () => Promise<unknown> | unknown,
): Promise<void> {
  let held = answers.get(model);
  if (!held) answers.set(model, (held = { entries: new Map(), bytes: 0, pending: new Map() }));
  const h = held;
  let entry = h.entries.get(key);
  if (entry) {
    h.entries.delete(key);
    h.entries.set(key, entry);
  } else {
    let making = h.pending.get(key);
    if (!making) {
      making = (async () => serialize(await compute()))();
      h.pending.set(key, making);
      making.then(
        (made) => {
          h.pending.delete(key);
          const size = made.raw.byteLength + made.gzip.byteLength;
          if (size > MAX_ENTRY_BYTES) return;
          h.entries.set(key, made);
          h.bytes += size;
          for (const [k, old] of h.entries) {
            if (h.bytes <= MAX_BYTES) break;
            h.entries.delete(k);
            h.bytes -= old.raw.byteLength + old.gzip.byteLength;
          }
        },
        () => h.pending.delete(key),
      );
    }
    entry = await making;
  }
  res.setHeader("ETag", entry.etag);
  res.setHeader("Vary", "Accept-Encoding");
  res.type("application/json");
  if (req.get("if-none-match") === entry.etag) {
    res.status(304).end();
    return;
  }
  if (/\bgzip\b/.test(req.get("accept-encoding") ?? "")) {
    res.setHeader("Content-Encoding", "gzip");
    res.send(entry.gzip);
  } else {
    res.send(entry.raw);
  }
}

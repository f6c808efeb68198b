// The messages between the server and its embedded-engine process (isolated-store.ts, engine-child.ts): one schema
// module both sides import. Values travel by Node's "advanced" IPC serialization (the structured clone algorithm:
// Dates, BigInts, Maps and typed arrays arrive as they left), so only the envelopes are checked here.
import { z } from "zod";
import { fromWireError, toWireError, type WireError } from "../../domain/index.js";
import { StoreRecoveryError } from "./recovery.js";

/** Operations of an open write (port.ts OpenWrite), by name. */
export const WRITE_OPS = ["writeAhead", "readDone", "resolved", "apply", "abort"] as const;
export type WriteOp = (typeof WRITE_OPS)[number];

/** What the engine process is started with (argv[2], JSON). */
export const EngineStartSchema = z.object({
  path: z.string().min(1),
  bufferPoolBytes: z.number().int().nonnegative().optional(),
  readers: z.number().int().positive().optional(),
  aheadChunkRows: z.number().int().positive().optional(),
  /** The engine process's niceness (0-19): it gives way to the server's event loop for CPU. */
  nice: z.number().int().min(0).max(19).optional(),
});
export type EngineStart = z.infer<typeof EngineStartSchema>;

const ErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
  issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  files: z.array(z.string()).optional(),
});

/** Server to engine: a call of a Store method, or an operation of an open write (by handle). */
export const ToEngineSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("call"), id: z.number().int(), method: z.string().min(1), args: z.array(z.unknown()) }),
  z.object({
    kind: z.literal("write"),
    id: z.number().int(),
    handle: z.number().int(),
    op: z.enum(WRITE_OPS),
    args: z.array(z.unknown()),
  }),
]);
export type ToEngine = z.infer<typeof ToEngineSchema>;

/** Engine to server: ready once the store is open (or fatal), then one result per message. */
export const FromEngineSchema = z.union([
  z.object({ kind: z.literal("ready"), pid: z.number().int() }),
  z.object({ kind: z.literal("fatal"), error: ErrorSchema }),
  z.object({ kind: z.literal("result"), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ kind: z.literal("result"), id: z.number().int(), ok: z.literal(false), error: ErrorSchema }),
]);
export type FromEngine = z.infer<typeof FromEngineSchema>;

/** An event written ahead stands for itself in the ChangeSet of its apply: the engine process already holds it. */
export interface AheadRef {
  aheadRef: string;
  participants: unknown[];
}
export const isAheadRef = (x: unknown): x is AheadRef =>
  typeof x === "object" && x !== null && typeof (x as AheadRef).aheadRef === "string";

/** Domain errors as error-wire.ts sends them, and the store's recovery error with the files it names. */
export function toEngineWireError(err: unknown): WireError {
  const out = toWireError(err);
  if (err instanceof StoreRecoveryError) out.files = err.files;
  return out;
}

export function fromEngineWireError(w: WireError): Error {
  if (w.name === "StoreRecoveryError") return new StoreRecoveryError(w.message, w.files ?? []);
  return fromWireError(w);
}

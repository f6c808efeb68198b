// The embedded engine's own process (forked by isolated-store.ts): opens the store file, then runs each Store call
// and open-write operation the server sends, answering with its value or its error. A segfault, an engine that
// cannot be interrupted, or memory without bound end this process only; the server restarts it.
import { readdirSync } from "node:fs";
import { setPriority } from "node:os";
import type { Event, Place, Source } from "../../domain/index.js";
import type { CreatedSoFar, OpenWrite, Store } from "../port.js";
import { createEmbeddedStore } from "./embedded-store.js";
import {
  EngineStartSchema,
  FromEngineSchema,
  isAheadRef,
  toEngineWireError,
  ToEngineSchema,
  type FromEngine,
  type ToEngine,
} from "./engine-protocol.js";

const start = EngineStartSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
const store: Store = createEmbeddedStore(start);

/**
 * Every thread of this process gives way to the server's event loop (Linux sets a thread's niceness one thread at a
 * time, and a new thread inherits its creator's): once now, and again once the engine has started its own threads.
 */
function giveWay(): void {
  if (!start.nice) return;
  try {
    for (const tid of readdirSync("/proc/self/task")) setPriority(Number(tid), start.nice);
  } catch {
    try {
      setPriority(start.nice);
    } catch {
      // Not allowed here: the engine keeps the server's priority.
    }
  }
}
giveWay();

/** An open write and what the server sent it: the events (so that the ChangeSet can name them), places, sources. */
interface Handle {
  write: OpenWrite;
  events: Map<string, Event>;
  places: Place[];
  sources: Source[];
  /** A write-ahead failure, reported by apply (writeAhead answers nothing). */
  failed?: unknown;
}
const handles = new Map<number, Handle>();
let nextHandle = 1;

function send(message: FromEngine): void {
  process.send!(FromEngineSchema.parse(message));
}

/** The events of an apply's ChangeSet that were written ahead are sent as references: the very objects, again. */
function resolveRefs(h: Handle, created: unknown[]): Event[] {
  return created.map((e) => {
    if (!isAheadRef(e)) return e as Event;
    const event = h.events.get(e.aheadRef);
    if (!event) throw new Error(`engine: event ${e.aheadRef} was not written ahead`);
    if (!Object.isFrozen(event.participants)) event.participants.splice(0, Infinity, ...(e.participants as never[]));
    return event;
  });
}

async function runWrite(message: Extract<ToEngine, { kind: "write" }>): Promise<unknown> {
  const h = handles.get(message.handle);
  if (!h) throw new Error(`engine: no open write ${message.handle}`);
  const [a, b, c] = message.args;
  switch (message.op) {
    case "writeAhead": {
      h.places.push(...(b as Place[]));
      h.sources.push(...(c as Source[]));
      try {
        for (const event of a as Event[]) {
          h.events.set(event.id, event);
          h.write.writeAhead(event);
        }
      } catch (err) {
        h.failed ??= err;
      }
      return undefined;
    }
    case "readDone":
      h.write.readDone(a as { places: Place[]; sources: Source[] });
      return undefined;
    case "resolved": {
      // The participants are final now: the server sends them for every event it sent ahead.
      for (const [id, participants] of b as [string, Event["participants"]][]) {
        const event = h.events.get(id);
        if (event && !Object.isFrozen(event.participants)) event.participants.splice(0, Infinity, ...participants);
      }
      h.write.resolved(a as Parameters<OpenWrite["resolved"]>[0]);
      return undefined;
    }
    case "apply": {
      handles.delete(message.handle);
      if (h.failed) {
        await h.write.abort();
        throw h.failed;
      }
      const changes = a as Parameters<OpenWrite["apply"]>[0];
      changes.events.create = resolveRefs(h, changes.events.create);
      return h.write.apply(changes);
    }
    case "abort":
      handles.delete(message.handle);
      return h.write.abort();
  }
}

async function run(message: ToEngine): Promise<unknown> {
  if (message.kind === "write") return runWrite(message);
  if (message.method === "openWrite") {
    const write = await store.openWrite!();
    const handle = nextHandle++;
    const h: Handle = { write, events: new Map(), places: [], sources: [] };
    const created: CreatedSoFar = { places: () => h.places, sources: () => h.sources };
    write.creating(created);
    handles.set(handle, h);
    return handle;
  }
  const fn = (store as unknown as Record<string, unknown>)[message.method];
  if (typeof fn !== "function") throw new Error(`engine: the store has no method ${message.method}`);
  return (fn as (...args: unknown[]) => unknown).apply(store, message.args);
}

/** The server is gone (killed, or closed the channel): open writes are rolled back, the store closed, and out. */
async function leave(code: number): Promise<never> {
  const bail = setTimeout(() => process.exit(code), 5_000);
  bail.unref();
  for (const h of handles.values()) await h.write.abort().catch(() => undefined);
  await store.close().catch(() => undefined);
  process.exit(code);
}

// A terminal's Ctrl-C reaches the whole process group: the server decides when this process stops.
process.on("SIGINT", () => undefined);
process.on("disconnect", () => void leave(0));

process.on("message", (raw) => {
  const parsed = ToEngineSchema.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  run(message).then(
    (value) => {
      if (message.kind === "call" && message.method === "close") {
        send({ kind: "result", id: message.id, ok: true, value: undefined });
        process.disconnect?.();
        return;
      }
      send({ kind: "result", id: message.id, ok: true, value });
    },
    (err) => send({ kind: "result", id: message.id, ok: false, error: toEngineWireError(err) }),
  );
});

store.init().then(
  () => {
    giveWay();
    send({ kind: "ready", pid: process.pid });
  },
  (err) => {
    send({ kind: "fatal", error: toEngineWireError(err) });
    process.disconnect?.();
  },
);

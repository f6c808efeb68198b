// The embedded store behind a process boundary: the server's Store is a proxy, the engine runs in a child process
// (engine-child.ts) that this module supervises. A segfault, a query past its deadline (the engine cannot be
// interrupted) or a child over its memory cap costs a restart of that process; calls in flight fail with typed errors
// (503 + Retry-After through the HTTP layer), the server and its read model keep answering. README "Engine isolation".
import { fork, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  QueryMemoryLimitError,
  QueryTimeoutError,
  StoreUnavailableError,
  type Event,
  type Place,
  type Source,
} from "../../domain/index.js";
import type { ChangeSet, CreatedSoFar, OpenWrite, Store } from "../port.js";
import { createEmbeddedStore } from "./embedded-store.js";
import {
  FromEngineSchema,
  fromEngineWireError,
  type AheadRef,
  type EngineStart,
  type FromEngine,
  type ToEngine,
  type WriteOp,
} from "./engine-protocol.js";
import { StoreRecoveryError } from "./recovery.js";

export interface IsolatedStoreOptions extends EngineStart {
  /** The engine process is restarted when its resident memory passes this (bytes). */
  maxRssBytes?: number;
  /** V8 heap cap of the engine process (MiB). */
  maxHeapMb?: number;
  /** How long past its own timeout a workbench query may run before the engine process is restarted. */
  graceMs?: number;
  /** How often the engine process's resident memory is read. */
  watchMs?: number;
  /** Where restarts are reported (default console.warn). */
  log?: (line: string) => void;
}

export interface EngineStatus {
  state: "starting" | "ready" | "restarting" | "failed" | "closed";
  pid: number | null;
  restarts: number;
  /** Why the engine process last ended, when it did on its own or was ended by the supervisor. */
  lastExit: string | null;
  /** Milliseconds from the last restart's start to its ready message. */
  lastRestartMs: number | null;
  /** Resident memory of the engine process at the last reading (bytes). */
  rssBytes: number | null;
}

export type IsolatedStore = Store & { readonly path: string; status(): EngineStatus };

const CHILD = fileURLToPath(new URL("./engine-child.ts", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx");
const GIB = 1024 * 1024 * 1024;
/** A health ping gets this long before the engine process counts as hung. */
const PING_DEADLINE_MS = 10_000;
/** Events per write-ahead message: one structured clone each, off the caller's loop turn. */
const AHEAD_BATCH = 2_000;

type Outgoing = ToEngine extends infer M ? (M extends ToEngine ? Omit<M, "id"> : never) : never;

/** Engine processes alive, killed when the server exits however it does: each holds its store's lock. */
const LIVE = new Set<ChildProcess>();
let exitHooked = false;
function track(proc: ChildProcess): void {
  LIVE.add(proc);
  proc.once("exit", () => LIVE.delete(proc));
  if (exitHooked) return;
  exitHooked = true;
  process.once("exit", () => {
    for (const p of LIVE) p.kill("SIGKILL");
  });
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  /** A workbench query (its failure on a memory kill is QueryMemoryLimitError, not 503). */
  workbench: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

/** Deadline of a call: a workbench query's own timeout plus the grace; a ping's; none for the rest. */
function deadlineOf(method: string, args: unknown[], graceMs: number): number | undefined {
  const opts = args.find(
    (a): a is { timeoutMs: number } => typeof (a as { timeoutMs?: unknown })?.timeoutMs === "number",
  );
  if (opts) return opts.timeoutMs + graceMs;
  if (method === "ping") return PING_DEADLINE_MS;
  return undefined;
}

async function residentBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

export function createIsolatedEmbeddedStore(options: IsolatedStoreOptions): IsolatedStore {
  const { maxRssBytes = 4 * GIB, graceMs = 3_000, watchMs = 200, log = (line: string) => console.warn(line) } = options;
  const start: EngineStart = {
    path: options.path,
    bufferPoolBytes: options.bufferPoolBytes,
    readers: options.readers,
    aheadChunkRows: options.aheadChunkRows,
    nice: options.nice,
  };
  const maxHeapMb = options.maxHeapMb ?? Math.max(512, Math.floor(maxRssBytes / (2 * 1024 * 1024)));
  let child: ChildProcess | null = null;
  let state: EngineStatus["state"] = "closed";
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** Why the supervisor is ending the child (else it ended on its own). */
  let killReason: { text: string; culprit?: number; memory?: boolean } | null = null;
  /** An overdue workbench query waits for the open writes to end before its process is killed (the RSS cap does not). */
  let overdue: { id: number; text: string } | null = null;
  const openWrites = new Set<RemoteWrite>();
  const status: EngineStatus = { state, pid: null, restarts: 0, lastExit: null, lastRestartMs: null, rssBytes: null };
  let ready: Promise<void> | null = null;
  let watch: ReturnType<typeof setInterval> | null = null;
  let recentCrashes: number[] = [];
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (s: EngineStatus["state"]) => {
    state = s;
    status.state = s;
  };

  function spawnEngine(): Promise<void> {
    setState(status.restarts === 0 && !status.lastExit ? "starting" : "restarting");
    const began = performance.now();
    const proc = fork(CHILD, [JSON.stringify(start)], {
      execArgv: ["--import", TSX, `--max-old-space-size=${maxHeapMb}`],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      // Queries wait on the engine in libuv's pool: a runaway must not hold every thread of it.
      env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? "8" },
    });
    child = proc;
    track(proc);
    status.pid = proc.pid ?? null;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      proc.on("message", (raw) => {
        const parsed = FromEngineSchema.safeParse(raw);
        if (!parsed.success) return;
        const m: FromEngine = parsed.data;
        if (m.kind === "ready") {
          settled = true;
          status.lastRestartMs = Math.round(performance.now() - began);
          setState("ready");
          startWatch(proc);
          resolve();
        } else if (m.kind === "fatal") {
          settled = true;
          reject(fromEngineWireError(m.error));
        } else {
          const p = pending.get(m.id);
          if (!p) return;
          pending.delete(m.id);
          clearTimeout(p.timer);
          if (m.ok) p.resolve(m.value);
          else p.reject(fromEngineWireError(m.error));
        }
      });
      // The channel closes before the exit is reported: from then on nothing is sent to this process.
      proc.on("disconnect", () => {
        if (child === proc && state === "ready") setState("restarting");
      });
      proc.on("exit", (code, signal) => {
        if (child === proc) child = null;
        stopWatch();
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        const reason = killReason?.text ?? `the engine process ended (${how})`;
        status.lastExit = reason;
        status.pid = null;
        // The reading was that process's: a new one is read once its successor runs (hostile.test.ts waited on it
        // and read the killed process's 1.6 GB as the restarted engine's).
        status.rssBytes = null;
        failPending(reason, killReason);
        for (const w of openWrites) w.lost(reason);
        openWrites.clear();
        overdue = null;
        const wasKilled = killReason !== null;
        killReason = null;
        if (!settled) {
          settled = true;
          reject(new StoreUnavailableError(`embedded store: the engine process ended while opening (${how})`));
          return;
        }
        if (state === "closed") return;
        log(`embedded store: ${reason}; restarting it`);
        scheduleRestart(wasKilled);
      });
    });
  }

  function failPending(reason: string, kill: typeof killReason): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      if (kill?.culprit === id) {
        p.reject(new QueryTimeoutError(`query exceeded its timeout and was stopped (${reason})`));
      } else if (kill?.memory && p.workbench) {
        p.reject(new QueryMemoryLimitError(`the engine process was restarted: ${reason}`));
      } else {
        p.reject(new StoreUnavailableError(`embedded store: ${reason}; it is restarting, try again in a few seconds`));
      }
    }
    pending.clear();
  }

  function scheduleRestart(killedBySupervisor: boolean): void {
    setState("restarting");
    const now = Date.now();
    if (!killedBySupervisor) recentCrashes = [...recentCrashes.filter((t) => now - t < 60_000), now];
    // Crashes in a row back off (0.25 s, 0.5 s, ... 10 s); a kill for a runaway restarts at once.
    const delay = recentCrashes.length <= 1 ? 0 : Math.min(10_000, 250 * 2 ** (recentCrashes.length - 2));
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (state === "closed") return;
      status.restarts++;
      ready = spawnEngine().catch((err) => {
        if (err instanceof StoreRecoveryError) {
          setState("failed");
          status.lastExit = err.message;
          log(`embedded store: the engine cannot reopen the store: ${err.message}`);
        } else if (state !== "closed" && !child) scheduleRestart(false);
      });
    }, delay);
  }

  function startWatch(proc: ChildProcess): void {
    stopWatch();
    let reading = false;
    watch = setInterval(() => {
      if (reading || !proc.pid) return;
      reading = true;
      void residentBytes(proc.pid).then((rss) => {
        reading = false;
        status.rssBytes = rss;
        if (rss !== null && rss > maxRssBytes && child === proc && !killReason) {
          kill(proc, {
            text: `the engine process used ${Math.round(rss / 2 ** 20)} MiB, over its cap of ${Math.round(maxRssBytes / 2 ** 20)} MiB`,
            memory: true,
          });
        }
      });
    }, watchMs);
    watch.unref();
  }

  function stopWatch(): void {
    if (watch) clearInterval(watch);
    watch = null;
  }

  function kill(proc: ChildProcess, reason: NonNullable<typeof killReason>): void {
    killReason = reason;
    proc.kill("SIGKILL");
  }

  /** A workbench query past its deadline: its process is killed now, or once the open writes end. */
  function onOverdue(id: number, method: string): void {
    if (!pending.has(id) || !child) return;
    const text = `a ${method} call ran past its deadline (timeout + ${graceMs} ms grace)`;
    if (openWrites.size > 0) {
      overdue ??= { id, text };
      return;
    }
    kill(child, { text, culprit: id });
  }

  function writeEnded(w: RemoteWrite): void {
    openWrites.delete(w);
    if (openWrites.size === 0 && overdue && child && pending.has(overdue.id)) {
      kill(child, { text: overdue.text, culprit: overdue.id });
    }
  }

  function unavailable(): StoreUnavailableError {
    if (state === "failed") return new StoreUnavailableError(`embedded store: ${status.lastExit ?? "cannot open"}`);
    if (state === "closed") return new StoreUnavailableError("embedded store: not open (call init first)");
    return new StoreUnavailableError(
      `embedded store: the engine process is restarting (${status.lastExit ?? "its process ended"}); try again in a few seconds`,
    );
  }

  /** Sends one message; resolves with the engine's answer. Fails at once while the engine is not ready. */
  function request(message: Outgoing, deadlineMs?: number, workbench = false): Promise<unknown> {
    const proc = child;
    if (state !== "ready" || !proc || !proc.connected) return Promise.reject(unavailable());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject, workbench };
      if (deadlineMs !== undefined) {
        const what = message.kind === "call" ? message.method : `write.${message.op}`;
        p.timer = setTimeout(() => onOverdue(id, what), deadlineMs);
      }
      pending.set(id, p);
      proc.send({ ...message, id } as ToEngine, (err) => {
        if (!err || !pending.has(id)) return;
        pending.delete(id);
        clearTimeout(p.timer);
        reject(unavailable());
      });
    });
  }

  /** Fire-and-forget write operations (failures come back from apply). */
  function post(message: Outgoing): void {
    const proc = child;
    if (state !== "ready" || !proc || !proc.connected) return;
    proc.send({ ...message, id: 0 } as ToEngine, () => undefined);
  }

  function call(method: string, args: unknown[]): Promise<unknown> {
    const deadline = deadlineOf(method, args, graceMs);
    return request({ kind: "call", method, args }, deadline, method === "runReadOnly");
  }

  /**
   * An open write in the engine process. Events written ahead are sent in batches with the places and sources created
   * so far; the apply's ChangeSet names those events by id (the engine holds them), so that they cross once.
   */
  class RemoteWrite implements OpenWrite {
    private created: CreatedSoFar | null = null;
    private readonly sent = new Map<string, Event>();
    private readonly sentPlaces = new Set<string>();
    private readonly sentSources = new Set<string>();
    private batch: Event[] = [];
    private flushQueued = false;
    private done = false;
    private lostReason: string | null = null;

    constructor(private readonly handle: number) {}

    lost(reason: string): void {
      this.lostReason = reason;
      this.done = true;
    }

    private op(op: WriteOp, args: unknown[]): Outgoing {
      return { kind: "write", handle: this.handle, op, args };
    }

    private fresh<T extends { id: string }>(items: T[], seen: Set<string>): T[] {
      const out = items.filter((x) => !seen.has(x.id));
      for (const x of out) seen.add(x.id);
      return out;
    }

    private flush(): void {
      this.flushQueued = false;
      if (this.done || this.batch.length === 0) return;
      const events = this.batch;
      this.batch = [];
      const places = this.created ? this.fresh(this.created.places(), this.sentPlaces) : [];
      const sources = this.created ? this.fresh(this.created.sources(), this.sentSources) : [];
      post(this.op("writeAhead", [events, places, sources]));
    }

    creating(created: CreatedSoFar): void {
      this.created = created;
    }

    writeAhead(event: Event): void {
      if (this.done || this.sent.has(event.id)) return;
      // Its own fields are final (the caller's word, as in process): frozen, so that the apply can name it by id.
      Object.freeze(event);
      Object.freeze(event.fatalities);
      for (const c of event.claims) Object.freeze(c);
      Object.freeze(event.claims);
      this.sent.set(event.id, event);
      this.batch.push(event);
      if (this.batch.length >= AHEAD_BATCH) this.flush();
      else if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    }

    readDone(created: { places: Place[]; sources: Source[] }): void {
      this.flush();
      if (this.done) return;
      post(this.op("readDone", [created]));
    }

    resolved(created: { actors: Parameters<OpenWrite["resolved"]>[0]["actors"] }): void {
      this.flush();
      if (this.done) return;
      const participants: [string, Event["participants"]][] = [];
      for (const e of this.sent.values()) {
        Object.freeze(e.participants);
        participants.push([e.id, e.participants]);
      }
      post(this.op("resolved", [created, participants]));
    }

    async apply(changes: ChangeSet): Promise<void> {
      this.flush();
      if (this.done) throw new StoreUnavailableError(`embedded store: ${this.lostReason ?? "this write has ended"}`);
      this.done = true;
      const create = changes.events.create.map((e): Event | AheadRef =>
        this.sent.get(e.id) === e ? { aheadRef: e.id, participants: e.participants } : e,
      );
      const wire = { ...changes, events: { ...changes.events, create } };
      try {
        await request(this.op("apply", [wire]));
      } finally {
        writeEnded(this);
      }
    }

    async abort(): Promise<void> {
      if (this.done) return writeEnded(this);
      this.done = true;
      this.batch = [];
      try {
        await request(this.op("abort", []));
      } catch {
        // The engine process ended: its write was rolled back with it.
      } finally {
        writeEnded(this);
      }
    }
  }

  // Every Store method of the embedded store is forwarded (new port methods too), as long as its arguments and result
  // are plain data; openWrite, init and close are the supervisor's own.
  const local = createEmbeddedStore({ path: options.path });
  const proxy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(local)) {
    proxy[key] = typeof value === "function" ? (...args: unknown[]) => call(key, args) : value;
  }

  Object.assign(proxy, {
    async init() {
      if (state !== "closed") return ready ?? undefined;
      ready = spawnEngine();
      try {
        await ready;
      } catch (err) {
        setState("closed");
        child?.kill("SIGKILL");
        throw err;
      }
    },

    async close() {
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      const wasReady = state === "ready";
      setState("closed");
      stopWatch();
      if (!proc) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      if (wasReady && proc.connected) {
        const id = nextId++;
        const closed = new Promise<unknown>((resolve, reject) =>
          pending.set(id, { resolve, reject, workbench: false }),
        );
        proc.send({ kind: "call", id, method: "close", args: [] } satisfies ToEngine, () => undefined);
        await closed.catch(() => undefined);
      }
      const bail = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(bail);
    },

    async openWrite(): Promise<OpenWrite> {
      const handle = (await request({ kind: "call", method: "openWrite", args: [] })) as number;
      const w = new RemoteWrite(handle);
      openWrites.add(w);
      return w;
    },

    async apply(changes: ChangeSet) {
      // A plain apply is a write too: an overdue query waits for it.
      const w = new RemoteWrite(-1);
      openWrites.add(w);
      try {
        await request({ kind: "call", method: "apply", args: [changes] });
      } finally {
        writeEnded(w);
      }
    },

    status: () => ({ ...status }),
  });

  return proxy as unknown as IsolatedStore;
}

// Crash test of the embedded store (issue 16, point 4): real writes (seeding, a `npm run load` of a JSON file, an ACLED
// import of the real sample) run in a child process (crash-child.ts) that is SIGKILLed at named kill points; the file
// is then reopened here and must open by itself holding exactly the state before or after that write (counts and a
// hash of readAll()). Seeded and repeatable: the same cases every run. FAULTLINES_CRASH_LONG=1 adds more random cases.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bundle } from "../../../server/domain/index.js";
import { createEmbeddedStore } from "../../../server/store/embedded/embedded-store.js";
import { SIDE_FILES, StoreRecoveryError } from "../../../server/store/embedded/recovery.js";
import { ACLED_FILE, HAS_DATA } from "../../ingest/helpers.js";
import { seededRandom, type CrashPlan, type CrashWrite, type KillPoint } from "./crash-plan.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(HERE, "crash-child.ts");
const LONG = process.env.FAULTLINES_CRASH_LONG === "1";
const SEED = Number(process.env.FAULTLINES_CRASH_SEED ?? 16);

const root = mkdtempSync(path.join(tmpdir(), "faultlines-crash-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = path.join(root, `case-${++n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

interface State {
  counts: string;
  hash: string;
}

/** Entities sorted by id, keys sorted: the same store gives the same hash whatever order the engine reads it in. */
function hashBundle(b: Bundle): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === "object" && !(v instanceof Date)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          )
        : v;
  const h = createHash("sha256");
  for (const kind of ["sources", "places", "actors", "relationships", "events"] as const) {
    const rows = (b[kind] as unknown[]).map((x) => JSON.stringify(canon(x))).sort();
    h.update(`${kind}:${rows.length}\n${rows.join("\n")}\n`);
  }
  return h.digest("hex");
}

const logs: string[] = [];
/**
 * Opens the file as `npm start` would (recovery included), reads its state, closes it; its stored event counts must
 * equal those of its events.
 */
async function stateOf(file: string): Promise<State> {
  const store = createEmbeddedStore({ path: file, log: (line) => logs.push(line) });
  await store.init();
  try {
    const counts = JSON.stringify(await store.counts());
    // The stored event counts went in (or stayed out) with the events: they equal the counts of the events.
    expect(await store.readActivity()).toEqual(await store.deriveActivity());
    return { counts, hash: hashBundle(await store.readAll()) };
  } finally {
    await store.close();
  }
}

/** Runs the child; resolves with how it ended: killed (SIGKILL) or done. */
function runChild(plan: CrashPlan): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(plan)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve({ killed: true, out });
      else if (code === 0 && out.includes("done")) resolve({ killed: false, out });
      else reject(new Error(`crash child ${plan.name} ended with ${code ?? signal}: ${out}`));
    });
  });
}

const LOAD_EVENTS = 2_500;
/** A `npm run load` file: new events on seeded actors, places and sources (enough for the COPY path). */
function writeLoadFile(file: string): void {
  const rand = seededRandom(SEED);
  const events = Array.from({ length: LOAD_EVENTS }, (_, i) => ({
    id: `crash-load-${String(i).padStart(5, "0")}`,
    date: `2021-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`,
    type: "battle",
    placeId: "gao",
    fatalities: { best: Math.floor(rand() * 20) },
    claims: [],
    participants: [
      { actorId: "aqim", side: "A", attribution: "confirmed" },
      { actorId: "is-sahel", side: "B", attribution: "confirmed" },
    ],
    description: `Crash-test clash ${i}, "quoted", with a comma`,
    sources: [{ sourceId: "apa-2022-gao" }],
  }));
  writeFileSync(file, JSON.stringify({ events }));
}

interface Scenario {
  /** A store file holding the state before the write (copied per case). */
  beforeFile: string;
  before: State;
  after: State;
  input?: string;
}
const scenarios = new Map<CrashWrite, Scenario>();

async function prepare(write: CrashWrite, beforeFile: string, input?: string): Promise<Scenario> {
  const before = await stateOf(beforeFile);
  const dir = freshDir();
  const file = path.join(dir, "graph.lbug");
  copyFileSync(beforeFile, file);
  const run = await runChild({ name: `${write}:complete`, write, point: "reading", at: -1, delayMs: 0, file, input });
  expect(run.killed).toBe(false);
  const after = await stateOf(file);
  expect(after.hash).not.toBe(before.hash);
  return { beforeFile, before, after, input };
}

/** The short, deterministic set run every time; the long one adds random cases around the checkpoint. */
function cases(): { write: CrashWrite; point: KillPoint; at?: number; delayMs: number }[] {
  const rand = seededRandom(SEED);
  const pick = (lo: number, hi: number) => Math.round(lo + rand() * (hi - lo));
  const base: { write: CrashWrite; point: KillPoint; at?: number; delayMs: number }[] = [
    { write: "seed", point: "commit", delayMs: pick(0, 30) },
    { write: "seed", point: "checkpoint", delayMs: 0 },
    { write: "seed", point: "shadow", delayMs: pick(1, 20) },
    { write: "load", point: "commit", delayMs: pick(0, 100) },
    { write: "load", point: "checkpoint", delayMs: pick(0, 5) },
    { write: "load", point: "shadow", delayMs: pick(5, 60) },
    { write: "import", point: "reading", at: pick(100, 4000), delayMs: 0 },
    { write: "import", point: "read-done", delayMs: pick(0, 50) },
    { write: "import", point: "ahead", delayMs: pick(0, 100) },
    { write: "import", point: "commit", delayMs: pick(0, 150) },
    { write: "import", point: "checkpoint", delayMs: pick(0, 5) },
    { write: "import", point: "shadow", delayMs: pick(0, 300) },
    { write: "import", point: "shadow", delayMs: pick(300, 900) },
    // In the engine's copy of shadow pages into the data file, after its CHECKPOINT record: the state after.
    { write: "seed", point: "applying", delayMs: 0 },
    { write: "load", point: "applying", delayMs: pick(0, 3) },
    { write: "import", point: "applying", delayMs: 0 },
    { write: "import", point: "applying", delayMs: pick(1, 10) },
  ];
  if (!LONG) return base;
  const extra: typeof base = [];
  for (let i = 0; i < 40; i++) {
    const write = (["seed", "load", "import", "import"] as const)[pick(0, 3)];
    const point = (["commit", "checkpoint", "shadow", "applying"] as const)[pick(0, 3)];
    extra.push({ write, point, delayMs: pick(0, write === "import" ? 1000 : 80) });
  }
  return [...base, ...extra];
}

describe.skipIf(!HAS_DATA)("embedded store crash test (SIGKILL at named points, reopened here)", () => {
  beforeAll(async () => {
    const emptyDir = freshDir();
    const empty = path.join(emptyDir, "graph.lbug");
    await stateOf(empty);
    scenarios.set("seed", await prepare("seed", empty));
    const seeded = path.join(freshDir(), "graph.lbug");
    copyFileSync(empty, seeded);
    await runChild({ name: "seeded", write: "seed", point: "reading", at: -1, delayMs: 0, file: seeded });
    const loadFile = path.join(root, "load.json");
    writeLoadFile(loadFile);
    scenarios.set("load", await prepare("load", seeded, loadFile));
    scenarios.set("import", await prepare("import", seeded, ACLED_FILE));
  }, 120_000);

  for (const c of cases()) {
    const name = `${c.write} killed at ${c.point}${c.at ? ` #${c.at}` : ""} +${c.delayMs} ms reopens before or after`;
    it(name, async () => {
      const s = scenarios.get(c.write)!;
      const file = path.join(freshDir(), "graph.lbug");
      copyFileSync(s.beforeFile, file);
      const run = await runChild({ name, ...c, file, input: s.input });
      const left = SIDE_FILES.filter((x) => existsSync(file + x));
      const got = await stateOf(file);
      const which = got.hash === s.before.hash ? "before" : got.hash === s.after.hash ? "after" : "neither";
      console.log(`${name}: ${run.killed ? "killed" : "finished"}, left [${left.join(" ")}] -> ${which}`);
      expect(run.killed).toBe(true);
      expect(which).not.toBe("neither");
      expect(got.counts).toBe(which === "before" ? s.before.counts : s.after.counts);
      // Reopened once more: recovery left nothing behind that needs it again.
      expect(SIDE_FILES.filter((x) => existsSync(file + x) && !x.endsWith(".lock"))).toEqual([]);
    });
  }
});

/** A file whose WAL the engine cannot read: LadybugDB 0.19.1 with WAL checksums writes a record over 4 KB wrongly. */
function writeUnreadableWal(file: string): Promise<void> {
  const code = `
    const lbug = require(${JSON.stringify(require_("@ladybugdb/core"))});
    const d = new lbug.Database(${JSON.stringify(file)}, 0, true, false, 4 * 2 ** 30, false, -1, true, true);
    const c = new lbug.Connection(d); c.initSync();
    c.querySync("CREATE NODE TABLE IF NOT EXISTS Probe(id INT64 PRIMARY KEY, s STRING)");
    c.querySync("CREATE (:Probe {id: 1, s: 'small'})");
    c.querySync("CHECKPOINT");
    c.querySync("CREATE (:Probe {id: 2, s: '" + "x".repeat(5000) + "'})");
    process.kill(process.pid, "SIGKILL");`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["-e", code], (err) =>
      (err as { signal?: string } | null)?.signal === "SIGKILL" ? resolve() : reject(err ?? new Error("not killed")),
    ),
  );
}
const require_ = (id: string) => path.join(HERE, "../../../node_modules", id);

describe("embedded store recovery at open", () => {
  it("sets aside a WAL the engine cannot read when no shadow pages were written, and says so", async () => {
    const file = path.join(freshDir(), "graph.lbug");
    await writeUnreadableWal(file);
    expect(existsSync(file + ".wal")).toBe(true);
    const lines: string[] = [];
    const store = createEmbeddedStore({ path: file, log: (l) => lines.push(l) });
    await store.init();
    const rows = await store.runReadOnly("MATCH (p:Probe) RETURN p.id AS id", {}, { timeoutMs: 5000, maxRows: 10 });
    await store.close();
    expect(rows.rows).toEqual([{ id: 1 }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/could not be replayed.*moved to .*graph\.lbug\.recovered-/);
    const kept = readdirSync(path.dirname(file)).filter((f) => f.includes(".recovered-"));
    expect(kept).toHaveLength(1);
    expect(readdirSync(path.join(path.dirname(file), kept[0]))).toEqual(["graph.lbug.wal"]);
  });

  it("refuses, naming the files and keeping a copy of them, when shadow pages may be half-applied", async () => {
    const file = path.join(freshDir(), "graph.lbug");
    await writeUnreadableWal(file);
    writeFileSync(file + ".shadow", Buffer.alloc(8192, 1));
    const store = createEmbeddedStore({ path: file, log: () => undefined });
    const err = await store.init().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreRecoveryError);
    const files = (err as StoreRecoveryError).files;
    expect(files[0]).toBe(file);
    expect(files.at(-1)).toMatch(/graph\.lbug\.recovered-/);
    expect(readdirSync(files.at(-1)!).sort()).toEqual(["graph.lbug.shadow", "graph.lbug.wal"]);
    // Nothing is opened after it: the next attempt refuses the same way.
    const again = await createEmbeddedStore({ path: file, log: () => undefined })
      .init()
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(StoreRecoveryError);
  });
});

// Large writes into Neo4j, all or nothing without one huge transaction: the new nodes and their edges are staged in
// batched transactions under staging labels no reader asks for, and published (the real label added) in one final
// transaction with the rest of the ChangeSet. Stale staging (a crashed or killed write) is cleared at init.
// Why this design, and what it leaves visible: server/ingest/README.md, section "Neo4j".
import path from "node:path";
import neo4j, { type Driver, type ManagedTransaction, type Session, type Transaction } from "neo4j-driver";
import type { Actor, Event, Place, Source } from "../../domain/index.js";
import type { ChangeSet } from "../port.js";
import { planWrites, type Row } from "../plan.js";
import { loadQueryFiles, loadSchema, REPO_ROOT, type NodeLabel, type QueryBook } from "../query-book.js";
import { toActorRow, toCiteRows, toEventRow, toParticipantRows, toPlaceRow, toSourceRow } from "../rows.js";
import { pendingSchema } from "./schema.js";
import { toWriteParams } from "./values.js";

export const STAGING_DIR = path.join(REPO_ROOT, "cypher/staging");

/** Each real label and the label its nodes carry while staged (a closed set: query text is filled only from it). */
export const STAGED_LABELS = {
  Source: "StagedSource",
  Place: "StagedPlace",
  Actor: "StagedActor",
  Event: "StagedEvent",
} as const satisfies Record<NodeLabel, string>;
export type StagedLabel = (typeof STAGED_LABELS)[NodeLabel];
const STAGED: readonly string[] = Object.values(STAGED_LABELS);
const REAL: readonly string[] = Object.keys(STAGED_LABELS);

export const STAGING_QUERY_NAMES = [
  "lock-create",
  "lock-hold",
  "staged-delete",
  "staged-count",
  "staging-state",
  "publish",
  "unstage",
  "sources-create",
  "places-create",
  "actors-create",
  "events-create-linked",
  "places-link",
  "cites-create",
] as const;
export type StagingQueryName = (typeof STAGING_QUERY_NAMES)[number];

/** `__STAGED__`, `__FROM__` and `__TO__` (staged or real labels) and `__LABEL__` (real), only from the closed sets. */
export interface StagingSubstitutions {
  staged?: StagedLabel;
  label?: NodeLabel;
  from?: NodeLabel | StagedLabel;
  to?: NodeLabel | StagedLabel;
}

export interface StagingBook {
  text(name: StagingQueryName, subs?: StagingSubstitutions): string;
}

export function createStagingBook(files = loadQueryFiles(STAGING_DIR)): StagingBook {
  const byName = new Map(files.map((f) => [f.name, f.text]));
  for (const name of STAGING_QUERY_NAMES) {
    if (!byName.has(name)) throw new Error(`neo4j bulk: no cypher/staging/${name}.cypher`);
  }
  const fill = (text: string, slot: string, value: string | undefined, allowed: readonly string[], name: string) => {
    if (!text.includes(slot)) return text;
    if (!value || !allowed.includes(value)) {
      throw new Error(`neo4j bulk: ${name} needs ${slot} from the closed set of labels, got ${value}`);
    }
    return text.replaceAll(slot, value);
  };
  const any = [...REAL, ...STAGED];
  return {
    text(name, subs = {}) {
      let text = byName.get(name)!;
      text = fill(text, "__STAGED__", subs.staged, STAGED, name);
      text = fill(text, "__LABEL__", subs.label, REAL, name);
      text = fill(text, "__FROM__", subs.from, any, name);
      return fill(text, "__TO__", subs.to, any, name);
    },
  };
}

/** Hooks for tests: a failure or a reader's look at a chosen point of a staged write. */
export interface BulkHooks {
  /** After each staging transaction commits (`batch` counts from 1 over the whole write). */
  afterBatch?(info: { step: string; batch: number }): void | Promise<void>;
  /** Everything is staged; the final transaction has not started. */
  beforePublish?(): void | Promise<void>;
}

export interface BulkOptions {
  /** Rows per staging transaction (UNWIND batch). */
  batchRows?: number;
  /** A ChangeSet creating at least this many nodes is staged; a smaller one goes in one transaction. */
  stageFrom?: number;
  /** How long the clean-up at init waits for the staging lock before it takes a staged write as alive elsewhere. */
  probeTimeoutMs?: number;
  hooks?: BulkHooks;
}

export const BULK_DEFAULTS = {
  batchRows: 10_000,
  stageFrom: 5_000,
  probeTimeoutMs: 1_000,
} as const;

const DELETE_BATCH = 10_000;
/** Items (events plus their edges) per batch of events with their edges, as a multiple of `batchRows`. */
const EDGE_WEIGHT = 3;

/** How many nodes a ChangeSet creates: what decides whether it is staged. */
export function createdNodes(c: ChangeSet): number {
  return c.sources.create.length + c.places.create.length + c.actors.create.length + c.events.create.length;
}

const debug = (label: string, since: number) => {
  if (process.env.FAULTLINES_BULK_DEBUG === "1")
    console.error(`  [neo4j] ${label}: ${(performance.now() - since).toFixed(0)} ms`);
};

/** Where a staged write runs: the store's driver and database. */
export interface BulkTarget {
  driver: Driver;
  database?: string;
}

function writeSession(t: BulkTarget): Session {
  return t.driver.session({ database: t.database, defaultAccessMode: neo4j.session.WRITE });
}

/**
 * The staging indexes and lock node (idempotent), then the clean-up of what a crashed staged write left. `names`: the
 * schema names the database holds (schemaNames), when the caller has read them: only missing DDL is sent. One count
 * store read says whether anything is staged and whether the lock exists; with nothing staged there is nothing to clean
 * (a staged write that starts later takes the lock itself), so the lock probe and the drains are skipped: on a freshly
 * started server they took 5.1 s of a store's init, for nothing.
 */
export async function initStaging(
  t: BulkTarget,
  options: BulkOptions = {},
  names?: ReadonlySet<string>,
): Promise<CleanUpReport | null> {
  const book = createStagingBook();
  const s = writeSession(t);
  let staged: number;
  try {
    const ddl = loadSchema("neo4j", path.join(STAGING_DIR, "schema"));
    for (const statement of names ? pendingSchema(ddl, names) : ddl) await s.executeWrite((tx) => tx.run(statement));
    const state = (await s.executeRead((tx) => tx.run(book.text("staging-state")))).records[0];
    staged = Number(state.get("staged"));
    if (Number(state.get("lock")) === 0) await s.executeWrite((tx) => tx.run(book.text("lock-create")));
  } finally {
    await s.close();
  }
  return staged > 0 ? cleanStaleStaging(t, book, options) : { deleted: 0, unstaged: 0 };
}

export interface CleanUpReport {
  /** Staged nodes never published, deleted with their edges. */
  deleted: number;
  /** Published nodes that still carried their staging label, which is taken off. */
  unstaged: number;
}

/** Runs a batched statement until it touches fewer than a batch. */
async function drain(s: Session, text: string): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await s.executeWrite((tx) => tx.run(text, { limit: neo4j.int(DELETE_BATCH) }));
    const n = Number(r.records[0]?.get("n") ?? 0);
    total += n;
    if (n < DELETE_BATCH) return total;
  }
}

/**
 * Under the staging lock: deletes what was staged and not published, unstages what was published. Right after its own
 * publish a write only unstages (`published`): nothing is left unpublished, and the delete pass would walk every staged
 * node once more for nothing.
 */
async function clearStaging(s: Session, book: StagingBook, published = false): Promise<CleanUpReport> {
  const report: CleanUpReport = { deleted: 0, unstaged: 0 };
  for (const label of REAL as NodeLabel[]) {
    const staged = STAGED_LABELS[label];
    if (!published) report.deleted += await drain(s, book.text("staged-delete", { staged, label }));
    report.unstaged += await drain(s, book.text("unstage", { staged, label }));
  }
  return report;
}

/**
 * Clears the staging a crashed or killed staged write left (its process died, or lost its connection: the server
 * then rolled back the transaction that held the staging lock). Returns null when a staged write is running
 * (the lock stays held past `probeTimeoutMs`): that write's staging is not stale.
 */
export async function cleanStaleStaging(
  t: BulkTarget,
  book: StagingBook = createStagingBook(),
  options: BulkOptions = {},
): Promise<CleanUpReport | null> {
  const probe = writeSession(t);
  const s = writeSession(t);
  let tx: Transaction | null = null;
  try {
    tx = await probe.beginTransaction({ timeout: options.probeTimeoutMs ?? BULK_DEFAULTS.probeTimeoutMs });
    try {
      await tx.run(book.text("lock-hold"));
    } catch {
      return null; // held: a staged write is running
    }
    const report = await clearStaging(s, book);
    if (report.deleted || report.unstaged)
      debug(`clean-up: ${report.deleted} staged node(s) deleted, ${report.unstaged} unstaged`, 0);
    return report;
  } finally {
    await tx?.rollback().catch(() => undefined);
    await probe.close();
    await s.close();
  }
}

interface Step {
  name: string;
  text: string;
  rows: () => unknown[][];
}

/** One staging step per batch of rows; `toRows` maps a slice of items to rows. */
function step<T>(name: string, text: string, items: T[], size: number, toRows: (slice: T[]) => unknown[]): Step {
  return {
    name,
    text,
    rows() {
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) out.push(toRows(items.slice(i, i + size)));
      return out;
    },
  };
}

/**
 * Events with their edges, in batches of at most `size` events and at most EDGE_WEIGHT × `size` items (events plus
 * edges): a statement's transaction memory grows with both. Measured with ACLED (5.8 edges per event): 20k events per
 * batch exceeded db.memory.transaction.max 256 MiB; 5k and 10k took the same time.
 */
function eventStep(name: string, text: string, events: Event[], size: number, toRow: (e: Event) => Row): Step {
  const budget = EDGE_WEIGHT * size;
  return {
    name,
    text,
    rows() {
      const out: unknown[][] = [];
      let batch: Row[] = [];
      let weight = 0;
      for (const e of events) {
        const w = 1 + (e.placeId ? 1 : 0) + e.sources.length + e.participants.length;
        if (batch.length && (batch.length >= size || weight + w > budget)) {
          out.push(batch);
          batch = [];
          weight = 0;
        }
        batch.push(toRow(e));
        weight += w;
      }
      if (batch.length) out.push(batch);
      return out;
    },
  };
}

/** Rows split by whether the node at their far end is created by this write (staged) or already stored. */
function splitBy(rows: Row[], key: string, created: Set<string>): [stored: Row[], staged: Row[]] {
  const stored: Row[] = [];
  const staged: Row[] = [];
  for (const r of rows) (created.has(String(r[key])) ? staged : stored).push(r);
  return [stored, staged];
}

/** An event row with its edges, each far end marked staged (created by this write) or stored. */
function linkedEventRow(e: Event, newPlaces: Set<string>, newSources: Set<string>, newActors: Set<string>): Row {
  const row = toEventRow(e);
  const place = e.placeId ? [e.placeId] : [];
  const staged = Boolean(e.placeId && newPlaces.has(e.placeId));
  row.placeStaged = staged ? place : [];
  row.placeStored = staged ? [] : place;
  const [citesStored, citesStaged] = splitBy(toCiteRows([e]), "sourceId", newSources);
  row.citesStaged = citesStaged;
  row.citesStored = citesStored;
  const [byStored, byStaged] = splitBy(toParticipantRows(e), "actorId", newActors);
  row.byStaged = byStaged;
  row.byStored = byStored;
  return row;
}

/** The staging steps of a ChangeSet's creates, nodes first, then their edges, in batches of `size` rows. */
function stagingSteps(book: StagingBook, c: ChangeSet, size: number): Step[] {
  const ids = (xs: { id: string }[]) => new Set(xs.map((x) => x.id));
  const newSources = ids(c.sources.create);
  const newPlaces = ids(c.places.create);
  const newActors = ids(c.actors.create);
  const each =
    <T>(fn: (x: T) => Row) =>
    (slice: T[]) =>
      slice.map(fn);
  const steps: Step[] = [
    step("sources", book.text("sources-create"), c.sources.create, size, each<Source>(toSourceRow)),
    step("places", book.text("places-create"), c.places.create, size, each<Place>(toPlaceRow)),
    step("actors", book.text("actors-create"), c.actors.create, size, each<Actor>(toActorRow)),
  ];
  const edges = (
    name: string,
    rows: Row[],
    key: string,
    created: Set<string>,
    text: (to: "real" | "staged") => string,
  ) => {
    const [stored, staged] = splitBy(rows, key, created);
    steps.push(step(name, text("real"), stored, size, (x) => x));
    steps.push(step(`${name} (staged ends)`, text("staged"), staged, size, (x) => x));
  };
  const links = c.places.create.filter((p) => p.parent).map((p) => ({ id: p.id, parentId: p.parent }));
  edges("place links", links, "parentId", newPlaces, (to) =>
    book.text("places-link", { to: to === "real" ? "Place" : "StagedPlace" }),
  );
  edges("actor cites", toCiteRows(c.actors.create), "sourceId", newSources, (to) =>
    book.text("cites-create", { from: "StagedActor", to: to === "real" ? "Source" : "StagedSource" }),
  );
  // Events last, each with its OCCURRED_AT, CITES and PARTICIPATED_IN edges in the same statement: every far end is
  // staged or stored by now, and the event need not be found again by id (measured: server/ingest/README.md).
  steps.push(
    eventStep("events with their edges", book.text("events-create-linked"), c.events.create, size, (e) =>
      linkedEventRow(e, newPlaces, newSources, newActors),
    ),
  );
  return steps;
}

/** The ChangeSet without its creates: what the final transaction writes after publishing the staged nodes. */
function withoutCreates(c: ChangeSet): ChangeSet {
  return {
    ...c,
    sources: { create: [], update: c.sources.update },
    places: { create: [], update: c.places.update },
    actors: { create: [], update: c.actors.update },
    events: { create: [], update: c.events.update, previous: c.events.previous },
  };
}

/**
 * Writes a ChangeSet through staging: takes the staging lock in a transaction kept open for as long as the write lives
 * (a second staged write waits for it); clears any stale staging; stages the creates in batched transactions; one
 * transaction publishes them and writes the rest of the ChangeSet (updates, removals, relationships, clashes); then
 * the staging labels come off in batches. On a failure before the publish the staging is deleted before the error
 * is passed on; a crash leaves it to the next clean-up, which finishes an unstage the same way.
 */
export async function applyStaged(
  t: BulkTarget,
  book: QueryBook,
  changes: ChangeSet,
  options: BulkOptions = {},
  staging: StagingBook = createStagingBook(),
): Promise<void> {
  const size = options.batchRows ?? BULK_DEFAULTS.batchRows;
  const hooks = options.hooks ?? {};
  const work = writeSession(t);
  const holder = writeSession(t);
  let hold: Transaction | null = null;
  try {
    hold = await holder.beginTransaction();
    await hold.run(staging.text("lock-hold"));
    // A staged write that died before its clean-up (or whose clean-up found the lock held at init) left this behind.
    await clearStaging(work, staging);
    try {
      let batch = 0;
      for (const st of stagingSteps(staging, changes, size)) {
        const t0 = performance.now();
        const batches = st.rows();
        for (const rows of batches) {
          const params = { rows: toWriteParams(rows) };
          await work.executeWrite((tx: ManagedTransaction) => tx.run(st.text, params));
          await hooks.afterBatch?.({ step: st.name, batch: ++batch });
        }
        if (batches.length) debug(`stage ${st.name} (${batches.length} batch(es))`, t0);
      }
      await hooks.beforePublish?.();

      const t1 = performance.now();
      // The stored event counts move with the publish, for the staged creates too.
      const rest = planWrites(book, withoutCreates(changes), undefined, undefined, changes)
        .map((st) => ({ text: st.text, raw: st.params, key: st.batch?.key }))
        .filter((st) => !st.key || (st.raw[st.key] as unknown[]).length > 0)
        .map((st) => ({ text: st.text, params: toWriteParams(st.raw) as Row }));
      await work.executeWrite(async (tx: ManagedTransaction) => {
        for (const label of REAL as NodeLabel[]) {
          await tx.run(staging.text("publish", { staged: STAGED_LABELS[label], label }));
        }
        for (const st of rest) await tx.run(st.text, st.params);
      });
      debug("publish and the rest of the change set (one transaction)", t1);
    } catch (err) {
      // Nothing was published: what was staged goes. Best effort: if this fails too, the next clean-up does it.
      await clearStaging(work, staging).catch(() => undefined);
      throw err;
    }
    const t2 = performance.now();
    await clearStaging(work, staging, true);
    debug("unstage", t2);
  } finally {
    await hold?.rollback().catch(() => undefined);
    await holder.close();
    await work.close();
  }
}

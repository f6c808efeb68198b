// The loader: validates every input before writing, writes all or nothing, changes nothing on a second run, and reports.
// Seeds, `npm run load`, the importers and POST /api/import all come through here.
import {
  BundleSchema,
  ClashMonths,
  ValidationError,
  clashFromMonths,
  clashPairsOf,
  clashIdOf,
  type Bundle,
  type Clash,
  type Event,
  type Issue,
  type Place,
  type Relationship,
  type Source,
} from "../domain/index.js";
import { emptyChangeSet, type ActorGraph, type ChangeSet, type ClashChanges, type Store } from "../store/port.js";

export interface LoadInput {
  /** Where the data came from, named in every error (a file path, "request body", "acled row 12"). */
  file: string;
  data: unknown;
}

export const ENTITY_KINDS = ["sources", "places", "actors", "relationships", "events"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface EntityCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface LoadReport {
  dryRun: boolean;
  written: boolean;
  files: string[];
  counts: Record<EntityKind, EntityCounts>;
  clashes: number;
  /** Ids created or updated, per kind (the diff a dry run shows). */
  changes: Record<EntityKind, { created: string[]; updated: string[] }>;
}

export interface LoadOptions {
  dryRun?: boolean;
}

/** "mujao" SPLINTER_OF "aqim" since 2011 -> "mujao-splinter_of-aqim-2011". */
export function relationshipIdOf(r: Pick<Relationship, "type" | "from" | "to" | "since">): string {
  return [r.from, r.type.toLowerCase(), r.to, r.since].filter(Boolean).join("-");
}

/**
 * Equal content whatever the key order, a key holding undefined counting as absent (what JSON would keep). Compares
 * in place: no canonical JSON strings for the 200k objects of a 100k-event re-import.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameContent(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    defined++;
    if (!sameContent(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) defined--;
  return defined === 0;
}

function issuePath(file: string, path: PropertyKey[]): string {
  return `${file}: ${path.map(String).join(".") || "(root)"}`;
}

/** Parses each input with BundleSchema; every issue names the file and the field. */
export function parseInputs(inputs: LoadInput[]): Bundle {
  return parseInputsWithOrigins(inputs).bundle;
}

/** Like parseInputs, also telling where each entity came from ("seeds/actors.json: actors.3"). */
export function parseInputsWithOrigins(inputs: LoadInput[]): { bundle: Bundle; origins: Map<string, string> } {
  const issues: Issue[] = [];
  const merged: Bundle = { sources: [], places: [], actors: [], relationships: [], events: [] };
  const origin = new Map<string, string>();
  for (const input of inputs) {
    const parsed = BundleSchema.safeParse(input.data);
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        issues.push({ path: issuePath(input.file, i.path), code: i.code, message: i.message });
      continue;
    }
    const b = parsed.data;
    const rels = b.relationships.map((r) => ({ ...r, id: r.id ?? relationshipIdOf(r) }));
    const sections = { ...b, relationships: rels } as Bundle;
    for (const kind of ENTITY_KINDS) {
      (sections[kind] as { id: string }[]).forEach((item, index) => {
        const key = `${kind}:${item.id}`;
        const first = origin.get(key);
        if (first) {
          issues.push({
            path: issuePath(input.file, [kind, index, "id"]),
            code: "duplicate_id",
            message: `${kind} id '${item.id}' is defined twice (first in ${first})`,
          });
          return;
        }
        origin.set(key, `${input.file}: ${kind}.${index}`);
        (merged[kind] as unknown[]).push(item);
      });
    }
  }
  if (issues.length)
    throw new ValidationError(`${issues.length} problem(s) in ${inputs.map((i) => i.file).join(", ")}`, issues);
  return { bundle: merged, origins: origin };
}

/** Every reference must resolve against the input or what the store already holds. */
export function checkReferences(
  incoming: Bundle,
  existing: Bundle,
  where: (kind: EntityKind, id: string) => string,
): void {
  const ids = (kind: EntityKind) =>
    new Set([...(existing[kind] as { id: string }[]), ...(incoming[kind] as { id: string }[])].map((x) => x.id));
  const actors = ids("actors");
  const places = ids("places");
  const sources = ids("sources");
  const issues: Issue[] = [];
  // Paths are built only for a missing reference: a 100k-event import checks half a million of them.
  const need = (set: Set<string>, id: string | undefined, path: () => string, what: string) => {
    if (id !== undefined && !set.has(id))
      issues.push({ path: path(), code: "dangling_reference", message: `unknown ${what} '${id}'` });
  };
  const refs = (list: { sourceId: string }[], base: () => string) =>
    list.forEach((s, i) => need(sources, s.sourceId, () => `${base()}.sources.${i}.sourceId`, "source"));
  for (const p of incoming.places) need(places, p.parent, () => `${where("places", p.id)}.parent`, "place");
  for (const a of incoming.actors) refs(a.sources, () => where("actors", a.id));
  for (const r of incoming.relationships) {
    const base = () => where("relationships", r.id);
    need(actors, r.from, () => `${base()}.from`, "actor");
    need(actors, r.to, () => `${base()}.to`, "actor");
    refs(r.sources, base);
    if (r.since && r.until && r.until < r.since) {
      issues.push({
        path: `${base()}.until`,
        code: "invalid_date_range",
        message: `until ${r.until} is before since ${r.since}`,
      });
    }
  }
  // Events are most of a large import: checked without a closure per reference, and a source list that importers
  // share between events is checked once.
  const sourceListsOk = new WeakSet<object>();
  for (const e of incoming.events) {
    if (e.placeId !== undefined && !places.has(e.placeId)) {
      need(places, e.placeId, () => `${where("events", e.id)}.placeId`, "place");
    }
    for (let i = 0; i < e.participants.length; i++) {
      if (actors.has(e.participants[i].actorId)) continue;
      need(actors, e.participants[i].actorId, () => `${where("events", e.id)}.participants.${i}.actorId`, "actor");
    }
    e.claims.forEach((c, i) => {
      need(actors, c.by, () => `${where("events", e.id)}.claims.${i}.by`, "actor");
      need(sources, c.sourceId, () => `${where("events", e.id)}.claims.${i}.sourceId`, "source");
    });
    if (sourceListsOk.has(e.sources)) continue;
    const before = issues.length;
    refs(e.sources, () => where("events", e.id));
    if (issues.length === before) sourceListsOk.add(e.sources);
  }
  if (issues.length) throw new ValidationError(`${issues.length} dangling or inconsistent reference(s)`, issues);
}

function diff<T extends { id: string }>(incoming: T[], existing: T[]): { create: T[]; update: T[]; unchanged: number } {
  const before = new Map(existing.map((x) => [x.id, x]));
  const create: T[] = [];
  const update: T[] = [];
  let unchanged = 0;
  for (const item of incoming) {
    const prev = before.get(item.id);
    if (prev === undefined) create.push(item);
    else if (!sameContent(prev, item)) update.push(item);
    else unchanged++;
  }
  return { create, update, unchanged };
}

/** The order the store hands participants back in: by side, then actor. */
export const bySideThenActor = (p: { side: string; actorId: string }, q: { side: string; actorId: string }) =>
  p.side < q.side ? -1 : p.side > q.side ? 1 : p.actorId < q.actorId ? -1 : p.actorId > q.actorId ? 1 : 0;

/** Whether participants are already in the store's order. */
export const inParticipantOrder = (ps: { side: string; actorId: string }[]) =>
  ps.every((p, i) => i === 0 || bySideThenActor(ps[i - 1], p) <= 0);

/** The canonical order of unordered lists, so that a bundle read back from a store compares equal to its input. */
export function normalizeBundle(b: Bundle): Bundle {
  // Events already in order (importers sort them) are kept as they are: no copy of 100k events.
  return {
    ...b,
    events: b.events.map((e) =>
      inParticipantOrder(e.participants) ? e : { ...e, participants: [...e.participants].sort(bySideThenActor) },
    ),
  };
}

/**
 * What a caller has already read of the store, by id: the stored record, or null for an id the store does not hold
 * (an importer looks up its file's events, places and sources as it reads them: see ingest/stored-lookup.ts).
 */
export interface KnownRecords {
  sources: ReadonlyMap<string, Source | null>;
  places: ReadonlyMap<string, Place | null>;
  events: ReadonlyMap<string, Event | null>;
  /** The actor-level graph, when read already. */
  graph?: ActorGraph;
}

/**
 * What the store holds of what a load touches: the actor-level graph whole (it is small), and the sources, places and
 * events the input defines or refers to, by id (those `known` already answers are not asked again). Never the whole
 * store: a one-relationship load reads a few rows.
 */
export async function readExisting(
  store: Store,
  incoming: Bundle,
  known?: KnownRecords,
): Promise<Bundle & { clashes: Clash[] }> {
  const graph = known?.graph ?? (await store.readActorGraph());
  const sources = new Set(incoming.sources.map((x) => x.id));
  const places = new Set(incoming.places.map((x) => x.id));
  const cite = (refs: { sourceId: string }[]) => refs.forEach((r) => sources.add(r.sourceId));
  for (const p of incoming.places) if (p.parent) places.add(p.parent);
  for (const a of incoming.actors) cite(a.sources);
  for (const r of incoming.relationships) cite(r.sources);
  // Importers share one sources list between events: cited once.
  const cited = new WeakSet<object>();
  for (const e of incoming.events) {
    if (e.placeId) places.add(e.placeId);
    if (!cited.has(e.sources)) {
      cite(e.sources);
      cited.add(e.sources);
    }
    e.claims.forEach((c) => sources.add(c.sourceId));
  }
  const events = new Set(incoming.events.map((e) => e.id));
  /** Of these ids, those to ask the store about, and the stored records `known` already holds. */
  const split = <T>(ids: Set<string>, have: ReadonlyMap<string, T | null> | undefined) => {
    const ask: string[] = [];
    const held: T[] = [];
    for (const id of ids) {
      const x = have?.get(id);
      if (x === undefined) ask.push(id);
      else if (x !== null) held.push(x);
    }
    return { ask, held };
  };
  const s = split(sources, known?.sources);
  const p = split(places, known?.places);
  const e = split(events, known?.events);
  const byIds = await store.readByIds({ sources: s.ask, places: p.ask, events: e.ask });
  return {
    sources: [...s.held, ...byIds.sources],
    places: [...p.held, ...byIds.places],
    events: [...e.held, ...byIds.events],
    actors: graph.actors,
    relationships: graph.relationships,
    clashes: graph.clashes,
  };
}

/**
 * The clash aggregates a write changes, kept exact without reading every event: new events add to their pairs'
 * months; a pair an updated event used to count for is re-derived by the store without the updated events, then the
 * new versions are added. Pairs left with no event are removed.
 */
export async function clashChanges(store: Store, current: Clash[], changes: ChangeSet): Promise<ClashChanges> {
  const byId = new Map(current.map((c) => [c.id, c]));
  const rederive = new Set<string>();
  for (const e of changes.events.previous) for (const [a, b] of clashPairsOf(e)) rederive.add(clashIdOf(a, b));
  const acc = new ClashMonths();
  if (rederive.size) {
    const actors = new Set<string>();
    for (const id of rederive) for (const x of id.split(":").slice(1)) actors.add(x);
    const derived = await store.deriveClashes({
      actors: [...actors],
      exclude: changes.events.update.map((e) => e.id),
    });
    for (const c of derived) {
      if (!rederive.has(c.id)) continue;
      for (const [month, m] of Object.entries(c.months)) acc.add(c.a, c.b, month, m);
    }
  }
  const touched = new Set(rederive);
  for (const e of [...changes.events.create, ...changes.events.update]) {
    for (const [a, b] of clashPairsOf(e)) {
      const id = clashIdOf(a, b);
      if (!touched.has(id)) {
        touched.add(id);
        const stored = byId.get(id);
        if (stored) for (const [month, m] of Object.entries(stored.months)) acc.add(a, b, month, m);
      }
    }
    acc.addEvent(e);
  }
  const upsert: Clash[] = [];
  const remove: string[] = [];
  for (const id of [...touched].sort()) {
    const p = acc.pairs.get(id);
    const c = p ? clashFromMonths(p.a, p.b, p.months) : null;
    if (c) upsert.push(c);
    else if (byId.has(id)) remove.push(id);
  }
  return { replaceAll: false, upsert, remove };
}

export type LoadBundleOptions = LoadOptions & {
  files?: string[];
  where?: (kind: EntityKind, id: string) => string;
  /** What the caller has read of the store already (importers, the server's read model): not read again. */
  known?: KnownRecords;
  /** Writes the ChangeSet (an importer's open write); store.apply by default. */
  apply?: (changes: ChangeSet) => Promise<void>;
  /** The stored clash aggregates, when the caller holds them (the server's read model). */
  clashes?: Clash[];
};

/** Validates, diffs against the store and (unless dryRun) writes the difference in one transaction. */
export async function loadBundle(store: Store, incoming: Bundle, options: LoadBundleOptions = {}): Promise<LoadReport> {
  incoming = normalizeBundle(incoming);
  const existing = await readExisting(store, incoming, options.known);
  checkReferences(incoming, existing, options.where ?? ((kind, id) => `${kind}[id=${id}]`));
  const changes: ChangeSet = emptyChangeSet();
  const report: LoadReport = {
    dryRun: Boolean(options.dryRun),
    written: false,
    files: options.files ?? [],
    counts: {} as LoadReport["counts"],
    clashes: 0,
    changes: {} as LoadReport["changes"],
  };
  for (const kind of ENTITY_KINDS) {
    const d = diff(incoming[kind] as { id: string }[], existing[kind] as { id: string }[]);
    (changes[kind] as { create: unknown[]; update: unknown[] }).create = d.create;
    (changes[kind] as { create: unknown[]; update: unknown[] }).update = d.update;
    report.counts[kind] = {
      read: incoming[kind].length,
      created: d.create.length,
      updated: d.update.length,
      unchanged: d.unchanged,
    };
    report.changes[kind] = { created: d.create.map((x) => x.id), updated: d.update.map((x) => x.id) };
  }
  const stored = new Map(existing.relationships.map((r) => [r.id, r]));
  changes.relationships.remove = changes.relationships.update.map((r) => ({ id: r.id, type: stored.get(r.id)!.type }));

  const storedEvents = new Map(existing.events.map((e) => [e.id, e]));
  changes.events.previous = changes.events.update.map((e) => storedEvents.get(e.id)!);
  const eventsChanged = changes.events.create.length + changes.events.update.length > 0;
  if (eventsChanged) {
    // The stored aggregates came with the actor-level graph above: not read again.
    const current = options.clashes ?? existing.clashes;
    changes.clashes = await clashChanges(store, current, changes);
    report.clashes = current.length + changes.clashes.upsert.filter((c) => !current.some((x) => x.id === c.id)).length;
    report.clashes -= changes.clashes.remove.length;
    if (!changes.clashes.upsert.length && !changes.clashes.remove.length) changes.clashes = null;
  } else {
    report.clashes = (options.clashes ?? existing.clashes).length;
  }

  const anything = ENTITY_KINDS.some((k) => report.counts[k].created + report.counts[k].updated > 0) || changes.clashes;
  if (!options.dryRun && anything) {
    await (options.apply ?? ((c: ChangeSet) => store.apply(c)))(changes);
    report.written = true;
  }
  return report;
}

/** Parses inputs (each issue naming its file) and loads them. */
export async function loadInputs(
  store: Store,
  inputs: LoadInput[],
  options: Omit<LoadBundleOptions, "files" | "where"> = {},
): Promise<LoadReport> {
  const { bundle, origins } = parseInputsWithOrigins(inputs);
  return loadBundle(store, bundle, {
    ...options,
    files: inputs.map((i) => i.file),
    where: (kind, id) => origins.get(`${kind}:${id}`) ?? `${kind}[id=${id}]`,
  });
}

export function formatReport(r: LoadReport): string {
  const lines = [`${r.dryRun ? "Dry run" : "Load"} of ${r.files.length} file(s): ${r.files.join(", ")}`];
  for (const kind of ENTITY_KINDS) {
    const c = r.counts[kind];
    lines.push(
      `  ${kind.padEnd(14)} read ${c.read}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}`,
    );
  }
  lines.push(`  clashes (derived) ${r.clashes}`);
  lines.push(
    r.written
      ? "  written: yes (one transaction)"
      : r.dryRun
        ? "  written: no (dry run)"
        : "  written: nothing to change",
  );
  return lines.join("\n");
}

export function formatIssues(err: ValidationError): string {
  return [
    `Rejected, nothing written: ${err.message}`,
    ...err.issues.map((i) => `  ${i.path}: ${i.message} [${i.code}]`),
  ].join("\n");
}

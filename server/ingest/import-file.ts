// importFile(store, options): one dataset file -> one Bundle -> the loader (validated, diffed, one transaction).
// Shared by `npm run import` and POST /api/import. Importers never write to the store themselves.
import { statSync } from "node:fs";
import path from "node:path";
import {
  ActorSchema,
  PlaceSchema,
  RelationshipSchema,
  SourceSchema,
  ValidationError,
  type Bundle,
  type Event,
  type Issue,
} from "../domain/index.js";
import {
  bySideThenActor,
  inParticipantOrder,
  loadBundle,
  type EntityKind,
  type LoadReport,
} from "../services/loader.js";
import type { ChangeSet, Store } from "../store/port.js";
import { importAcled } from "./acled/index.js";
import { createActorBook, type UnresolvedMode, type UnresolvedName } from "./actors.js";
import { debugStep, yieldToEngine, YIELD_EVERY, type ImportContext, type Importer, type RowNote } from "./context.js";
import { eventChecker, type SafeParser } from "./event-check.js";
import { decideDayOrder } from "./day-order.js";
import { createPlaceBuilder } from "./places.js";
import { createResolver, type Resolver } from "./resolver.js";
import { createSourceRegistry, RELEASE_FORMS } from "./sources.js";
import { createStoredLookup } from "./stored-lookup.js";
import { importUcdpActors } from "./ucdp-actors/index.js";
import { importUcdpGed } from "./ucdp-ged/index.js";
import { importUcdpNonState } from "./ucdp-nonstate/index.js";
import { importSheetActors, importSheetRelationships } from "./spreadsheet/index.js";

export const IMPORT_FORMATS = [
  "ucdp-ged",
  "ucdp-actors",
  "ucdp-nonstate",
  "acled",
  "sheet-actors",
  "sheet-relationships",
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const IMPORTERS: Record<ImportFormat, { importer: Importer; datasetSourceId: string; dateColumns: string[] }> = {
  "ucdp-ged": { importer: importUcdpGed, datasetSourceId: "ucdp-ged", dateColumns: ["date_start", "date_end"] },
  "ucdp-actors": { importer: importUcdpActors, datasetSourceId: "ucdp-actor-221", dateColumns: [] },
  "ucdp-nonstate": { importer: importUcdpNonState, datasetSourceId: "ucdp-nsc-unknown", dateColumns: ["startdate"] },
  acled: { importer: importAcled, datasetSourceId: "acled", dateColumns: ["event_date"] },
  "sheet-actors": { importer: importSheetActors, datasetSourceId: "sheet", dateColumns: [] },
  "sheet-relationships": { importer: importSheetRelationships, datasetSourceId: "sheet", dateColumns: [] },
};

export interface ImportOptions {
  format: ImportFormat;
  file: string;
  dryRun?: boolean;
  /** Report malformed rows and import the rest, instead of refusing the whole file. */
  skipBadRows?: boolean;
  /** The release the file is (ACLED: its export date; UCDP GED: its version); else read from the file name. */
  release?: string;
  /** Unresolved names become provisional actors (default) or are only reported. */
  unresolved?: UnresolvedMode;
  onProgress?: (progress: { bytesRead: number; totalBytes: number; phase: "read" | "write" }) => void;
}

export interface ImportReport {
  format: ImportFormat;
  file: string;
  layout?: string;
  dryRun: boolean;
  written: boolean;
  rows: { read: number; rejected: number; skipped: number };
  /** Malformed rows skipped under --skip-bad-rows. */
  rejected: RowNote[];
  /** Well-formed rows with nothing for this graph (only civilians, unidentified groups, unknown lineage ends). */
  skipped: RowNote[];
  unresolved: UnresolvedName[];
  /** Events dated outside the lifespan of an actor they resolved to (first MAX_ISSUES; `outsideLifespanCount` all). */
  outsideLifespan: { eventId: string; actorId: string; date: string; row?: number }[];
  outsideLifespanCount: number;
  notes: string[];
  load: LoadReport;
  timings: { readMs: number; loadMs: number };
}

const MAX_ISSUES = 200;

/** The row an entity id came from (ImportContext.origin). */
export interface RowOf {
  get(id: string): number | undefined;
}

/**
 * The store hands participants back ordered by side then actor: the same order here keeps re-imports unchanged.
 * Arrays already in order are left alone (those of events written ahead are frozen).
 */
function sortParticipants(events: Event[]): void {
  for (const e of events) if (!inParticipantOrder(e.participants)) e.participants.sort(bySideThenActor);
}

function rowIssues(file: string, notes: RowNote[]): Issue[] {
  return notes.slice(0, MAX_ISSUES).map((n) => ({
    path: `${file}: row ${n.row}${n.line ? ` (line ${n.line})` : ""}`,
    code: "malformed_row",
    message: n.reason,
  }));
}

/** Every entity through its zod schema; an issue names the row the entity came from. */
export async function validateBundle(file: string, bundle: Bundle, origin: RowOf): Promise<void> {
  const issues: Issue[] = [];
  const check = async (kind: EntityKind, schema: SafeParser, items: { id?: string }[]) => {
    let n = 0;
    for (const item of items) {
      if (++n % YIELD_EVERY === 0) await yieldToEngine();
      const r = schema.safeParse(item);
      if (r.success || issues.length >= MAX_ISSUES) continue;
      const row = item.id ? origin.get(item.id) : undefined;
      for (const i of r.error!.issues) {
        issues.push({
          path: `${file}: ${row ? `row ${row} ` : ""}${kind}[id=${item.id}].${i.path.map(String).join(".")}`,
          code: i.code,
          message: i.message,
        });
      }
    }
  };
  await check("sources", SourceSchema, bundle.sources);
  await check("places", PlaceSchema, bundle.places);
  await check("actors", ActorSchema, bundle.actors);
  await check("relationships", RelationshipSchema, bundle.relationships);
  await check("events", eventChecker(), bundle.events);
  if (issues.length) throw new ValidationError(`${issues.length} invalid record(s) built from ${file}`, issues);
}

/**
 * Events dated outside the lifespan (founded..dissolved) of an actor they resolved to: a name or id the resolver could
 * only give to an actor that did not exist yet (or any more). Flagged for review, never dropped.
 */
function lifespanCheck(events: readonly Event[], resolver: Resolver, rowOf: RowOf) {
  const first: ImportReport["outsideLifespan"] = [];
  let count = 0;
  // Per actor: how many, and its first example (kept even when `first` is full: a later actor has its own example).
  const byActor = new Map<string, { n: number; eg: ImportReport["outsideLifespan"][number] }>();
  for (const e of events) {
    for (const p of e.participants) {
      if (resolver.existedAt(p.actorId, e.date)) continue;
      count++;
      const seen = byActor.get(p.actorId);
      if (seen && first.length >= MAX_ISSUES) {
        seen.n++;
        continue;
      }
      const row = rowOf.get(e.id);
      const item = { eventId: e.id, actorId: p.actorId, date: e.date, ...(row ? { row } : {}) };
      if (seen) seen.n++;
      else byActor.set(p.actorId, { n: 1, eg: item });
      if (first.length < MAX_ISSUES) first.push(item);
    }
  }
  const notes = [...byActor].map(([actorId, { n, eg }]) => {
    const a = resolver.actor(actorId);
    const span = `${a?.founded ?? "…"} to ${a?.dissolved ?? "…"}`;
    return `${n} event(s) outside the lifespan of ${actorId} (${span}), e.g. ${eg.eventId} on ${eg.date}${eg.row ? ` (row ${eg.row})` : ""}: check the actor's dates or the resolution`;
  });
  return { first, count, notes };
}

/** The release a file is: given (checked against its format's form), or read from the file name, or unknown. */
function releaseOf(options: ImportOptions): { value?: string; notes: string[] } {
  const form = RELEASE_FORMS[options.format];
  if (!form) {
    return options.release
      ? { notes: [`--release ${options.release} ignored: a ${options.format} file names its release itself`] }
      : { notes: [] };
  }
  if (options.release) {
    if (!form.re.test(options.release)) {
      throw new ValidationError(`release '${options.release}' is not ${form.example}`, [
        { path: "release", code: "invalid_release", message: `give ${form.example}` },
      ]);
    }
    return { value: options.release, notes: [] };
  }
  const fromName = form.fromFileName(path.basename(options.file));
  if (fromName)
    return { value: fromName, notes: [`release ${fromName}, read from the file name (override with --release)`] };
  return {
    notes: [
      `the file does not name its release: its events cite the dataset without one (give --release, ${form.example})`,
    ],
  };
}

export async function importFile(store: Store, options: ImportOptions): Promise<ImportReport> {
  const { format, file } = options;
  const spec = IMPORTERS[format];
  if (!spec) {
    throw new ValidationError(`unknown import format '${format}'`, [
      { path: "format", code: "invalid_format", message: `use one of ${IMPORT_FORMATS.join(", ")}` },
    ]);
  }
  let totalBytes: number;
  try {
    totalBytes = statSync(file).size;
  } catch (err) {
    throw new ValidationError(`cannot read ${file}`, [
      { path: file, code: "file_not_found", message: (err as Error).message },
    ]);
  }
  const t0 = performance.now();
  const release = releaseOf(options);
  const days = await decideDayOrder(file, spec.dateColumns);
  // The write opens first (no other write can slip in between the read of the store and the commit), so that new
  // events can go to the engine while the file is still read.
  const write = options.dryRun || !store.openWrite ? null : await store.openWrite();
  try {
    // Only what is small is read whole (actors, relationships, countries); the file's events, places and sources are
    // looked up by id as they are met.
    const graph = await store.readActorGraph();
    const resolver = createResolver(graph.actors);
    const sources = createSourceRegistry();
    const places = createPlaceBuilder(await store.readCountries());
    const stored = createStoredLookup(store, { places, sources });
    const rejected: RowNote[] = [];
    /**
     * A malformed row refuses the file (unless skipBadRows): nothing more goes ahead, since all of it must be deleted
     * again. Measured: the engine deletes edges of a node cited by every event (the dataset source) slower with each
     * one deleted in the transaction (20k events with their CITES edges: 158 s; without: 4.6 s).
     */
    const refused = () => rejected.length > 0 && !options.skipBadRows;
    const skipped: RowNote[] = [];
    write?.creating({ places: () => places.created(), sources: () => sources.created() });
    const origin = new Map<string, number>();
    let originLookup: ((id: string) => number | undefined) | undefined;
    const rowOf: RowOf = { get: (id) => origin.get(id) ?? originLookup?.(id) };
    const readNotes: string[] = [...(days.note ? [days.note] : []), ...release.notes];
    // The dataset source id is only known once the importer read the file (the actor dataset names its version).
    let actorsSourceId = spec.datasetSourceId;
    const actors = createActorBook({
      resolver,
      mode: options.unresolved ?? "provisional",
      get sourceId() {
        return actorsSourceId;
      },
    } as { resolver: typeof resolver; mode: UnresolvedMode; sourceId: string });
    const ctx: ImportContext = {
      file,
      dayOrder: days.order,
      ...(release.value ? { release: release.value } : {}),
      resolver,
      actors,
      places,
      sources: {
        ...sources,
        ensure(s) {
          if (s.kind === "dataset") actorsSourceId = s.id;
          return sources.ensure(s);
        },
      },
      skip: (n) => skipped.push(n),
      reject: (n) => rejected.push(n),
      progress: (bytesRead) => options.onProgress?.({ bytesRead, totalBytes, phase: "read" }),
      note: (message) => readNotes.push(message),
      origin,
      originFrom: (lookup) => (originLookup = lookup),
      // Goes ahead once the store said it does not hold it (an event already stored is never written ahead).
      eventReady: (e) => {
        if (!write || refused()) return stored.event(e);
        stored.event(e, (x) => {
          if (!refused()) write.writeAhead(x);
        });
      },
      // The last look-ups first: their new events, places and sources go ahead before the read is done.
      fileRead: () => {
        void stored.flush();
        stored.after(() => {
          if (!refused()) write?.readDone({ places: places.created(), sources: sources.created() });
        });
      },
      eventsResolved: (events) => {
        sortParticipants(events);
        stored.after(() => write?.resolved({ actors: actors.createdActors() }));
      },
    };
    const result = await spec.importer(ctx);
    // Every place and source met is looked up (created() holds only those the store does not).
    await stored.flush();
    if (rejected.length && !options.skipBadRows) {
      rejected.sort((a, b) => a.row - b.row);
      throw new ValidationError(
        `${file}: ${rejected.length} malformed row(s), first at row ${rejected[0].row}; nothing written (use --skip-bad-rows to import the rest)`,
        rowIssues(file, rejected),
      );
    }
    const bundle = result.bundle;
    const lifespan = lifespanCheck(bundle.events, resolver, rowOf);
    bundle.sources = [...sources.created(), ...bundle.sources];
    bundle.places = [...places.created(), ...bundle.places];
    bundle.actors = [...actors.createdActors(), ...bundle.actors];
    // Events the importer did not announce as resolved (and so not written ahead) get their canonical order here.
    sortParticipants(bundle.events);
    const tv = performance.now();
    await validateBundle(file, bundle, rowOf);
    debugStep("validate", tv);
    const readMs = performance.now() - t0;
    options.onProgress?.({ bytesRead: totalBytes, totalBytes, phase: "write" });
    const t1 = performance.now();
    const load = await loadBundle(store, bundle, {
      known: { ...stored.known, graph },
      dryRun: options.dryRun,
      files: [file],
      where: (kind, id) => {
        const row = rowOf.get(id);
        return row ? `${file}: row ${row} ${kind}[id=${id}]` : `${file}: ${kind}[id=${id}]`;
      },
      ...(write
        ? {
            apply: (changes: ChangeSet) => {
              debugStep("loader: diff, references, clashes", t1);
              return write.apply(changes);
            },
          }
        : {}),
    });
    return {
      format,
      file,
      ...(result.layout ? { layout: result.layout } : {}),
      dryRun: Boolean(options.dryRun),
      written: load.written,
      rows: { read: result.rowsRead, rejected: rejected.length, skipped: skipped.length },
      rejected: rejected.sort((a, b) => a.row - b.row),
      skipped: skipped.sort((a, b) => a.row - b.row),
      unresolved: actors.unresolved(),
      outsideLifespan: lifespan.first,
      outsideLifespanCount: lifespan.count,
      notes: [...readNotes, ...result.notes, ...lifespan.notes],
      load,
      timings: { readMs: Math.round(readMs), loadMs: Math.round(performance.now() - t1) },
    };
  } finally {
    // Nothing to write, or a failure: whatever went ahead is rolled back (a no-op after apply).
    await write?.abort();
  }
}

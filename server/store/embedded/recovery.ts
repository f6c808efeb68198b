// Opening a store file after a crash: the engine's own recovery first, then, only where it is provably safe, the
// interrupted write's journal set aside (moved, never deleted) so that the store opens as it was before that write.
// Why this is safe, and when it is not, is in server/store/embedded/README.md ("Crash recovery").
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { StoreUnavailableError } from "../../domain/index.js";

/** The files the engine keeps beside `<store>` while it writes (LadybugDB 0.19: WAL rotation, shadow pages, locks). */
export const SIDE_FILES = [
  ".wal",
  ".wal.checkpoint",
  ".shadow",
  ".checkpoint.intent.lock",
  ".checkpoint.apply.lock",
] as const;
export type SideFile = (typeof SIDE_FILES)[number];

/**
 * A store file that cannot be opened in a state known to be whole: its files are left exactly as they are and
 * named in the message. A DomainError (store_unavailable), so `npm start` and the CLIs print it as one line.
 */
export class StoreRecoveryError extends StoreUnavailableError {
  constructor(
    message: string,
    readonly files: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Messages of an engine refusing a WAL it cannot read (LadybugDB 0.19.1 wal_replayer.cpp, wal_record.cpp). */
const WAL_UNREADABLE =
  /Checksum verification failed|WAL file is corrupted|Corrupted wal file|invalid WAL record type|unknown record type|CHECKPOINT record outside/i;
/** The engine refusing a WAL written with the other checksum setting (a store last written by an older version). */
const CHECKSUM_SETTING = /serialized with enableChecksums=(true|false)/i;

export const isUnreadableWal = (err: unknown) => WAL_UNREADABLE.test((err as Error)?.message ?? "");
export const checksumSettingOf = (err: unknown): boolean | null => {
  const m = CHECKSUM_SETTING.exec((err as Error)?.message ?? "");
  return m ? m[1].toLowerCase() === "true" : null;
};

/** The side files present beside `file`, with their sizes. */
export function sideFilesOf(file: string): { suffix: SideFile; path: string; size: number }[] {
  return SIDE_FILES.flatMap((suffix) => {
    const p = file + suffix;
    if (!existsSync(p)) return [];
    return [{ suffix, path: p, size: statSync(p).size }];
  });
}

/** `graph.lbug.recovered-2026-01-02T03-04-05-678Z`, beside the store; a second one in the same ms gets `-2`. */
export function recoveryFolderFor(file: string, now: Date): string {
  const base = `${file}.recovered-${now.toISOString().replace(/[:.]/g, "-")}`;
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

const WAL_HEADER_BYTES = 17; // database id (16) + checksum flag (1)
const CHECKPOINT_RECORD = 0xfe;

/**
 * The record types of a WAL written without checksums (LadybugDB 0.19.1: a 17-byte header, then records as a u64
 * little-endian length and a body whose first byte is the type; measured: COMMIT 0x02, CHECKPOINT 0xfe), or null
 * when the file is not in that format (checksums on, torn header). A torn last record is left out.
 */
export function walRecordTypes(file: string): number[] | null {
  const buf = readFileSync(file);
  if (buf.length < WAL_HEADER_BYTES || buf[16] !== 0) return null;
  const types: number[] = [];
  for (let at = WAL_HEADER_BYTES; at + 8 < buf.length;) {
    const len = Number(buf.readBigUInt64LE(at));
    if (len < 1 || at + 8 + len > buf.length) break;
    types.push(buf[at + 8]);
    at += 8 + len;
  }
  return types;
}

export interface RecoveryOptions {
  /** Opens the engine on `file` (throws what the engine throws); `checksums` is the WAL checksum setting to use. */
  open: (checksums: boolean) => Promise<void>;
  /** One line per recovery (default console.warn). */
  log?: (line: string) => void;
  now?: () => Date;
}

/**
 * Opens `file`, recovering from an interrupted write. Order: the engine as configured (WAL without checksums: see
 * README); a WAL of the other setting (older stores) with that setting; then, when the engine cannot read a WAL and
 * the data file was provably not written in place (no shadow pages), the WAL files are moved into a dated folder and
 * the store opens at its last checkpoint, which is the state before the interrupted write (every commit is
 * checkpointed). With shadow pages present the data file may be half-written: StoreRecoveryError, nothing moved.
 */
export async function openRecovering(file: string, options: RecoveryOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.warn(line));
  const now = options.now ?? (() => new Date());
  const before = sideFilesOf(file);
  const verdict = classify(before);
  if (verdict === "set-aside") {
    // Replaying the records of an unfinished write is not safe on this engine (measured: a load's clash deletions
    // came back without its COPYed events; another replay segfaulted): go back to the last checkpoint instead.
    const dir = recoveryFolderFor(file, now());
    mkdirSync(dir, { recursive: true });
    for (const f of before) renameSync(f.path, path.join(dir, path.basename(f.path)));
    await options.open(false);
    log(
      `embedded store: ${file}: a write was interrupted before its checkpoint committed; opened at the last ` +
        `checkpoint (the state before that write), its files (${names(before)}) moved to ${dir}`,
    );
    return;
  }
  const shadow = before.find((f) => f.suffix === ".shadow" && f.size > 0);
  const interrupted = shadow || before.some((f) => f.suffix === ".wal.checkpoint");
  // Shadow pages may be the only copy of a checkpoint half-applied to the data file, and the engine deletes them
  // when it finds no CHECKPOINT record, even in a WAL it then fails to read (measured, 0.19.1): keep a copy first.
  let kept: string | null = null;
  if (shadow) {
    kept = recoveryFolderFor(file, now());
    mkdirSync(kept, { recursive: true });
    for (const f of before) copyFileSync(f.path, path.join(kept, path.basename(f.path)));
  }
  let checksums = false;
  let failure: unknown;
  const opened = () => {
    if (kept) rmSync(kept, { recursive: true, force: true });
  };
  try {
    await options.open(checksums);
    opened();
    if (interrupted) log(`embedded store: ${file}: the engine finished an interrupted checkpoint (${names(before)})`);
    return;
  } catch (err) {
    failure = err;
  }
  if (shadow && isForeignShadow(failure)) {
    // The engine says the shadow file is another database's (left by an earlier life of this path, measured after a
    // kill during a load's apply): it holds no page of this one. Set it aside and open.
    const dir = recoveryFolderFor(file, now());
    mkdirSync(dir, { recursive: true });
    renameSync(shadow.path, path.join(dir, path.basename(shadow.path)));
    await options.open(checksums);
    opened();
    log(
      `embedded store: ${file}: a shadow file of another database (${shadow.size} B) was set aside in ${dir}; ` +
        `the store opened as it was`,
    );
    return;
  }
  const setting = checksumSettingOf(failure);
  if (setting !== null && setting !== checksums) {
    checksums = setting;
    try {
      await options.open(checksums);
      opened();
      log(`embedded store: ${file}: replayed a WAL written with checksums=${checksums} (${names(before)})`);
      return;
    } catch (err) {
      failure = err;
    }
  }
  if (!isUnreadableWal(failure)) {
    opened();
    throw failure;
  }

  if (shadow) {
    // Put back what the engine deleted, so that the files are as found and the next open refuses the same way.
    for (const f of before) if (!existsSync(f.path)) copyFileSync(path.join(kept!, path.basename(f.path)), f.path);
  }
  const present = sideFilesOf(file);
  if (shadow) {
    throw new StoreRecoveryError(
      `embedded store: ${file} cannot be opened safely: the engine cannot read its WAL (${(failure as Error).message}) ` +
        `and shadow pages (${shadow.size} B) of a checkpoint that may have been half-applied to the data file were ` +
        `present. Nothing was moved: ${names(present)} are as found (a copy is in ${kept}). ` +
        `Restore the data file from a backup, or open it with a LadybugDB release that can replay this WAL.`,
      [file, ...present.map((f) => f.path), kept!],
      { cause: failure },
    );
  }
  const journal = present;
  const dir = recoveryFolderFor(file, now());
  mkdirSync(dir, { recursive: true });
  for (const f of journal) renameSync(f.path, path.join(dir, path.basename(f.path)));
  try {
    await options.open(false);
  } catch (err) {
    throw new StoreRecoveryError(
      `embedded store: ${file} cannot be opened even without its WAL (${(err as Error).message}); the WAL files ` +
        `are in ${dir}. Restore the data file from a backup.`,
      [file, dir],
      { cause: err },
    );
  }
  log(
    `embedded store: ${file}: its WAL could not be replayed (${(failure as Error).message.trim()}); opened at its last ` +
      `checkpoint (the state before the interrupted write), the unreplayable files moved to ${dir}`,
  );
}

/**
 * What an interrupted write left: nothing to do; a committed checkpoint (the frozen WAL ends with its CHECKPOINT
 * record and the shadow pages are complete: the engine copies them into the data file, the state after the write);
 * an unfinished write (WAL records but no committed checkpoint: set aside, the state before); or a WAL this module
 * cannot read (written with checksums by an older version): the engine decides, guarded as below.
 */
function classify(files: { suffix: SideFile; path: string; size: number }[]): "none" | "engine" | "set-aside" {
  const frozen = files.find((f) => f.suffix === ".wal.checkpoint");
  const active = files.find((f) => f.suffix === ".wal");
  if (!frozen && (!active || active.size === 0)) return "none";
  const frozenTypes = frozen ? walRecordTypes(frozen.path) : [];
  const activeTypes = active && active.size > 0 ? walRecordTypes(active.path) : [];
  if (frozenTypes === null || activeTypes === null) return "engine";
  if (frozenTypes.at(-1) === CHECKPOINT_RECORD && activeTypes.length === 0) return "engine";
  return "set-aside";
}

const names = (files: { path: string; size: number }[]) =>
  files.length ? files.map((f) => `${path.basename(f.path)} ${f.size} B`).join(", ") : "no side files";

/** LadybugDB refuses a shadow file whose database id is not the data file's ("Database ID for temporary file …"). */
function isForeignShadow(err: unknown): boolean {
  return /Database ID for temporary file .* does not match the current database/.test(String((err as Error)?.message));
}

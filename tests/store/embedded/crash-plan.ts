// The kill points of the embedded crash test, named and drawn from a seeded RNG so that every run repeats the same
// cases (crash.test.ts runs them, crash-child.ts executes one).

export const CRASH_WRITES = ["seed", "load", "import"] as const;
export type CrashWrite = (typeof CRASH_WRITES)[number];

/**
 * reading: at the `at`-th event written ahead while the file is read; read-done / ahead: when the file is read / the
 * participants are resolved (the last COPYs go ahead); commit: `delayMs` after the ChangeSet's apply starts (its
 * statements, COMMIT and the checkpoint inside it); checkpoint / shadow: `delayMs` after the engine's
 * `.wal.checkpoint` / `.shadow` file appears (WAL rotated / shadow pages being written or applied); applying:
 * `delayMs` after the engine's CHECKPOINT record reaches the frozen WAL (shadow pages being copied into the data file).
 */
export const KILL_POINTS = ["reading", "read-done", "ahead", "commit", "checkpoint", "shadow", "applying"] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export interface CrashPlan {
  name: string;
  write: CrashWrite;
  point: KillPoint;
  file: string;
  input?: string;
  at?: number;
  delayMs: number;
  trace?: boolean;
}

/** The project's seeded PRNG (mulberry32). */
export { createRng as seededRandom } from "../../../server/domain/random.js";

// A temporary directory of one's own: what a test counts in os.tmpdir() is then not what other test files, running
// at the same time, put there.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Runs `fn` with os.tmpdir() (TMPDIR) pointing at a fresh directory, removed and restored afterwards. */
export async function withOwnTmpdir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(tmpdir(), "faultlines-test-tmp-"));
  process.env.TMPDIR = dir;
  try {
    return await fn(dir);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
}

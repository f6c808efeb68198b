// Shared set-up for importer tests: the real data folder (skipped when absent), a fresh store of the run's kind with the
// curated seeds loaded, and temp CSV files for malformed-row cases.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { loadInputs } from "../../server/services/loader.js";
import { readSeedInputs } from "../../server/services/seeds.js";
import { REPO_ROOT } from "../../server/store/query-book.js";
import type { Store } from "../../server/store/port.js";
import { createTestStore } from "../helpers/store.js";

export const DATA_DIR = path.resolve(REPO_ROOT, "../shared/data");
export const GED_FILE = path.join(DATA_DIR, "ucdp/ged231-sample1000.csv");
export const UCDP_ACTORS_FILE = path.join(DATA_DIR, "ucdp/actor-221.csv");
export const ACLED_FILE = path.join(DATA_DIR, "acled/mali-2017-2020-monadic.csv");
export const HAS_DATA = existsSync(GED_FILE) && existsSync(UCDP_ACTORS_FILE) && existsSync(ACLED_FILE);
if (!HAS_DATA) console.warn(`[ingest tests] ${DATA_DIR} is absent: tests on the real UCDP/ACLED files are skipped`);

export async function seededStore(): Promise<Store> {
  const store = await createTestStore();
  await loadInputs(store, readSeedInputs());
  return store;
}

let tempDir: string | null = null;
// Registered when a test file imports this module, so it runs after that file's tests.
afterAll(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = null;
});

/** Writes a CSV fixture into one temp folder per test file, removed after the file's tests. */
export function tempCsv(name: string, text: string): string {
  if (!tempDir) {
    tempDir = mkdtempSync(path.join(tmpdir(), "faultlines-ingest-"));
  }
  const file = path.join(mkdtempSync(path.join(tempDir, "f-")), name);
  writeFileSync(file, text);
  return file;
}

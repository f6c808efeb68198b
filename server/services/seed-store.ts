// Loads the curated seeds into a store (idempotent: an unchanged seed set writes nothing).
import type { Store } from "../store/port.js";
import { loadInputs, type LoadReport } from "./loader.js";
import { readSeedInputs } from "./seeds.js";

export async function seedStore(store: Store, dir?: string): Promise<LoadReport> {
  return loadInputs(store, readSeedInputs(dir));
}

/**
 * A store nobody seeded (no actor at all) gets the curated seeds first, said on stderr: the command-line tools work on
 * the store file directly, possibly before `npm start` ever ran, and an import resolves names against the curated
 * actors. Returns whether it seeded.
 */
export async function seedIfEmpty(store: Store): Promise<boolean> {
  if ((await store.counts()).actors > 0) return false;
  console.error("the store is empty: loading the curated seeds first");
  await seedStore(store);
  return true;
}

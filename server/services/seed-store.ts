// Loads the curated seeds into a store (idempotent: an unchanged seed set writes nothing).
import type { Store } from "../store/port.js";
import { loadInputs, type LoadReport } from "./loader.js";
import { readSeedInputs } from "./seeds.js";

export async function seedStore(store: Store, dir?: string): Promise<LoadReport> {
  return loadInputs(store, readSeedInputs(dir));
}

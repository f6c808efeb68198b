// Reads the curated seed files (seeds/*.json) as loader inputs; a file that is not JSON is named in the error.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { ValidationError } from "../domain/index.js";
import { REPO_ROOT } from "../store/query-book.js";
import type { LoadInput } from "./loader.js";

export const SEEDS_DIR = path.join(REPO_ROOT, "seeds");

export function readJsonInputs(files: string[]): LoadInput[] {
  return files.map((file) => {
    const text = readFileSync(file, "utf8");
    try {
      return { file: path.relative(process.cwd(), file) || file, data: JSON.parse(text) as unknown };
    } catch (err) {
      throw new ValidationError(`${file} is not valid JSON`, [
        { path: file, code: "invalid_json", message: (err as Error).message },
      ]);
    }
  });
}

export function readSeedInputs(dir = SEEDS_DIR): LoadInput[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => path.join(dir, f));
  return readJsonInputs(files);
}

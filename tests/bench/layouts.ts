// Every file layout the importers read, each with the real file its bench input is built from: the import benches
// (import.ts, import-neo4j.ts) measure each of them. A new importer or layout is one entry here.
import { existsSync } from "node:fs";
import type { ImportFormat } from "../../server/ingest/import-file.js";
import {
  ACLED_SAMPLE,
  GED_SAMPLE,
  generateAcledDyadic,
  generateAcledMonadic,
  generateUcdpGed,
  type Generated,
} from "./samples.js";

export interface Layout {
  /** Printed in the results (one line per layout). */
  name: string;
  /** The importer that reads it (npm run import --format). */
  format: ImportFormat;
  /** The real file the rows are taken from (the layout is skipped, saying so, when it is absent). */
  sample: string;
  /** Writes `rows` data rows built from the sample's real rows (fresh ids, seeded dates). */
  generate: (file: string, rows: number) => Promise<Generated>;
}

export const LAYOUTS: readonly Layout[] = [
  { name: "acled-monadic", format: "acled", sample: ACLED_SAMPLE, generate: generateAcledMonadic },
  { name: "acled-dyadic-pre2019", format: "acled", sample: ACLED_SAMPLE, generate: generateAcledDyadic },
  { name: "ucdp-ged", format: "ucdp-ged", sample: GED_SAMPLE, generate: generateUcdpGed },
];

/** Data rows per layout (BENCH_IMPORT_ROWS; 100k by default). */
export const BENCH_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

/** The layouts to run: BENCH_LAYOUTS (comma-separated names) or all; an unknown name is an error. */
export function selectedLayouts(): Layout[] {
  const wanted = process.env.BENCH_LAYOUTS?.split(",").map((s) => s.trim());
  if (!wanted) return [...LAYOUTS];
  const unknown = wanted.filter((w) => !LAYOUTS.some((l) => l.name === w));
  if (unknown.length)
    throw new Error(`BENCH_LAYOUTS: unknown ${unknown.join(", ")}; use ${LAYOUTS.map((l) => l.name).join(", ")}`);
  return LAYOUTS.filter((l) => wanted.includes(l.name));
}

/** Why a layout cannot run here ("" when it can). */
export const missingSample = (l: Layout): string => (existsSync(l.sample) ? "" : `${l.sample} absent`);

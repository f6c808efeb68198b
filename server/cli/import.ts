// `npm run import -- --format ucdp-ged|ucdp-actors|acled <file> [--dry-run] [--skip-bad-rows]
// [--unresolved=provisional|report] [--json]`: reads a dataset file into the store (one transaction) and prints the report.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../config.js";
import { runCli } from "./run.js";
import { formatImportReport } from "../ingest/format-report.js";
import { IMPORT_FORMATS, importFile, type ImportFormat, type ImportReport } from "../ingest/import-file.js";
import { UNRESOLVED_MODES, type UnresolvedMode } from "../ingest/actors.js";
import { seedIfEmpty, seedStore } from "../services/seed-store.js";
import { createEmbeddedStore } from "../store/embedded/embedded-store.js";
import { openCliStore } from "../store/open.js";

const USAGE = `usage: npm run import -- --format ${IMPORT_FORMATS.join("|")} <file> [--dry-run] [--skip-bad-rows] [--unresolved=${UNRESOLVED_MODES.join("|")}] [--release <export date|version>] [--json] [--create]`;

/** A progress bar on stderr, only when stderr is a terminal. */
function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return ({ bytesRead, totalBytes, phase }: { bytesRead: number; totalBytes: number; phase: string }) => {
    const now = Date.now();
    if (phase === "read" && now - last < 100 && bytesRead < totalBytes) return;
    last = now;
    const share = totalBytes ? Math.min(1, bytesRead / totalBytes) : 1;
    const width = 30;
    const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
    const label =
      phase === "write"
        ? "writing (one transaction)…"
        : `${(bytesRead / 1e6).toFixed(1)}/${(totalBytes / 1e6).toFixed(1)} MB`;
    process.stderr.write(`\r${bar} ${Math.round(share * 100)}% ${label}\x1b[K`);
  };
}

export function parseImportArgs(argv: string[]) {
  let format: string | undefined;
  let unresolved: string = "provisional";
  let release: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--format") format = argv[++i];
    else if (a.startsWith("--format=")) format = a.slice(9);
    else if (a.startsWith("--unresolved=")) unresolved = a.slice(13);
    else if (a === "--unresolved") unresolved = argv[++i];
    else if (a.startsWith("--release=")) release = a.slice(10);
    else if (a === "--release") release = argv[++i];
    else if (!a.startsWith("--")) files.push(a);
  }
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  return {
    format,
    unresolved,
    release,
    files,
    dryRun: flags.has("--dry-run"),
    skipBadRows: flags.has("--skip-bad-rows"),
    json: flags.has("--json"),
    create: flags.has("--create"),
  };
}

export async function runImportCli(argv: string[]): Promise<number> {
  const args = parseImportArgs(argv);
  if (!args.format || !(IMPORT_FORMATS as readonly string[]).includes(args.format) || args.files.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  if (!(UNRESOLVED_MODES as readonly string[]).includes(args.unresolved)) {
    console.error(`--unresolved must be one of ${UNRESOLVED_MODES.join(", ")}\n${USAGE}`);
    return 2;
  }
  const store = await openCliStore(loadConfig(), { create: args.create });
  const onProgress = progressBar();
  try {
    const options = {
      format: args.format as ImportFormat,
      file: args.files[0],
      dryRun: args.dryRun,
      skipBadRows: args.skipBadRows,
      unresolved: args.unresolved as UnresolvedMode,
      ...(args.release ? { release: args.release } : {}),
      onProgress,
    };
    let report: ImportReport;
    if (args.dryRun && (await store.counts()).actors === 0) {
      // A dry run writes nothing, seeds included, yet says exactly what the real run will do: the real run seeds
      // first, so the dry run resolves against the seeds loaded into a scratch in-memory store.
      console.error(
        "the store is empty: a real import loads the curated seeds first; this dry run resolves against them in a scratch store (nothing is written)",
      );
      const scratch = createEmbeddedStore({ path: ":memory:" });
      try {
        await scratch.init();
        await seedStore(scratch);
        report = await importFile(scratch, options);
      } finally {
        await scratch.close();
      }
    } else {
      if (!args.dryRun) await seedIfEmpty(store);
      report = await importFile(store, options);
    }
    if (onProgress) process.stderr.write("\r\x1b[K");
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(formatImportReport(report));
      if (args.dryRun) {
        for (const [kind, c] of Object.entries(report.load.changes)) {
          if (c.created.length)
            console.log(
              `  + ${kind} (${c.created.length}): ${c.created.slice(0, 20).join(", ")}${c.created.length > 20 ? ", …" : ""}`,
            );
          if (c.updated.length)
            console.log(
              `  ~ ${kind} (${c.updated.length}): ${c.updated.slice(0, 20).join(", ")}${c.updated.length > 20 ? ", …" : ""}`,
            );
        }
      }
    }
    return 0;
  } finally {
    if (onProgress) process.stderr.write("\r\x1b[K");
    await store.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(() => runImportCli(process.argv.slice(2)));
}

// `npm run export -- --format gexf --actor jnim --depth 2 --at 2022-11-01 -o out.gexf`: the same export as
// GET /api/export, from the configured store, written to a file (or stdout with `-o -`).
import { copyFileSync, createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { runCli } from "./run.js";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { loadConfig } from "../config.js";
import { DomainError, ValidationError } from "../domain/index.js";
import { exportToFile } from "../export/file.js";
import { EXPORT_FORMATS } from "../export/index.js";
import { ExportQuerySchema } from "../http/routes/export.js";
import { graphFor, type GraphQuery } from "../http/routes/core.js";
import { createReadModelHolder } from "../services/read-model.js";
import { seedIfEmpty } from "../services/seed-store.js";
import { openCliStore } from "../store/open.js";

const USAGE = `usage: npm run export -- --format <${EXPORT_FORMATS.join("|")}> [--actor <id> --depth <n>] [--at <date>]
         [--from <date>] [--to <date>] [--types A,B] [--kinds a,b] [--countries MLI,BFA] [--confidence confirmed,probable]
         [--title <text>] [-o <file> | -o -] [--create]`;

const FILTER_FLAGS = [
  "format",
  "actor",
  "depth",
  "at",
  "from",
  "to",
  "types",
  "kinds",
  "countries",
  "confidence",
  "title",
] as const;

export async function runExportCli(argv: string[]): Promise<number> {
  const { values: parsed } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(FILTER_FLAGS.map((f) => [f, { type: "string" as const }])),
      out: { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
      create: { type: "boolean" },
    },
    strict: true,
  });
  const values = parsed as Record<string, string | boolean | undefined>;
  if (values.help || !values.format) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const raw = Object.fromEntries(
    FILTER_FLAGS.filter((f) => values[f] !== undefined).map((f) => [f, values[f] as string]),
  );
  const query = ExportQuerySchema.parse(raw);
  const store = await openCliStore(loadConfig(), { create: Boolean(values.create) });
  try {
    await seedIfEmpty(store);
    const model = await createReadModelHolder(store).get();
    const { format, title, ...graphQuery } = query;
    const graph = await graphFor(model, store, graphQuery as GraphQuery);
    const cli = ["npm run export --", ...Object.entries(raw).map(([k, v]) => `--${k} ${JSON.stringify(v)}`)].join(" ");
    // Streamed through a temporary file: an export of any size holds a window of its events in memory at most.
    const file = await exportToFile(model, store, graph, {
      format,
      title,
      filters: graphQuery as Record<string, unknown>,
      query: cli,
    });
    const out = (values.out as string | undefined) ?? file.filename;
    try {
      if (out === "-") await pipeline(createReadStream(file.path), process.stdout, { end: false });
      else copyFileSync(file.path, out);
    } finally {
      file.dispose();
    }
    console.error(
      `${out === "-" ? "stdout" : out}: ${format}, ${file.manifest.counts.actors} actors, ${file.manifest.counts.relationships} relationships, ${file.manifest.counts.events} events, ${file.manifest.counts.sources} sources, sha256:${file.manifest.contentHash}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

function describe(err: unknown): string {
  if (err instanceof ZodError) return err.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n");
  if (err instanceof ValidationError)
    return `${err.message}\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`;
  if (err instanceof DomainError) return err.message;
  const msg = (err as Error).message ?? String(err);
  return /lock|already|in use/i.test(msg)
    ? `${msg}\n(is the server running on the same store file? use GET /api/export instead)`
    : msg;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(
    () => runExportCli(process.argv.slice(2)),
    (err) => `error: ${describe(err)}\n${USAGE}`,
    (err) =>
      err instanceof ZodError ||
      err instanceof ValidationError ||
      (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
        ? 2
        : 1,
  );
}

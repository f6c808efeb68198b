// `npm run cypher -- "MATCH …" [--param k=v]… [--format table|json|csv]`: one read-only query, with the workbench's limits,
// on the configured store (or, with --server URL, through a running server, since only one process may open the file).
import { parseArgs } from "node:util";
import { runCli } from "./run.js";
import { loadConfig } from "../config.js";
import { DomainError, InvalidInputError } from "../domain/index.js";
import { createCypherService, type CypherResult } from "../services/cypher.js";
import { toCsv, toTable, parseParamArg } from "../services/cypher-format.js";
import { openCliStore } from "../store/open.js";

const FORMATS = ["table", "json", "csv"] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: npm run cypher -- "<query>" [--param name=value]… [--format table|json|csv]
       npm run cypher -- --saved <name> [--param name=value]… [--format …]
       npm run cypher -- --list
options: --timeout <ms> (at most CYPHER_TIMEOUT_MS)  --max-rows <n> (at most CYPHER_MAX_ROWS)
         --server <url> send the query to a running Faultlines server instead of opening the store file`;

function print(result: CypherResult & { name?: string }, format: Format): void {
  if (format === "json") {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    return;
  }
  if (format === "csv") {
    process.stdout.write(toCsv(result.columns, result.rows));
  } else {
    console.log(toTable(result.columns, result.rows));
    console.error(
      `${result.rows.length} row(s)${result.truncated ? (result.truncatedBy === "bytes" ? ` (truncated at ${result.limits.maxBytes} bytes, CYPHER_MAX_BYTES)` : ` (truncated at ${result.limits.maxRows})`) : ""} in ${result.elapsedMs} ms on ${result.dialect}`,
    );
  }
  for (const w of result.warnings)
    console.error(`warning (line ${w.position.line}, column ${w.position.column}): ${w.message}`);
}

async function viaServer(server: string, path: string, body: unknown): Promise<CypherResult> {
  const res = await fetch(new URL(path, server), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) {
    const err = new InvalidInputError(String(json.detail ?? res.statusText), json);
    Object.defineProperty(err, "code", { value: json.code ?? "internal" });
    throw err;
  }
  return json as unknown as CypherResult;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      param: { type: "string", multiple: true, short: "p" },
      format: { type: "string", short: "f", default: "table" },
      saved: { type: "string" },
      list: { type: "boolean" },
      timeout: { type: "string" },
      "max-rows": { type: "string" },
      server: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const format = values.format as Format;
  if (values.help || (!values.list && !values.saved && positionals.length !== 1) || !FORMATS.includes(format)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  // A saved query's parameters are typed by its header: give it the text and let the header convert.
  const params = Object.fromEntries(
    (values.param ?? []).map((p) =>
      values.saved ? [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)] : parseParamArg(p),
    ),
  );
  const limits = {
    ...(values.timeout ? { timeoutMs: Number(values.timeout) } : {}),
    ...(values["max-rows"] ? { maxRows: Number(values["max-rows"]) } : {}),
  };

  if (values.server) {
    const result = values.saved
      ? await viaServer(values.server, `/api/cypher/library/${encodeURIComponent(values.saved)}`, { params, ...limits })
      : await viaServer(values.server, "/api/cypher", { query: positionals[0], params, ...limits });
    print(result, format);
    return 0;
  }

  const store = await openCliStore(loadConfig());
  try {
    const cypher = createCypherService({ store, config: loadConfig() });
    if (values.list) {
      for (const q of cypher.library()) {
        const ps = q.params.map((p) => `${p.name}:${p.type}=${JSON.stringify(p.default)}`).join(" ");
        console.log(`${q.name.padEnd(24)} ${q.title}${ps ? `  [${ps}]` : ""}`);
      }
      return 0;
    }
    const result = values.saved
      ? await cypher.runSaved(values.saved, params, limits)
      : await cypher.run({ query: positionals[0], params, ...limits });
    print(result, format);
    return 0;
  } finally {
    await store.close();
  }
}

runCli(
  () => main(process.argv.slice(2)),
  (err) => {
    if (!(err instanceof DomainError)) return `error: ${(err as Error).message}`;
    const detail = (err as InvalidInputError).detail as { position?: { line: number; column: number } } | undefined;
    return (
      `error (${err.code}): ${err.message}` +
      (detail?.position ? `\n  at line ${detail.position.line}, column ${detail.position.column}` : "")
    );
  },
);

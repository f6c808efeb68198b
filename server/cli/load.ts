// `npm run load -- <files…> [--dry-run]`: validate every file, then write all of it or nothing, and print the report.
import { loadConfig } from "../config.js";
import { runCli } from "./run.js";
import { formatReport, loadInputs } from "../services/loader.js";
import { readJsonInputs } from "../services/seeds.js";
import { openCliStore } from "../store/open.js";

async function main(argv: string[]) {
  const dryRun = argv.includes("--dry-run");
  const files = argv.filter((a) => !a.startsWith("--"));
  if (files.length === 0) {
    console.error("usage: npm run load -- <file.json>… [--dry-run] [--create]");
    return 2;
  }
  const inputs = readJsonInputs(files);
  const store = await openCliStore(loadConfig(), { create: argv.includes("--create") });
  try {
    const report = await loadInputs(store, inputs, { dryRun });
    console.log(formatReport(report));
    if (dryRun) {
      for (const [kind, c] of Object.entries(report.changes)) {
        if (c.created.length) console.log(`  + ${kind}: ${c.created.join(", ")}`);
        if (c.updated.length) console.log(`  ~ ${kind}: ${c.updated.join(", ")}`);
      }
    }
    return 0;
  } finally {
    await store.close();
  }
}

runCli(() => main(process.argv.slice(2)));

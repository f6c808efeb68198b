// Text form of an import report for the terminal: counts first, then the rows and names someone has to look at.
import { formatReport } from "../services/loader.js";
import type { ImportReport } from "./import-file.js";

function countBy<T>(items: T[], key: (x: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
}

export function formatImportReport(r: ImportReport, options: { limit?: number } = {}): string {
  const limit = options.limit ?? 20;
  const lines = [
    `${r.dryRun ? "Dry run of import" : "Import"} ${r.format}${r.layout ? ` (${r.layout} layout)` : ""}: ${r.file}`,
    `  rows read ${r.rows.read}, skipped ${r.rows.skipped}, rejected ${r.rows.rejected}  (read ${r.timings.readMs} ms, load ${r.timings.loadMs} ms)`,
    formatReport(r.load).split("\n").slice(1).join("\n"),
  ];
  if (r.rejected.length) {
    lines.push(`  rejected rows (malformed, skipped under --skip-bad-rows):`);
    for (const n of r.rejected.slice(0, limit))
      lines.push(`    row ${n.row}${n.line ? ` (line ${n.line})` : ""}: ${n.reason}`);
    if (r.rejected.length > limit) lines.push(`    … and ${r.rejected.length - limit} more`);
  }
  if (r.skipped.length) {
    lines.push(`  skipped rows (nothing for this graph):`);
    const reasons = countBy(r.skipped, (n) => n.reason.replace(/\(.*\)$/, "").trim());
    for (const [reason, n] of reasons) lines.push(`    ${n} × ${reason}`);
    for (const n of r.skipped.slice(0, Math.min(limit, 5))) lines.push(`    e.g. row ${n.row}: ${n.reason}`);
  }
  if (r.unresolved.length) {
    const by = countBy(r.unresolved, (u) => u.status);
    lines.push(`  unresolved names: ${by.map(([s, n]) => `${n} ${s}`).join(", ")}`);
    for (const u of r.unresolved.slice(0, limit)) {
      const what =
        u.status === "provisional"
          ? `provisional actor ${u.actorId}`
          : u.status === "ambiguous"
            ? `ambiguous (${u.candidates?.join(", ") || "no candidate"}): ${u.reason}`
            : "reported, not imported";
      lines.push(`    ${u.name} ×${u.occurrences} (first row ${u.firstRow}): ${what}`);
    }
    if (r.unresolved.length > limit) lines.push(`    … and ${r.unresolved.length - limit} more`);
  }
  for (const n of r.notes.slice(0, limit)) lines.push(`  note: ${n}`);
  if (r.notes.length > limit) lines.push(`  … and ${r.notes.length - limit} more notes`);
  return lines.join("\n");
}

// POST /api/import?format=ucdp-ged|ucdp-actors|acled[&dryRun&skipBadRows&unresolved]: the CSV file is the request
// body (text/csv), streamed to a temp file (never held as one string) and imported like `npm run import`. Token required.
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { UNRESOLVED_MODES } from "../../ingest/actors.js";
import { IMPORT_FORMATS, importFile } from "../../ingest/import-file.js";
import { requireToken } from "../auth.js";
import type { AppContext } from "../context.js";
import type { DefineRoute } from "../define-route.js";

const flag = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .default(false);

export const ImportQuerySchema = z.object({
  format: z.enum(IMPORT_FORMATS),
  dryRun: flag,
  skipBadRows: flag,
  unresolved: z.enum(UNRESOLVED_MODES).default("provisional"),
});

export function registerImportRoutes(define: DefineRoute, ctx: AppContext): void {
  define(
    {
      method: "post",
      path: "/import",
      summary: "Import a UCDP GED, UCDP Actor Dataset or ACLED CSV file (request body, text/csv): all or nothing",
      tags: ["write"],
      auth: true,
      query: ImportQuerySchema,
      handler: async ({ query }, { req }) => {
        const dir = mkdtempSync(path.join(tmpdir(), "faultlines-upload-"));
        try {
          const file = path.join(dir, `${query.format}.csv`);
          // express.json() leaves a text/csv body unread: stream it straight to disk.
          await pipeline(req, createWriteStream(file));
          const report = await importFile(ctx.store, { ...query, file });
          if (report.written) await ctx.model.refresh();
          return { ...report, file: `request body (${query.format})` };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    },
    requireToken(ctx.config),
  );
}

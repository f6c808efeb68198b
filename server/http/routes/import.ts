// POST /api/import?format=ucdp-ged|ucdp-actors|acled[&dryRun&skipBadRows&unresolved]: the CSV file is the request
// body (text/csv), streamed to a temp file (never held as one string, at most IMPORT_MAX_BYTES) and imported like
// `npm run import`; the file is removed when the request ends, whatever happens. Token required.
import { rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { UNRESOLVED_MODES } from "../../ingest/actors.js";
import { IMPORT_FORMATS, importFile } from "../../ingest/import-file.js";
import type { AppContext } from "../context.js";
import type { DefineRoute } from "../define-route.js";
import { RequestProblem } from "../problem.js";
import { createUploadDir, spoolBody, sweepStaleUploads } from "../uploads.js";

const flag = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .default(false);

export const ImportQuerySchema = z.object({
  format: z.enum(IMPORT_FORMATS),
  dryRun: flag,
  skipBadRows: flag,
  unresolved: z.enum(UNRESOLVED_MODES).default("provisional"),
  /** The release the file is: an ACLED export date (2021-03-02) or a UCDP GED version (23.1). */
  release: z.string().max(20).optional(),
});

export function registerImportRoutes(define: DefineRoute, ctx: AppContext): void {
  sweepStaleUploads();
  define(
    {
      method: "post",
      path: "/import",
      summary: "Import a UCDP GED, UCDP Actor Dataset or ACLED CSV file (request body, text/csv): all or nothing",
      tags: ["write"],
      auth: true,
      query: ImportQuerySchema,
      handler: async ({ query }, { req, res }) => {
        // express.json() has read a JSON body already (and leaves a text/csv body unread).
        if (req.is(["application/json", "application/*+json"])) {
          throw new RequestProblem(
            "unsupported_media_type",
            "send the CSV file as the body, with Content-Type: text/csv",
          );
        }
        const dir = createUploadDir();
        try {
          const file = path.join(dir, `${query.format}.csv`);
          await spoolBody(req, file, ctx.config.IMPORT_MAX_BYTES);
          const report = await importFile(ctx.store, { ...query, file });
          return { ...report, file: `request body (${query.format})` };
        } catch (err) {
          // An answer before the body's end: close the connection rather than read the rest of it.
          if (!req.complete) res.setHeader("Connection", "close");
          throw err;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    },
    ctx.requireToken,
  );
}

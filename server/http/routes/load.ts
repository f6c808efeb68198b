// POST /api/load: a curated bundle (the seed format) loaded through the same loader as the seeds. Token required.
import { z } from "zod";
import { loadInputs } from "../../services/loader.js";
import type { AppContext } from "../context.js";
import type { DefineRoute } from "../define-route.js";

export function registerLoadRoutes(define: DefineRoute, ctx: AppContext): void {
  define(
    {
      method: "post",
      path: "/load",
      summary: "Load a bundle of sources, places, actors, relationships and events (all or nothing)",
      tags: ["write"],
      auth: true,
      query: z.object({
        dryRun: z
          .enum(["true", "false"])
          .transform((v) => v === "true")
          .default(false),
      }),
      handler: async ({ query, body }) => {
        const report = await loadInputs(ctx.store, [{ file: "request body", data: body }], { dryRun: query.dryRun });
        return report;
      },
    },
    ctx.requireToken,
  );
}

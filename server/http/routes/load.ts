// POST /api/load: a curated bundle (the seed format) loaded through the same loader as the seeds. Token required.
import { z } from "zod";
import { loadInputs } from "../../services/loader.js";
import { actorGraphOf } from "../../services/read-model.js";
import { createSerialQueue } from "../../domain/index.js";
import type { AppContext } from "../context.js";
import type { DefineRoute } from "../define-route.js";

export function registerLoadRoutes(define: DefineRoute, ctx: AppContext): void {
  // One load at a time: each diffs against the read model as the previous one's commit left it.
  const oneAtATime = createSerialQueue();
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
      handler: ({ query, body }) =>
        oneAtATime(async () => {
          // The actor-level graph and its clash aggregates are the read model's (kept current by every commit): read
          // from the store at each load, they were half of a one-relationship load at 300k events (80-150 ms).
          const model = await ctx.model.get();
          const graph = actorGraphOf(model);
          const none = new Map<string, null>();
          return loadInputs(ctx.store, [{ file: "request body", data: body }], {
            dryRun: query.dryRun,
            known: { sources: none, places: none, events: none, graph },
            clashes: graph.clashes,
          });
        }),
    },
    ctx.requireToken,
  );
}

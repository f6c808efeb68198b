// The Cypher workbench API: POST /api/cypher runs one read-only query; the saved-query library is listed and run by name.
import { z } from "zod";
import { IdSchema } from "../../domain/index.js";
import { createCypherService, MAX_QUERY_LENGTH } from "../../services/cypher.js";
import { LIBRARY_PARAM_TYPES, variantFor } from "../../services/cypher-library.js";
import type { AppContext } from "../context.js";
import type { DefineRoute } from "../define-route.js";

const ParamName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a parameter name is a Cypher identifier");
const Limits = {
  timeoutMs: z.number().int().positive().optional().describe("ask for less than the configured timeout (never more)"),
  maxRows: z.number().int().positive().optional().describe("ask for fewer rows than the configured cap (never more)"),
};

/** Deepest and largest parameter a query may take: the embedded engine converts a nested parameter in 2^depth steps on
 * the JavaScript thread (22 levels blocked every request for 5 s), and values beyond this never serve an analysis. */
export const MAX_PARAM_DEPTH = 8;
export const MAX_PARAM_VALUES = 100_000;

/** How deep a JSON value nests and how many values it holds, walked iteratively (no recursion to overflow). */
function measure(value: unknown): { depth: number; values: number } {
  let depth = 0;
  let values = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    values++;
    depth = Math.max(depth, d);
    if (v && typeof v === "object") for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return { depth, values };
}

const ParamsSchema = z.record(ParamName, z.unknown()).superRefine((params, ctx) => {
  let total = 0;
  for (const [name, value] of Object.entries(params)) {
    const { depth, values } = measure(value);
    total += values;
    if (depth > MAX_PARAM_DEPTH) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `parameter $${name} nests ${depth} levels deep; at most ${MAX_PARAM_DEPTH} are accepted`,
      });
    }
  }
  if (total > MAX_PARAM_VALUES) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `the parameters hold ${total} values; at most ${MAX_PARAM_VALUES}`,
    });
  }
});

export const CypherBodySchema = z
  .object({
    query: z.string().min(1).max(MAX_QUERY_LENGTH),
    params: ParamsSchema.default({}),
    ...Limits,
  })
  .strict();

const PositionSchema = z.object({ line: z.number(), column: z.number(), offset: z.number() });
const HintSchema = z.object({ construct: z.string(), message: z.string(), position: PositionSchema });

export const CypherResultSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
  truncated: z.boolean(),
  engine: z.enum(["embedded", "neo4j"]),
  dialect: z.string(),
  elapsedMs: z.number(),
  truncatedBy: z.enum(["rows", "bytes"]).optional().describe("which cap cut the rows short"),
  limits: z.object({ timeoutMs: z.number(), maxRows: z.number(), maxBytes: z.number() }),
  warnings: z.array(HintSchema),
  graph: z
    .object({})
    .passthrough()
    .optional()
    .describe("the actors and ties the result mentions, as /api/graph serializes them"),
});

const LibrarySchema = z.object({
  engine: z.enum(["embedded", "neo4j"]),
  dialect: z.object({ name: z.string(), summary: z.string(), differences: z.array(z.string()) }),
  items: z.array(
    z.object({
      name: z.string(),
      title: z.string(),
      description: z.string(),
      params: z.array(
        z.object({
          name: z.string(),
          type: z.enum(LIBRARY_PARAM_TYPES),
          default: z.union([z.string(), z.number(), z.boolean(), z.null()]),
          description: z.string(),
        }),
      ),
      columns: z.array(z.string()),
      query: z.string().describe("the text for the engine in use"),
      file: z.string(),
      note: z.string().optional(),
      engines: z.array(z.string()).describe("'any', or the engines with their own variant"),
    }),
  ),
});

export function registerCypherRoutes(define: DefineRoute, ctx: AppContext): void {
  const cypher = createCypherService({ store: ctx.store, config: ctx.config, model: ctx.model });

  define({
    method: "post",
    path: "/cypher",
    summary: "Run one read-only Cypher query (engine-enforced), bounded by a timeout and a row cap",
    tags: ["cypher"],
    body: CypherBodySchema,
    response: CypherResultSchema,
    handler: ({ body }) => cypher.run(body),
  });

  define({
    method: "get",
    path: "/cypher/library",
    summary: "The saved queries (cypher/library) with their parameters, in the dialect of the engine in use",
    tags: ["cypher"],
    response: LibrarySchema,
    handler: () => ({
      engine: cypher.engine,
      dialect: cypher.dialect,
      items: cypher.library().map((q) => {
        const v = variantFor(q, cypher.engine);
        return {
          name: q.name,
          title: q.title,
          description: q.description,
          params: q.params,
          columns: q.columns,
          query: v.text,
          file: `cypher/library/${v.file}`,
          ...(v.note ? { note: v.note } : {}),
          engines: q.variants.map((x) => x.engine),
        };
      }),
    }),
  });

  define({
    method: "post",
    path: "/cypher/library/:name",
    summary: "Run a saved query by name; parameters are checked against the types its header declares",
    tags: ["cypher"],
    params: z.object({ name: IdSchema }),
    body: z
      .object({ params: ParamsSchema.default({}), ...Limits })
      .strict()
      .default({ params: {} }),
    response: CypherResultSchema.extend({ name: z.string() }),
    handler: ({ params, body }) =>
      cypher.runSaved(params.name, body.params, { timeoutMs: body.timeoutMs, maxRows: body.maxRows }),
  });
}

// One call registers a route and its OpenAPI path together, so they cannot drift; handlers get only parsed input.
import { OpenAPIRegistry, extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";

extendZodWithOpenApi(z);

export interface RouteSpec<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType> {
  method: "get" | "post";
  path: string;
  summary: string;
  tags?: string[];
  query?: Q;
  params?: P;
  body?: B;
  response?: z.ZodType;
  /**
   * The body stays raw (a Buffer from the route's own parser middleware): the handler validates it against `body`
   * itself, off the event loop (exports). `body` then only documents it.
   */
  rawBody?: boolean;
  /** Content type of a non-JSON response (exports). */
  produces?: string;
  auth?: boolean;
  handler: (
    input: { query: z.infer<Q>; params: z.infer<P>; body: z.infer<B> },
    ctx: { req: Request; res: Response },
  ) => Promise<unknown> | unknown;
}

/** Express path `/actors/:id` to OpenAPI `/actors/{id}`. */
const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z_]+)/g, "{$1}");

export function createRouteDefiner(router: Router, registry: OpenAPIRegistry, prefix = "/api") {
  return function defineRoute<
    Q extends z.ZodType = z.ZodObject<{}>,
    P extends z.ZodType = z.ZodObject<{}>,
    B extends z.ZodType = z.ZodUnknown,
  >(spec: RouteSpec<Q, P, B>, ...middleware: RequestHandler[]): void {
    registry.registerPath({
      method: spec.method,
      path: toOpenApiPath(prefix + spec.path),
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.auth ? { security: [{ bearerAuth: [] }] } : {}),
      request: {
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.body ? { body: { content: { "application/json": { schema: spec.body } } } } : {}),
      },
      responses: {
        200: spec.produces
          ? { description: "A file", content: { [spec.produces]: { schema: { type: "string", format: "binary" } } } }
          : {
              description: "OK",
              content: { "application/json": { schema: spec.response ?? z.object({}).passthrough() } },
            },
        default: {
          description: "A problem (RFC 9457)",
          content: {
            "application/problem+json": {
              schema: z.object({
                type: z.string(),
                title: z.string(),
                status: z.number(),
                code: z.string(),
                detail: z.string(),
              }),
            },
          },
        },
      },
    });
    router[spec.method](spec.path, ...middleware, async (req, res, next) => {
      try {
        const input = {
          query: (spec.query ? spec.query.parse(req.query) : {}) as z.infer<Q>,
          params: (spec.params ? spec.params.parse(req.params) : {}) as z.infer<P>,
          body: (spec.body && !spec.rawBody ? spec.body.parse(req.body) : req.body) as z.infer<B>,
        };
        const out = await spec.handler(input, { req, res });
        if (!res.headersSent && out !== undefined) res.json(out);
      } catch (err) {
        next(err);
      }
    });
  };
}
export type DefineRoute = ReturnType<typeof createRouteDefiner>;

/** Query-string helpers: comma lists of a closed set, partial dates, bounded integers. */
export const q = {
  list<T extends readonly [string, ...string[]]>(values: T) {
    return z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(values)))
      .optional();
  },
  int(def: number, min: number, max: number) {
    return z.coerce.number().int().min(min).max(max).default(def);
  },
};

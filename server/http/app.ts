// createApp(): the Express application (API under /api, the built client at /), apart from listen().
import { existsSync } from "node:fs";
import path from "node:path";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import express, { Router } from "express";
import type { Config } from "../config.js";
import { createLiveness } from "../services/liveness.js";
import { createReadModelHolder, type ReadModelHolder } from "../services/read-model.js";
import type { Store } from "../store/port.js";
import { REPO_ROOT } from "../store/query-book.js";
import { createTokenGuard, type FailureThrottle } from "./auth.js";
import type { AppContext } from "./context.js";
import { createRouteDefiner } from "./define-route.js";
import { checkHost } from "./host-check.js";
import { jsonBody } from "./json-body.js";
import { jsonReplacer } from "./model-answers.js";
import { problemHandler, sendProblem } from "./problem.js";
import { registerCoreRoutes } from "./routes/core.js";
import { registerLoadRoutes } from "./routes/load.js";
import { ROUTE_MODULES } from "./routes/index.js";
import { securityHeaders } from "./security-headers.js";

export const CLIENT_DIST = path.join(REPO_ROOT, "client/dist");

export interface AppOptions {
  config: Config;
  store: Store;
  model?: ReadModelHolder;
  clientDir?: string;
  /** Failed-token bookkeeping (tests inject one with a clock). */
  tokenThrottle?: FailureThrottle;
}

export function createApp(options: AppOptions) {
  const model = options.model ?? createReadModelHolder(options.store);
  const ctx: AppContext = {
    config: options.config,
    // Every write of the app goes through the holder's store: each commit is applied to the read model.
    store: model.store,
    model,
    liveness: createLiveness(options.store),
    requireToken: createTokenGuard(options.config, options.tokenThrottle),
  };
  const app = express();
  app.disable("x-powered-by");
  app.set("json replacer", jsonReplacer);
  app.set("query parser", "simple");
  app.use(securityHeaders({ tilesUrl: options.config.MAP_TILES_URL }));
  app.use(checkHost(options.config));

  const api = Router();
  // POST /api/export takes its body raw: an export worker parses it (server/http/routes/export.ts).
  api.use(jsonBody(options.config, (req) => req.method === "POST" && req.path === "/export"));
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  const define = createRouteDefiner(api, registry);
  registerCoreRoutes(define, ctx);
  registerLoadRoutes(define, ctx);
  for (const register of ROUTE_MODULES) register(define, ctx);

  const openapi = () =>
    new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: "3.1.0",
      info: { title: "Faultlines API", version: "0.1.0", description: "Armed-group relationships with their sources." },
      servers: [{ url: "/" }],
    });
  let doc: unknown = null;
  api.get("/openapi.json", (_req, res) => {
    doc ??= openapi();
    res.json(doc);
  });
  api.use((req, res) => sendProblem(res, "not_found", `no API route ${req.method} ${req.baseUrl}${req.path}`));
  app.use("/api", api);

  const clientDir = options.clientDir ?? CLIENT_DIST;
  if (existsSync(clientDir)) {
    app.use(
      express.static(clientDir, {
        index: "index.html",
        maxAge: "1h",
        setHeaders: (res, file) => {
          if (file.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
        },
      }),
    );
    app.get(/^\/(?!api\/).*/, (req, res, next) => {
      if (path.extname(req.path)) return next();
      res.sendFile(path.join(clientDir, "index.html"));
    });
  } else {
    app.get("/", (_req, res) =>
      res
        .type("text/plain")
        .send("Faultlines API is running. The client is not built: run `npm run build:client` (npm start does it).\n"),
    );
  }
  app.use(problemHandler);
  return { app, ctx };
}

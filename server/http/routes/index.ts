// Route modules beyond the core, registered in order by createApp(). Each exports register<X>Routes(define, ctx).
import type { AppContext } from "../context.js";
import { registerAnalyticsRoutes } from "./analytics.js";
import { registerCypherRoutes } from "./cypher.js";
import { registerExportRoutes } from "./export.js";
import { registerImportRoutes } from "./import.js";
import { registerMapRoutes } from "./map.js";
import type { DefineRoute } from "../define-route.js";

export const ROUTE_MODULES: ((define: DefineRoute, ctx: AppContext) => void)[] = [
  registerAnalyticsRoutes,
  registerExportRoutes,
  registerImportRoutes,
  registerCypherRoutes,
  registerMapRoutes,
];

// What every route module receives: configuration, the store, the read model and the search index built from it,
// and the one token guard of the app (its failure throttle is shared by every write route).
import type { RequestHandler } from "express";
import type { Config } from "../config.js";
import type { Liveness } from "../services/liveness.js";
import type { ReadModelHolder } from "../services/read-model.js";
import type { Store } from "../store/port.js";

export interface AppContext {
  config: Config;
  store: Store;
  model: ReadModelHolder;
  /** Whether the store answers, known without asking it on the request's path (/api/health). */
  liveness: Liveness;
  requireToken: RequestHandler;
}

// Opens the store the configuration names: the embedded LadybugDB file by default, Neo4j when STORE=neo4j. The server
// runs the embedded engine in its own process (isolated: engine failures cost a restart, not the server); one-shot
// commands (CLI) keep it in process.
import { existsSync } from "node:fs";
import { ConfigSchema, type Config } from "../config.js";
import { ValidationError } from "../domain/index.js";
import { createEmbeddedStore } from "./embedded/embedded-store.js";
import { createIsolatedEmbeddedStore } from "./embedded/isolated-store.js";
import type { Store } from "./port.js";

const MIB = 1024 * 1024;

export async function openStore(config: Config, options: { isolated?: boolean } = {}): Promise<Store> {
  let store: Store;
  if (config.STORE === "neo4j") {
    const { createNeo4jStore } = await import("./neo4j/neo4j-store.js");
    store = createNeo4jStore({
      uri: config.NEO4J_URI,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD,
      database: config.NEO4J_DATABASE,
    });
  } else if (options.isolated && config.EMBEDDED_PATH !== ":memory:") {
    store = createIsolatedEmbeddedStore({
      path: config.EMBEDDED_PATH,
      bufferPoolBytes: config.EMBEDDED_BUFFER_POOL_MB * MIB,
      readers: config.ENGINE_READERS,
      maxRssBytes: config.ENGINE_MAX_RSS_MB * MIB,
      graceMs: config.ENGINE_GRACE_MS,
      nice: config.ENGINE_NICE,
    });
  } else {
    const file = config.EMBEDDED_PATH !== ":memory:";
    store = createEmbeddedStore({
      path: config.EMBEDDED_PATH,
      ...(file ? { bufferPoolBytes: config.EMBEDDED_BUFFER_POOL_MB * MIB } : {}),
    });
  }
  await store.init();
  return store;
}

/** Where the embedded store lives when EMBEDDED_PATH is not set. */
export const DEFAULT_EMBEDDED_PATH = ConfigSchema.shape.EMBEDDED_PATH.parse(undefined);

/**
 * For the command-line tools: a store file that does not exist is created only at the default path or when asked
 * (`--create`). A mistyped EMBEDDED_PATH would otherwise leave an empty store behind and report an empty graph.
 */
export async function openCliStore(config: Config, options: { create?: boolean } = {}): Promise<Store> {
  const path = config.EMBEDDED_PATH;
  if (config.STORE === "embedded" && !options.create && path !== DEFAULT_EMBEDDED_PATH && !existsSync(path)) {
    throw new ValidationError(`no store at ${path}`, [
      {
        path: "env.EMBEDDED_PATH",
        code: "store_not_found",
        message: `${path} does not exist: check the path, or pass --create to make a new store there`,
      },
    ]);
  }
  return openStore(config);
}

// Opens the store the configuration names: the embedded LadybugDB file by default, Neo4j when STORE=neo4j.
import type { Config } from "../config.js";
import { createEmbeddedStore } from "./embedded/embedded-store.js";
import type { Store } from "./port.js";

export async function openStore(config: Config): Promise<Store> {
  let store: Store;
  if (config.STORE === "neo4j") {
    const { createNeo4jStore } = await import("./neo4j/neo4j-store.js");
    store = createNeo4jStore({
      uri: config.NEO4J_URI,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD,
      database: config.NEO4J_DATABASE,
    });
  } else {
    store = createEmbeddedStore({ path: config.EMBEDDED_PATH });
  }
  await store.init();
  return store;
}

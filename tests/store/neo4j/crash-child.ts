// Child process of the bulk crash test: imports a file into Neo4j through staging and reports each staged batch on
// stdout, so that the parent can kill it (SIGKILL) in the middle. Arguments: Bolt URI, ACLED file.
import { importFile } from "../../../server/ingest/import-file.js";
import { createNeo4jStore } from "../../../server/store/neo4j/neo4j-store.js";

const [uri, file] = process.argv.slice(2);
const store = createNeo4jStore({
  uri,
  user: "neo4j",
  password: "",
  bulk: {
    stageFrom: 1,
    batchRows: 200,
    hooks: {
      async afterBatch({ batch }) {
        process.stdout.write(`staged ${batch}\n`);
        // Slow enough for the parent to kill it mid-staging.
        await new Promise((r) => setTimeout(r, 200));
      },
    },
  },
});
await store.init();
await importFile(store, { format: "acled", file });
process.stdout.write("done\n");
await store.close();

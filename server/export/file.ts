// An export written to a file by this process (npm run export): its events streamed from the store a window of days
// at a time into a temporary file, as the server's exports are (pool.ts) but without a worker thread.
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SerializedGraph } from "../services/graph.js";
import type { ReadModel } from "../services/read-model.js";
import { eventWindow } from "./data.js";
import { createExportWriter, type ExportRequestOptions } from "./index.js";
import type { BuiltExport } from "./pool.js";
import { exportEventPages, exportSources, type SliceReads } from "./slice.js";
import { FileSink, fileSpool } from "./spool.js";

export async function exportToFile(
  model: ReadModel,
  store: SliceReads,
  graph: SerializedGraph,
  options: ExportRequestOptions,
): Promise<BuiltExport> {
  const dir = mkdtempSync(path.join(tmpdir(), "faultlines-export-"));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  const file = path.join(dir, "file");
  const fds = [openSync(file, "w"), openSync(path.join(dir, "spool"), "w+")];
  try {
    const out = new FileSink(fds[0]);
    const writer = createExportWriter(model, graph, options, out, fileSpool(fds[1]));
    if (writer.showsEvents) {
      const nodeKeys = graph.nodes.map((n) => n.key);
      for await (const page of exportEventPages(model, store, { nodeKeys, window: eventWindow(graph.attributes) }))
        writer.add(page);
    }
    const head = writer.finish(await exportSources(model, store, writer.cited()));
    out.flush();
    return { ...head, path: file, size: out.written, dispose };
  } catch (err) {
    dispose();
    throw err;
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

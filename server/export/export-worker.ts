// An export worker thread (pool.ts): parses and checks a posted body, then builds the file from the read model's
// slice the main thread sends (slice.ts). Everything here may take seconds on a large graph; the server's event loop
// meanwhile answers other requests.
import { parentPort } from "node:worker_threads";
import { toWireError, ValidationError } from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";
import { readModelFromBundle } from "../services/read-model.js";
import { contentFromBundle, eventWindow } from "./data.js";
import { buildExport, type ExportRequestOptions } from "./index.js";
import { checkPostedGraph, ExportBodySchema, exportOptionsOf, type ExportBody } from "./request.js";
import type { FromExportWorker, ToExportWorker } from "./pool.js";

const port = parentPort!;
/** Bodies parsed and waiting for their slice, by job. */
const parsed = new Map<number, { body: ExportBody; graph?: SerializedGraph }>();

function parse(id: number, raw: Uint8Array): FromExportWorker {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch (err) {
    throw new ValidationError(`the body is not valid JSON: ${(err as Error).message}`, []);
  }
  const result = ExportBodySchema.safeParse(json);
  if (!result.success) {
    throw new ValidationError(
      "the request is not valid",
      result.error.issues.map((i) => ({ path: i.path.join("."), code: i.code, message: i.message })),
    );
  }
  const body = result.data;
  const graph = body.graph ? checkPostedGraph(body.graph) : undefined;
  parsed.set(id, { body, graph });
  const edgeSourceIds = new Set<string>();
  for (const e of graph?.edges ?? []) for (const s of e.attributes.sources ?? []) edgeSourceIds.add(s.sourceId);
  return {
    kind: "parsed",
    id,
    posted: graph
      ? {
          nodeKeys: graph.nodes.map((n) => n.key),
          edgeSourceIds: [...edgeSourceIds],
          window: eventWindow(graph.attributes),
        }
      : null,
    filters: (body.filters ?? {}) as Record<string, unknown>,
  };
}

function build(m: Extract<ToExportWorker, { kind: "build" }>): { reply: FromExportWorker; transfer: ArrayBuffer[] } {
  const held = parsed.get(m.id);
  parsed.delete(m.id);
  const graph = m.graph ?? held?.graph;
  const options: ExportRequestOptions | undefined = held ? exportOptionsOf(held.body) : m.options;
  if (!graph || !options) throw new Error("export worker: a build without its graph or options");
  const model = readModelFromBundle(m.slice);
  const file = buildExport(model, graph, { ...options, content: contentFromBundle(model, m.slice, graph) });
  const bytes = typeof file.body === "string" ? Buffer.from(file.body, "utf8") : file.body;
  // A copy that owns its whole ArrayBuffer, moved (not copied again) to the main thread.
  const body = new Uint8Array(bytes);
  return {
    reply: {
      kind: "built",
      id: m.id,
      file: { filename: file.filename, contentType: file.contentType, manifest: file.manifest, body },
    },
    transfer: [body.buffer as ArrayBuffer],
  };
}

port.on("message", (m: ToExportWorker) => {
  try {
    if (m.kind === "parse") port.postMessage(parse(m.id, m.raw));
    else if (m.kind === "forget") parsed.delete(m.id);
    else {
      const { reply, transfer } = build(m);
      port.postMessage(reply, transfer);
    }
  } catch (err) {
    parsed.delete(m.id);
    port.postMessage({ kind: "failed", id: m.id, error: toWireError(err) } satisfies FromExportWorker);
  }
});

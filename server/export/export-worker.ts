// An export worker thread (pool.ts): parses and checks a posted body, then writes the file as the main thread sends
// its events, a page at a time, and then its sources (createExportWriter, to files the main thread opened). Everything
// here may take seconds on a large graph; the server's event loop meanwhile answers other requests.
import { parentPort } from "node:worker_threads";
import { toWireError, ValidationError } from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";
import { eventWindow } from "./data.js";
import { createExportWriter, type ExportRequestOptions, type ExportWriter } from "./index.js";
import { checkPostedGraph, ExportBodySchema, exportOptionsOf, type ExportBody } from "./request.js";
import { FileSink, fileSpool } from "./spool.js";
import type { FromExportWorker, ToExportWorker } from "./pool.js";

const port = parentPort!;
/** Bodies parsed and waiting for their events, by job. */
const parsed = new Map<number, { body: ExportBody; graph?: SerializedGraph }>();
/** Files being written, by job. */
const writing = new Map<number, { writer: ExportWriter; out: FileSink }>();

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
  return {
    kind: "parsed",
    id,
    posted: graph ? { nodeKeys: graph.nodes.map((n) => n.key), window: eventWindow(graph.attributes) } : null,
    filters: (body.filters ?? {}) as Record<string, unknown>,
  };
}

function begin(m: Extract<ToExportWorker, { kind: "begin" }>): FromExportWorker {
  const held = parsed.get(m.id);
  parsed.delete(m.id);
  const graph = m.graph ?? held?.graph;
  const options: ExportRequestOptions | undefined = held ? exportOptionsOf(held.body) : m.options;
  if (!graph || !options) throw new Error("export worker: a file without its graph or options");
  const model = { actors: new Map(m.actors.map((a) => [a.id, a])) };
  const out = new FileSink(m.outFd);
  const writer = createExportWriter(model, graph, options, out, fileSpool(m.spoolFd));
  writing.set(m.id, { writer, out });
  return { kind: "begun", id: m.id, showsEvents: writer.showsEvents };
}

function writingOf(id: number) {
  const w = writing.get(id);
  if (!w) throw new Error(`export worker: no file is being written for job ${id}`);
  return w;
}

function handle(m: ToExportWorker): FromExportWorker {
  switch (m.kind) {
    case "parse":
      return parse(m.id, m.raw);
    case "begin":
      return begin(m);
    case "page":
      writingOf(m.id).writer.add(m.events);
      return { kind: "took", id: m.id };
    case "cite":
      return { kind: "cited", id: m.id, ids: writingOf(m.id).writer.cited() };
    case "end": {
      const { writer, out } = writingOf(m.id);
      writing.delete(m.id);
      const head = writer.finish(new Map(m.sources.map((s) => [s.id, s])));
      out.flush();
      return { kind: "built", id: m.id, head, size: out.written };
    }
    case "forget":
      parsed.delete(m.id);
      writing.delete(m.id);
      return { kind: "forgot", id: m.id };
  }
}

port.on("message", (m: ToExportWorker) => {
  try {
    port.postMessage(handle(m));
  } catch (err) {
    parsed.delete(m.id);
    writing.delete(m.id);
    port.postMessage({ kind: "failed", id: m.id, error: toWireError(err) } satisfies FromExportWorker);
  }
});

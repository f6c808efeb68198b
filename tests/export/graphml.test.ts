// GraphML: written by us (graphology-graphml cannot write), parsed back with a real XML parser (fast-xml-parser);
// same nodes, edges and attributes, hostile names intact, well-formed per xmllint.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { writeGraphml } from "../../server/export/graphml.js";
import { buildGraph, type SerializedGraph } from "../../server/services/graph.js";
import { FIXED_NOW, HOSTILE, hostileModel, seededModel, exportOf } from "./fixtures.js";

interface Parsed {
  keys: Map<string, { for: string; name: string; type: string }>;
  graph: Record<string, string>;
  nodes: Map<string, Record<string, string>>;
  edges: Map<string, { source: string; target: string; directed: string; data: Record<string, string> }>;
}

function parseGraphml(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
    isArray: (name) => ["key", "node", "edge", "data"].includes(name),
  }).parse(xml);
  const root = doc.graphml;
  const keys = new Map<string, { for: string; name: string; type: string }>(
    root.key.map((k: Record<string, string>) => [
      k["@id"],
      { for: k["@for"], name: k["@attr.name"], type: k["@attr.type"] },
    ]),
  );
  const data = (list: { "@key": string; "#text"?: string }[] = []) =>
    Object.fromEntries(list.map((d) => [keys.get(d["@key"])!.name, d["#text"] ?? ""]));
  const g = root.graph;
  return {
    keys,
    graph: data(g.data),
    nodes: new Map((g.node ?? []).map((n: Record<string, never>) => [n["@id"], data(n.data)])),
    edges: new Map(
      (g.edge ?? []).map((e: Record<string, never>) => [
        e["@id"],
        { source: e["@source"], target: e["@target"], directed: e["@directed"], data: data(e.data) },
      ]),
    ),
  };
}

describe("GraphML export", () => {
  it("writes an empty graph as a valid document", () => {
    const empty: SerializedGraph = {
      attributes: {},
      options: { type: "mixed", multi: true, allowSelfLoops: false },
      nodes: [],
      edges: [],
    };
    const p = parseGraphml(writeGraphml(empty, { title: "empty" }));
    expect(p.nodes.size).toBe(0);
    expect(p.graph.title).toBe("empty");
  });

  it("round-trips nodes, edges, directions and attributes with hostile names", () => {
    const graph = buildGraph(hostileModel(), {});
    const xml = writeGraphml(graph, {
      title: HOSTILE.quotes,
      filters: { at: "2013" },
      sources: [{ id: "s", title: HOSTILE.script }],
    });
    const p = parseGraphml(xml);
    expect(p.graph.title).toBe(HOSTILE.quotes);
    expect(JSON.parse(p.graph.sources)).toEqual([{ id: "s", title: HOSTILE.script }]);
    expect([...p.nodes.keys()].sort()).toEqual(graph.nodes.map((n) => n.key).sort());
    for (const n of graph.nodes) {
      const d = p.nodes.get(n.key)!;
      expect(d.label).toBe(n.attributes.label.replace("\u0001", "\uFFFD"));
      expect(d.kind).toBe(n.attributes.kind);
      // Lists travel as JSON text, whose \u escapes carry even characters XML cannot.
      expect(JSON.parse(d.aliases ?? "[]")).toEqual(n.attributes.aliases);
      expect(d.provisional).toBe(String(n.attributes.provisional));
      expect(Number(d.eventCount)).toBe(n.attributes.eventCount);
    }
    expect(p.edges.size).toBe(graph.edges.length);
    for (const e of graph.edges) {
      const d = p.edges.get(e.key)!;
      expect([d.source, d.target]).toEqual([e.source, e.target]);
      expect(d.directed).toBe(e.undirected ? "false" : "true");
      expect(d.data.type).toBe(e.attributes.type);
      expect(d.data.since).toBe(e.attributes.since);
      expect(d.data.until).toBe(e.attributes.until);
      expect(JSON.parse(d.data.sources ?? "[]")).toEqual(e.attributes.sources.map((s) => s.sourceId));
      expect(d.data.note).toBe(e.attributes.note);
    }
    expect(p.nodes.get("beta")!.label).toBe(HOSTILE.script);
    expect(p.edges.get("r-ab")!.data.note).toBe(HOSTILE.markdown);
  });

  it("declares every key with a GraphML type", () => {
    const p = parseGraphml(writeGraphml(buildGraph(hostileModel(), {}), { title: "t" }));
    for (const k of p.keys.values()) expect(["string", "int", "double", "boolean"]).toContain(k.type);
  });

  it.skipIf(!existsSync("/usr/bin/xmllint"))(
    "is well-formed XML for xmllint too (seeded graph)",
    async () => {
      const model = await seededModel();
      const file = exportOf(model, buildGraph(model, {}), { format: "graphml", now: FIXED_NOW });
      const f = path.join(mkdtempSync(path.join(tmpdir(), "faultlines-graphml-")), "g.graphml");
      writeFileSync(f, file.body);
      expect(() => execFileSync("/usr/bin/xmllint", ["--noout", f], { stdio: "pipe" })).not.toThrow();
      const p = parseGraphml(String(file.body));
      expect(p.nodes.size).toBe(model.actors.size);
      expect(Number(p.nodes.get("jnim")!.x)).toEqual(expect.any(Number));
    },
    120_000,
  );
});

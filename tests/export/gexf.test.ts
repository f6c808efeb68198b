// GEXF 1.3: round trip through graphology-gexf (nodes, edges, typed attributes), spells read back with an XML parser,
// and validation with xmllint against tests/export/schema/gexf-1.3.xsd, a reduced XSD written from the GEXF 1.3
// RELAX NG grammar (the published 1.3 XSD is incomplete and there is no network here).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import Graph from "graphology";
import { parse } from "graphology-gexf";
import { describe, expect, it } from "vitest";
import { dayBefore, gexfList, toSpell, writeGexf } from "../../server/export/gexf.js";
import { buildGraph, type SerializedGraph } from "../../server/services/graph.js";
import { FIXED_NOW, HOSTILE, hostileModel, seededModel, exportOf } from "./fixtures.js";

const XSD = path.join(path.dirname(fileURLToPath(import.meta.url)), "schema/gexf-1.3.xsd");
const XMLLINT = "/usr/bin/xmllint";
const tmp = mkdtempSync(path.join(tmpdir(), "faultlines-gexf-"));

function xmllint(xml: string): { ok: boolean; output: string } {
  const file = path.join(tmp, `f${Math.random().toString(36).slice(2)}.gexf`);
  writeFileSync(file, xml);
  try {
    return {
      ok: true,
      output: execFileSync(XMLLINT, ["--noout", "--schema", XSD, file], { encoding: "utf8", stdio: "pipe" }),
    };
  } catch (err) {
    return { ok: false, output: String((err as { stderr?: string }).stderr ?? err) };
  }
}

const gexfOf = (graph: SerializedGraph) => writeGexf(graph, { title: "t", date: "2024-05-06" });
const spellsOf = (xml: string) => {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => ["node", "edge", "spell", "attvalue", "attributes"].includes(name),
  }).parse(xml);
  const g = doc.gexf.graph;
  const pick = (el: { id: string; spells?: { spell: { start?: string; end?: string }[] } }) =>
    [el.id, el.spells?.spell ?? []] as const;
  return { graph: g, nodes: new Map(g.nodes.node.map(pick)), edges: new Map(g.edges.edge.map(pick)) };
};

describe("GEXF helpers", () => {
  it("turns an exclusive partial-date interval into an inclusive day spell", () => {
    expect(toSpell(undefined, undefined)).toBeUndefined();
    expect(toSpell("2011", undefined)).toEqual({ start: "2011-01-01" });
    expect(toSpell(undefined, "2013-08")).toEqual({ end: "2013-07-31" });
    expect(toSpell("2012-03-01", "2012-03-01")).toEqual({ start: "2012-03-01", end: "2012-03-01" });
    expect(dayBefore("2024-03-01")).toBe("2024-02-29");
  });

  it("quotes list items so commas, quotes and backslashes survive", () => {
    expect(gexfList([`a, "b"`, "c\\d"])).toBe(`["a, \\"b\\"", "c\\\\d"]`);
  });
});

describe("GEXF export", () => {
  it("writes an empty graph that still validates and parses", () => {
    const empty: SerializedGraph = {
      attributes: {},
      options: { type: "mixed", multi: true, allowSelfLoops: false },
      nodes: [],
      edges: [],
    };
    const xml = gexfOf(empty);
    expect(parse(Graph, xml).order).toBe(0);
    if (existsSync(XMLLINT)) expect(xmllint(xml).ok).toBe(true);
  });

  it("round-trips hostile names, lists and typed attributes through graphology-gexf", () => {
    const model = hostileModel();
    const graph = buildGraph(model, {});
    const xml = gexfOf(graph);
    const back = parse(Graph, xml, { allowUndeclaredAttributes: false });
    expect(back.order).toBe(graph.nodes.length);
    expect(back.size).toBe(graph.edges.length);
    for (const n of graph.nodes) {
      const a = back.getNodeAttributes(n.key);
      expect(a.label).toBe(n.attributes.label.replace("\u0001", "\uFFFD"));
      expect(a.kind).toBe(n.attributes.kind);
      expect(a.aliases ?? []).toEqual(n.attributes.aliases.map((s) => s.replace("\u0001", "\uFFFD")));
      expect(a.countries ?? []).toEqual(n.attributes.countries);
      expect(a.provisional).toBe(n.attributes.provisional);
      expect(a.eventCount).toBe(n.attributes.eventCount);
      expect(a.founded).toBe(n.attributes.founded);
    }
    for (const e of graph.edges) {
      expect(back.hasEdge(e.key)).toBe(true);
      expect(back.source(e.key)).toBe(e.source);
      expect(back.target(e.key)).toBe(e.target);
      expect(back.isUndirected(e.key)).toBe(e.undirected);
      const a = back.getEdgeAttributes(e.key);
      expect(a.type).toBe(e.attributes.type);
      expect(a.confidence).toBe(e.attributes.confidence);
      expect(a.sources ?? []).toEqual(e.attributes.sources.map((s) => s.sourceId));
      expect(a.note).toBe(e.attributes.note);
    }
    expect(back.getNodeAttribute("alpha", "label")).toBe(HOSTILE.quotes);
    expect(back.getNodeAttribute("beta", "label")).toBe(HOSTILE.script);
    expect(back.getNodeAttribute("gamma", "aliases")).toContain(HOSTILE.cdata);
  });

  it("replaces characters XML cannot carry instead of writing a broken file", () => {
    const xml = gexfOf(buildGraph(hostileModel(), {}));
    expect(xml).not.toContain("\u0001");
    expect(parse(Graph, xml).getNodeAttribute("gamma", "aliases")).toContain("Tab\there\nnewline\uFFFDctrl");
  });

  it("writes a dynamic graph with node spells founded→dissolved and edge spells since→until", () => {
    const xml = gexfOf(buildGraph(hostileModel(), {}));
    const { graph, nodes, edges } = spellsOf(xml);
    expect(graph.mode).toBe("dynamic");
    expect(graph.timeformat).toBe("date");
    expect(nodes.get("alpha")).toEqual([{ start: "2011-12-01", end: "2014-12-31" }]);
    expect(nodes.get("gamma")).toEqual([{ start: "2012-10-31" }]);
    expect(nodes.get("delta")).toEqual([]);
    expect(edges.get("r-ab")).toEqual([{ start: "2012-01-01", end: "2014-05-31" }]);
    expect(edges.get("r-da")).toEqual([]);
    expect(edges.get("clash:alpha:beta")).toEqual([{ start: "2013-01-11" }]);
  });

  it.skipIf(!existsSync(XMLLINT))(
    "validates against the GEXF 1.3 schema (hostile data and the seeded Sahel graph)",
    async () => {
      const hostile = xmllint(gexfOf(buildGraph(hostileModel(), {})));
      expect(hostile.ok, hostile.output).toBe(true);
      const model = await seededModel();
      const file = exportOf(model, buildGraph(model, {}), { format: "gexf", now: FIXED_NOW });
      const seeded = xmllint(String(file.body));
      expect(seeded.ok, seeded.output).toBe(true);
    },
    120_000,
  );

  it.skipIf(!existsSync(XMLLINT))(
    "the schema check can fail: a bad spell date and a wrong version are rejected",
    () => {
      const xml = gexfOf(buildGraph(hostileModel(), {}));
      expect(xmllint(xml.replace('start="2011-12-01"', 'start="2011-13-01"')).ok).toBe(false);
      expect(xmllint(xml.replace('version="1.3"', 'version="1.2"')).ok).toBe(false);
    },
  );

  it("exports the seeded ego network of JNIM as of 2022-11-01 with every edge of /api/graph", async () => {
    const model = await seededModel();
    const graph = buildGraph(model, { actor: "jnim", depth: 2, at: "2022-11-01" });
    const file = exportOf(model, graph, {
      format: "gexf",
      filters: { actor: "jnim", depth: 2, at: "2022-11-01" },
      now: FIXED_NOW,
    });
    expect(file.contentType).toMatch(/^application\/gexf\+xml/);
    expect(file.filename).toMatch(/\.gexf$/);
    const back = parse(Graph, String(file.body));
    expect(back.nodes().sort()).toEqual(graph.nodes.map((n) => n.key).sort());
    expect(back.edges().sort()).toEqual(graph.edges.map((e) => e.key).sort());
    expect(back.getNodeAttribute("jnim", "x")).toEqual(expect.any(Number));
  }, 120_000);
});

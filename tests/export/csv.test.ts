// CSV zip: nodes/edges/events/sources CSVs read back with csv-parse; quoting keeps hostile names; formula cells
// (= + - @ tab CR) are neutralised with a leading apostrophe.
import { parse } from "csv-parse/sync";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { csvField, neutraliseFormula } from "../../server/export/csv.js";
import { buildGraph } from "../../server/services/graph.js";
import { FIXED_NOW, HOSTILE, hostileModel, seededModel, exportOf } from "./fixtures.js";

const read = (files: Record<string, Uint8Array>, name: string) =>
  parse(strFromU8(files[name]), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];

describe("CSV cells", () => {
  it("neutralises every formula starter and leaves other text alone", () => {
    for (const s of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(neutraliseFormula(s)).toBe(`'${s}`);
    for (const s of ["", "a=b", "JNIM", "'quoted", "[1]"]) expect(neutraliseFormula(s)).toBe(s);
  });

  it("quotes commas, quotes and newlines (RFC 4180)", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("l1\nl2")).toBe('"l1\nl2"');
    expect(csvField(undefined)).toBe("");
    expect(csvField(["x", "y"])).toBe('"[""x"",""y""]"');
  });
});

describe("CSV export (zip)", () => {
  it("holds nodes, edges, events, sources and the manifest", () => {
    const model = hostileModel();
    const file = exportOf(model, buildGraph(model, {}), { format: "csv", now: FIXED_NOW });
    expect(file.contentType).toBe("application/zip");
    expect(file.filename).toMatch(/\.csv\.zip$/);
    const files = unzipSync(new Uint8Array(file.body as Buffer));
    expect(Object.keys(files).sort()).toEqual(["edges.csv", "events.csv", "manifest.json", "nodes.csv", "sources.csv"]);
    expect(JSON.parse(strFromU8(files["manifest.json"])).contentHash).toBe(file.manifest.contentHash);
  });

  it("round-trips hostile names and neutralises formulas", () => {
    const model = hostileModel();
    const graph = buildGraph(model, {});
    const files = unzipSync(new Uint8Array(exportOf(model, graph, { format: "csv", now: FIXED_NOW }).body as Buffer));
    const nodes = new Map(read(files, "nodes.csv").map((r) => [r.id, r]));
    expect(nodes.size).toBe(graph.nodes.length);
    expect(nodes.get("alpha")!.label).toBe(HOSTILE.quotes);
    expect(nodes.get("beta")!.label).toBe(HOSTILE.script);
    expect(nodes.get("gamma")!.label).toBe(HOSTILE.tifinagh);
    expect(nodes.get("delta")!.label).toBe(`'${HOSTILE.plus}`);
    expect(JSON.parse(nodes.get("alpha")!.aliases)).toEqual([HOSTILE.arabic, HOSTILE.formula]);
    expect(JSON.parse(nodes.get("gamma")!.aliases)).toEqual([HOSTILE.cdata, HOSTILE.control]);
    expect(nodes.get("alpha")!.countries).toBe('["MLI"]');
    const edges = new Map(read(files, "edges.csv").map((r) => [r.id, r]));
    expect([...edges.keys()].sort()).toEqual(graph.edges.map((e) => e.key).sort());
    expect(edges.get("r-ga")!.note).toBe(`'${HOSTILE.formula}`);
    expect(edges.get("r-ab")).toMatchObject({
      source: "alpha",
      target: "beta",
      directed: "false",
      type: "RIVAL_OF",
      since: "2012",
      until: "2014-06",
      confidence: "disputed",
    });
    expect(JSON.parse(edges.get("r-ab")!.sources)).toEqual(["src-quote", "src-js"]);
    expect(JSON.parse(edges.get("r-ab")!.quotes)).toEqual([`"They said <no> & left"`, ""]);
    expect(edges.get("clash:alpha:beta")).toMatchObject({ type: "CLASHED_WITH", count: "1", fatalities: "12" });
    const sources = new Map(read(files, "sources.csv").map((r) => [r.id, r]));
    expect([...sources.keys()].sort()).toEqual(["src-formula", "src-js", "src-quote"]);
    expect(sources.get("src-formula")!.title).toBe(`'${HOSTILE.formula}`);
    expect(sources.get("src-formula")!.publisher).toBe(`'${HOSTILE.at}`);
    const events = read(files, "events.csv");
    expect(events.map((e) => e.id)).toEqual(["ev-1", "ev-2"]);
    expect(events[0].place).toBe(`Kadji "<village>", Mali`);
  });

  it("no cell of the seeded export starts with a formula character", async () => {
    const model = await seededModel();
    const files = unzipSync(
      new Uint8Array(exportOf(model, buildGraph(model, {}), { format: "csv", now: FIXED_NOW }).body as Buffer),
    );
    let cells = 0;
    for (const name of ["nodes.csv", "edges.csv", "events.csv", "sources.csv"]) {
      const rows = parse(strFromU8(files[name]), { bom: true }) as string[][];
      for (const row of rows)
        for (const cell of row) {
          cells++;
          expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        }
    }
    expect(cells).toBeGreaterThan(500);
  }, 120_000);
});

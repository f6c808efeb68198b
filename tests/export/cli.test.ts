// `npm run export` (server/cli/export.ts) against a real embedded store file: an empty store is seeded first, the
// file is written, and its content hash equals the one the API path computes for the same filters.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Graph from "graphology";
import { parse } from "graphology-gexf";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runExportCli } from "../../server/cli/export.js";
import { buildGraph } from "../../server/services/graph.js";
import { seededModel, exportOf } from "./fixtures.js";

const dir = mkdtempSync(path.join(tmpdir(), "faultlines-cli-"));
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

describe("npm run export", () => {
  it("refuses a missing --format with the usage and exit code 2", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await runExportCli([])).toBe(2);
    expect(err.mock.calls.flat().join("\n")).toContain("usage: npm run export");
    err.mockRestore();
  });

  it("writes the GEXF of JNIM's ego network as of 2022-11-01 from a store file, seeding an empty store", async () => {
    process.env.STORE = "embedded";
    process.env.EMBEDDED_PATH = path.join(dir, "cli.lbug");
    const out = path.join(dir, "out.gexf");
    const lines: string[] = [];
    const err = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
    try {
      expect(
        await runExportCli([
          "--format",
          "gexf",
          "--actor",
          "jnim",
          "--depth",
          "2",
          "--at",
          "2022-11-01",
          "-o",
          out,
          "--create",
        ]),
      ).toBe(0);
    } finally {
      err.mockRestore();
    }
    expect(lines[0]).toBe("the store is empty: loading the curated seeds first");
    const hash = /sha256:([0-9a-f]{64})/.exec(lines.join("\n"))![1];
    const g = parse(Graph, readFileSync(out, "utf8"));
    const model = await seededModel();
    const filters = { actor: "jnim", depth: 2, at: "2022-11-01" };
    const graph = buildGraph(model, filters);
    expect(g.nodes().sort()).toEqual(graph.nodes.map((n) => n.key).sort());
    expect(hash).toBe(exportOf(model, graph, { format: "gexf", filters }).manifest.contentHash);

    // The JSON file, its events streamed from the store: the same data (hash, events) as the export built whole.
    const json = path.join(dir, "out.json");
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(
        await runExportCli(["--format", "json", "--actor", "jnim", "--depth", "2", "--at", "2022-11-01", "-o", json]),
      ).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    const file = JSON.parse(readFileSync(json, "utf8"));
    const whole = JSON.parse(String(exportOf(model, graph, { format: "json", filters }).body));
    expect(file.manifest.contentHash).toBe(whole.manifest.contentHash);
    expect(file.events.length).toBeGreaterThan(0);
    expect(file.events).toEqual(whole.events);
  }, 180_000);
});

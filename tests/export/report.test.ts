// The report (HTML and Markdown), JSON and SVG: data rendered as text, citations numbered into one bibliography,
// a manifest whose content hash is stable for equal data and changes with it.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown } from "../../server/export/report.js";
import { pictureLabel, renderSvg } from "../../server/export/svg.js";
import { buildGraph } from "../../server/services/graph.js";
import { exportFilename, type ExportFormat } from "../../server/export/index.js";
import { FIXED_NOW, HOSTILE, hostileBundle, hostileModel, seededModel, exportOf, modelOf } from "./fixtures.js";

const html = (format: ExportFormat = "html", filters = {}) => {
  const model = hostileModel();
  return String(
    exportOf(model, buildGraph(model, filters), {
      format,
      filters,
      query: "/api/export?format=html",
      now: FIXED_NOW,
      sections: [],
    }).body,
  );
};

/** The HTML with every text node and attribute value removed: what is left is the markup we wrote. */
const markupOnly = (doc: string) => doc.replace(/>[^<]*</g, "><").replace(/"[^"]*"/g, '""');

describe("HTML report", () => {
  it("renders hostile names as text: no tag, attribute or script from data reaches the markup", () => {
    const doc = html();
    expect(doc).not.toContain("<script");
    expect(doc).not.toContain("<img");
    expect(markupOnly(doc)).not.toContain("onerror");
    expect(doc).toContain(escapeHtml(HOSTILE.script));
    expect(doc).toContain(escapeHtml(HOSTILE.quotes));
    expect(doc).toContain(HOSTILE.arabic);
    expect(doc).toContain(HOSTILE.tifinagh);
    const tags = new Set([...markupOnly(doc).matchAll(/<\/?([a-zA-Z][a-zA-Z0-9:-]*)/g)].map((m) => m[1].toLowerCase()));
    const allowed = [
      "html",
      "head",
      "meta",
      "title",
      "style",
      "body",
      "header",
      "h1",
      "h2",
      "p",
      "section",
      "dl",
      "dt",
      "dd",
      "code",
      "figure",
      "svg",
      "defs",
      "marker",
      "path",
      "rect",
      "text",
      "g",
      "circle",
      "line",
      "table",
      "colgroup",
      "col",
      "thead",
      "tbody",
      "tr",
      "th",
      "td",
      "span",
      "a",
      "br",
      "ul",
      "li",
      "ol",
      "em",
      "footer",
      "bdi",
    ];
    for (const t of tags) expect(allowed, `unexpected tag <${t}>`).toContain(t);
  });

  it("is self-contained: no scripts, no remote resources, a CSP that forbids them", () => {
    const doc = html();
    expect(doc).toContain(
      `Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
    expect(doc).not.toMatch(/<(script|link|iframe|object|embed)\b/i);
    expect(markupOnly(doc)).not.toMatch(/\b(src|srcset)=/i);
    expect(doc).not.toMatch(/url\((?!#)/);
  });

  it("links only http(s) URLs: a javascript: URL stays text", () => {
    const doc = html();
    expect(doc).toContain('href="https://example.org/a?b=1&amp;c=2"');
    expect(doc).not.toMatch(/href="javascript:/i);
    expect(doc).toContain("javascript:alert(1)");
  });

  it("numbers citations in order of first use and lists each cited source once in the bibliography", () => {
    const doc = html();
    const bib = [...doc.matchAll(/<li id="src-(\d+)" value="\d+">([\s\S]*?)<\/li>/g)].map(
      (m) => [Number(m[1]), m[2]] as const,
    );
    expect(bib.map(([n]) => n)).toEqual([1, 2, 3]);
    // alpha (first row of the actors table) cites src-quote first.
    expect(bib[0][1]).toContain("[src-quote]");
    for (const [n] of bib) expect(doc).toContain(`href="#src-${n}"`);
    const cited = new Set([...doc.matchAll(/href="#src-(\d+)"/g)].map((m) => Number(m[1])));
    expect([...cited].sort()).toEqual([1, 2, 3]);
  });

  it("has the manifest, the picture, the tables and the timeline with fatalities and attribution", () => {
    const doc = html("html", { at: "2013-06" });
    expect(doc).toMatch(/<dt>Query<\/dt><dd><code>\/api\/export\?format=html<\/code><\/dd>/);
    expect(doc).toContain("<dt>As of</dt><dd>2013-06</dd>");
    expect(doc).toMatch(/<dt>Content hash<\/dt><dd><code>sha256:[0-9a-f]{64}<\/code>/);
    expect(doc).toContain("<dt>Exported at</dt><dd>2024-05-06T07:08:09.000Z</dd>");
    expect(doc).toMatch(/<figure><svg [^>]*>/);
    expect(doc).toContain("12 (10–30)");
    expect(doc).toContain("side A, attacker; claimed");
    // As of 2013-06: the 2014 event is not in the timeline, the 2013 one is.
    expect(doc).toContain("2013-01-11");
    expect(doc).not.toContain("2014-03</td>");
  });

  it("says so when nothing matches instead of printing empty tables", () => {
    const doc = html("html", { kinds: ["coalition"] });
    expect(doc).toContain("No actors match these filters.");
    expect(doc).toContain("No events among these actors in this period.");
  });

  it("never reports an unknown toll as 0: a clash whose events report none says so, with the claim", async () => {
    const model = await seededModel();
    const graph = buildGraph(model, { at: "2022-11-01" });
    const clash = graph.edges.find((e) => e.key === "clash:is-sahel:jnim")!;
    expect(clash.attributes.fatalities).toBeNull();
    const doc = String(exportOf(model, graph, { format: "html", now: FIXED_NOW, sections: [] }).body);
    const row = doc
      .split("<tr")
      .slice(1)
      .find((r) => r.includes("clash:is-sahel:jnim") || r.includes("fatalities not reported"))!;
    expect(row).toMatch(/\d events? · fatalities not reported; claimed: 60 · /);
    expect(row).toContain("2022-10"); // the month-precision event keeps its precision
    expect(doc).not.toMatch(/\b0 killed/);
    const md = String(exportOf(model, graph, { format: "md", now: FIXED_NOW, sections: [] }).body);
    expect(md).toContain("fatalities not reported; claimed: 60");
    expect(md).not.toMatch(/\b0 killed/);
  }, 120_000);

  it("includes the structural balance section for the seeded network", async () => {
    const model = await seededModel();
    const doc = String(
      exportOf(model, buildGraph(model, { at: "2022-11-01" }), { format: "html", now: FIXED_NOW }).body,
    );
    expect(doc).toContain("<h2>Structural balance</h2>");
    expect(doc).toMatch(/closed triads; balanced \(strong sense\): [\d.]+%/);
  }, 120_000);
});

describe("Markdown report", () => {
  it("escapes Markdown and HTML in data so it renders as literal text", () => {
    expect(escapeMarkdown(HOSTILE.markdown)).toBe(
      "\\*bold\\* \\| pipe \\[link\\](javascript:alert(1)) \\`code\\` \\# heading",
    );
    expect(escapeMarkdown("<b>&amp;</b>")).toBe("\\<b\\>\\&amp;\\</b\\>");
    expect(escapeMarkdown("a\nb")).toBe("a b");
  });

  it("holds the same sections, citations and bibliography as the HTML", () => {
    const md = html("md");
    for (const h of ["## Manifest", "## Actors", "## Relationships", "## Timeline of events", "## Sources"])
      expect(md).toContain(h);
    expect(md).toContain(escapeMarkdown(HOSTILE.script));
    expect(md).not.toMatch(/(?<!\\)<script/);
    expect(md).toContain(
      '1. Publisher \\& Sons \\<Ltd\\> (2020-05). *The "truth" \\& \\<lies\\>*. news, en. <https://example.org/a?b=1&c=2>',
    );
    expect(md).not.toMatch(/<javascript:/);
    // Table rows never break: every row of the actors table has the 5 cells.
    const actorRows = md
      .split("## Actors")[1]
      .split("## Relationships")[0]
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| Name") && !l.startsWith("| ---"));
    expect(actorRows).toHaveLength(4);
    for (const r of actorRows) expect(r.split(/(?<!\\)\|/).length).toBe(7);
  });
});

describe("JSON export", () => {
  it("is the graphology serialization (Graph.from accepts it) plus sources, events and the manifest", () => {
    const model = hostileModel();
    const graph = buildGraph(model, {});
    const file = exportOf(model, graph, { format: "json", title: HOSTILE.quotes, now: FIXED_NOW });
    const data = JSON.parse(String(file.body));
    const g = Graph.from(data);
    expect(g.order).toBe(graph.nodes.length);
    expect(g.size).toBe(graph.edges.length);
    expect(g.getNodeAttribute("beta", "label")).toBe(HOSTILE.script);
    expect(data.attributes.title).toBe(HOSTILE.quotes);
    expect(data.sources.map((s: { id: string }) => s.id)).toEqual(["src-formula", "src-js", "src-quote"]);
    expect(data.events.map((e: { id: string }) => e.id)).toEqual(["ev-1", "ev-2"]);
    expect(data.manifest.contentHash).toBe(file.manifest.contentHash);
  });
});

describe("manifest", () => {
  it("gives equal data the same hash whatever the export time, and different data a different hash", () => {
    const model = hostileModel();
    const graph = buildGraph(model, {});
    const a = exportOf(model, graph, { format: "json", now: new Date("2020-01-01") }).manifest;
    const b = exportOf(hostileModel(), buildGraph(hostileModel(), {}), {
      format: "md",
      now: new Date("2030-01-01"),
    }).manifest;
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.contentHash).toBe(a.contentHash);
    const changed = hostileBundle();
    changed.events[0].fatalities = { best: 13 };
    const c = exportOf(modelOf(changed), buildGraph(modelOf(changed), {}), {
      format: "json",
      now: new Date("2020-01-01"),
    }).manifest;
    expect(c.contentHash).not.toBe(a.contentHash);
  });

  it("names files from the title in ASCII, with the date", () => {
    expect(exportFilename(`Ansar "Dine" & co: réseau`, "csv", FIXED_NOW)).toBe(
      "faultlines-ansar-dine-co-reseau-2024-05-06.csv.zip",
    );
    expect(exportFilename(HOSTILE.arabic, "gexf", FIXED_NOW)).toBe("faultlines-export-2024-05-06.gexf");
  });
});

describe("SVG picture", () => {
  const nodes = [
    { key: "a", label: HOSTILE.script, x: 0, y: 0, size: 6, color: "#111111", kind: "jihadist_group" },
    { key: `b"'<>&`, label: HOSTILE.quotes, x: 10, y: 5, size: 9, color: "#2563eb", kind: "state_force" },
    { key: "c", label: HOSTILE.cjk, x: NaN, y: 3, size: 5, color: "#16a34a" },
  ];
  const edges = [
    { key: "e1", source: "a", target: `b"'<>&`, type: "RIVAL_OF", directed: false },
    { key: "e2", source: "a", target: `b"'<>&`, type: "SUPPORTS", directed: true },
    { key: "e3", source: "c", target: "ghost", type: "ALLIED_WITH", directed: false },
  ];

  it("is well-formed XML with hostile labels kept as text", () => {
    const svg = renderSvg(nodes, edges, { title: HOSTILE.cdata });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(svg);
    const labels = [doc.svg.g.find((g: { "@class": string }) => g["@class"] === "labels").text]
      .flat()
      .map((t: { "#text": string } | string) => (typeof t === "string" ? t : t["#text"]));
    expect(labels).toEqual([HOSTILE.script, HOSTILE.quotes, HOSTILE.cjk].map((l) => pictureLabel(l)));
    expect(pictureLabel(HOSTILE.script)).toBe(`<script>alert("x")</script><img src…`);
    // The full name stays in each circle's tooltip.
    const titles = [doc.svg.g.find((g: { "@class": string }) => g["@class"] === "nodes").circle]
      .flat()
      .map((c: { title: string }) => c.title);
    expect(titles).toEqual([HOSTILE.script, HOSTILE.quotes, HOSTILE.cjk]);
    expect(doc.svg.title).toBe(HOSTILE.cdata);
  });

  it("draws every node (even without a position), bends parallel edges, arrows only directed ones, skips dangling edges", () => {
    const svg = renderSvg(nodes, edges);
    expect(svg.match(/<circle [^>]*data-key=/g)).toHaveLength(3);
    const paths = [...svg.matchAll(/<path d="([^"]+)"[^>]*data-key="(e\d)"/g)];
    expect(paths.map((m) => m[2])).toEqual(["e1", "e2"]);
    expect(paths.every((m) => m[1].includes("Q"))).toBe(true);
    expect(svg).toMatch(/data-key="e2"/);
    expect(svg.match(/marker-end=/g)).toHaveLength(1);
    expect(svg).not.toMatch(/NaN/);
  });

  it("has a legend naming each kind and edge type present, and can leave it out", () => {
    const svg = renderSvg(nodes, edges);
    for (const label of ["Jihadist group", "State force", "Rival of", "Supports", "Allied with"])
      expect(svg).toContain(`>${label}</text>`);
    expect(renderSvg(nodes, edges, { legend: false })).not.toContain('class="legend"');
  });
});

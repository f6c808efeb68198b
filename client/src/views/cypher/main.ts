// Cypher workbench page entry: the saved-query list with parameter forms, the editor, results as a table and as a
// graph (with a link to the explorer), errors with the engine's message and position, and the query history.
import "../../styles.css";
import "./cypher.css";
import type { SerializedGraph } from "../../../../server/services/graph.js";
import {
  HISTORY_KEY,
  addToHistory,
  cellText,
  explorerHref,
  isEditOf,
  paramFields,
  parseHistory,
  toParamValue,
  toProblemView,
  type HistoryEntry,
  type ParamSpec,
  type ProblemView,
} from "../../core/cypher/index.js";
import { plural } from "../../../../server/domain/tolls.js";
import { EDGE_STYLES } from "../../core/encodings/index.js";
import { filenameFromDisposition } from "../../core/export/index.js";
import { h, replace, swatch } from "../dom.js";
import { mountEditor, type EditorHandle } from "./editor.js";
import type { GraphView } from "./graph-view.js";

interface LibraryItem {
  name: string;
  title: string;
  description: string;
  params: ParamSpec[];
  columns: string[];
  query: string;
  file: string;
  note?: string;
  engines: string[];
}
interface LibraryResponse {
  engine: "embedded" | "neo4j";
  dialect: { name: string; summary: string; differences: string[] };
  items: LibraryItem[];
}
/** Which cap cut the answer short, in words. */
function truncationNote(out: Pick<CypherResponse, "truncated" | "truncatedBy" | "limits">): string {
  if (!out.truncated) return "";
  if (out.truncatedBy === "bytes") {
    const b = out.limits.maxBytes;
    const size = b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`;
    return ` — truncated at the ${size} answer cap`;
  }
  return ` — truncated at the ${out.limits.maxRows}-row cap`;
}

interface CypherResponse {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
  truncatedBy?: "rows" | "bytes";
  engine: string;
  dialect: string;
  elapsedMs: number;
  limits: { timeoutMs: number; maxRows: number; maxBytes: number };
  warnings: ProblemView["hints"];
  graph?: SerializedGraph;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`cypher page: no #${id}`);
  return el as T;
};

const DEFAULT_QUERY = "MATCH (a:Actor)-[r:SPLINTER_OF|MERGED_INTO]->(b:Actor)\nRETURN a.id AS from, b.id AS to, r.since AS since\nORDER BY since";

const state = {
  library: null as LibraryResponse | null,
  selected: null as LibraryItem | null,
  paramText: {} as Record<string, string>,
  history: [] as HistoryEntry[],
  running: false,
  graph: null as SerializedGraph | null,
  graphView: null as GraphView | null,
  graphShown: false,
  /** The query whose result is shown, named in exports. */
  exportQuery: null as string | null,
};

let editor: EditorHandle;

function loadHistory(): HistoryEntry[] {
  try {
    return parseHistory(localStorage.getItem(HISTORY_KEY));
  } catch {
    return [];
  }
}
function saveHistory(): void {
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(state.history));
  } catch {
    /* storage full or disabled: history is a convenience */
  }
}

// ---- library and parameters ----

function renderLibrary(): void {
  const items = state.library?.items ?? [];
  replace(
    $("cy-library"),
    items.map((q) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "cy-saved",
            "data-name": q.name,
            "aria-pressed": state.selected?.name === q.name ? "true" : "false",
            onclick: () => selectSaved(q),
          },
          h("span", { class: "cy-saved-title" }, q.title),
          h("span", { class: "cy-saved-desc muted small" }, q.description),
        ),
      ),
    ),
  );
}

function selectSaved(q: LibraryItem): void {
  state.selected = q;
  state.paramText = {};
  editor.setValue(q.query);
  const info = $("cy-saved-info");
  info.hidden = false;
  replace(
    info,
    h("strong", {}, q.title),
    " ",
    h("span", { class: "muted small" }, q.file),
    " ",
    h("span", { id: "cy-saved-edited", class: "cy-edited small", hidden: true }, "edited"),
    h("p", { class: "small" }, q.description),
    q.note ? h("p", { class: "small muted" }, `Dialect: ${q.note}`) : null,
  );
  renderLibrary();
  renderParams();
}

function declaredParams(): ParamSpec[] {
  return state.selected?.params ?? [];
}

function renderParams(): void {
  // Once the text is another query, the saved one's title, description and parameter types no longer describe it.
  if (state.selected && !isEditOf(state.selected.query, editor.getValue())) {
    state.selected = null;
    $("cy-saved-info").hidden = true;
    renderLibrary();
  }
  const edited = document.getElementById("cy-saved-edited");
  if (edited) edited.hidden = !state.selected || editor.getValue().trim() === state.selected.query.trim();
  const form = $<HTMLFormElement>("cy-params");
  const fields = paramFields(editor.getValue(), declaredParams(), state.paramText);
  form.hidden = fields.length === 0;
  replace(
    form,
    fields.length ? h("span", { class: "cy-label" }, "Parameters") : null,
    fields.map(({ spec, value }) => {
      const declared = declaredParams().some((p) => p.name === spec.name);
      const type = spec.type === "date" ? "date" : spec.type === "int" || spec.type === "float" ? "number" : "text";
      const input =
        spec.type === "boolean"
          ? h("select", { name: spec.name, "data-param": spec.name }, h("option", { value: "true" }, "true"), h("option", { value: "false" }, "false"))
          : h("input", {
              name: spec.name,
              "data-param": spec.name,
              type,
              value,
              step: spec.type === "float" ? "any" : undefined,
              placeholder: declared ? spec.type : "text or JSON",
            });
      if (input instanceof HTMLSelectElement) input.value = value || "false";
      input.addEventListener("input", () => {
        state.paramText[spec.name] = (input as HTMLInputElement).value;
      });
      input.addEventListener("change", () => {
        state.paramText[spec.name] = (input as HTMLInputElement).value;
      });
      return h(
        "label",
        { class: "cy-param", title: spec.description || undefined },
        h("span", { class: "cy-param-name" }, `$${spec.name}`),
        h("span", { class: "muted small" }, declared ? spec.type : "any"),
        input,
      );
    }),
  );
}

function currentParams(): Record<string, unknown> {
  const declared = declaredParams();
  const out: Record<string, unknown> = {};
  for (const { spec, value } of paramFields(editor.getValue(), declared, state.paramText)) {
    out[spec.name] = toParamValue(spec, value, declared.some((p) => p.name === spec.name));
  }
  return out;
}

// ---- running ----

function setStatus(text: string, attrs: Record<string, string> = {}): void {
  const s = $("cy-status");
  s.textContent = text;
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
}

function showError(p: ProblemView | null): void {
  const box = $("cy-error");
  box.hidden = !p;
  if (!p) return box.replaceChildren();
  replace(
    box,
    h("strong", {}, p.title),
    h("pre", { class: "cy-error-message" }, p.message),
    p.position
      ? h(
          "button",
          { type: "button", class: "link small", onclick: () => editor.markPosition(p.position!.offset, 5) },
          `Go to line ${p.position.line}, column ${p.position.column}`,
        )
      : null,
    p.hints.length
      ? h(
          "ul",
          { class: "cy-hints" },
          p.hints.map((x) =>
            h(
              "li",
              {},
              h("button", { type: "button", class: "link small", onclick: () => editor.markPosition(x.position.offset, x.construct.length) }, `line ${x.position.line}, column ${x.position.column}`),
              ": ",
              x.message,
            ),
          ),
        )
      : null,
  );
}

function showWarnings(warnings: ProblemView["hints"]): void {
  const box = $("cy-warnings");
  box.hidden = warnings.length === 0;
  replace(box, warnings.map((w) => h("p", { class: "small" }, `Warning (line ${w.position.line}, column ${w.position.column}): ${w.message}`)));
}

function renderTable(res: CypherResponse): void {
  const table = $("cy-table");
  if (res.rows.length === 0) {
    replace(table, h("p", { class: "muted" }, "No rows."));
    return;
  }
  replace(
    table,
    h(
      "table",
      { class: "cy-result-table" },
      h("thead", {}, h("tr", {}, res.columns.map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        res.rows.map((row) => h("tr", {}, res.columns.map((c) => h("td", {}, cellText(row[c]))))),
      ),
    ),
  );
}

async function ensureGraphView(): Promise<GraphView> {
  if (!state.graphView) {
    const { createGraphView } = await import("./graph-view.js");
    state.graphView = createGraphView($("cy-graph"));
  }
  return state.graphView;
}

async function drawGraph(): Promise<void> {
  const note = $("cy-graph-note");
  if (!state.graph) {
    state.graphView?.clear();
    note.textContent = "This result names no actor or relationship: nothing to draw.";
    $("cy-graph-legend").replaceChildren();
    $("cy-graph").setAttribute("data-nodes", "0");
    return;
  }
  const view = await ensureGraphView();
  const { nodes, edges } = view.show(state.graph);
  const induced = state.graph.attributes.induced === true;
  note.textContent = `${plural(nodes, "actor")}, ${plural(edges, "tie")}${induced ? " (the ties among the actors the result names)" : ""}.`;
  const types = [...new Set(state.graph.edges.map((e) => e.attributes.type))].filter((t) => t in EDGE_STYLES).sort();
  replace(
    $("cy-graph-legend"),
    types.map((t) =>
      h(
        "span",
        { class: "cy-legend-item small" },
        swatch(EDGE_STYLES[t].directed ? "swatch-line directed" : "swatch-line", EDGE_STYLES[t].color),
        EDGE_STYLES[t].label,
      ),
    ),
  );
  $("cy-graph").setAttribute("data-nodes", String(nodes));
  $("cy-graph").setAttribute("data-edges", String(edges));
  state.graphShown = true;
}

function selectTab(which: "table" | "graph"): void {
  const graph = which === "graph";
  $("cy-tab-table").setAttribute("aria-selected", String(!graph));
  $("cy-tab-graph").setAttribute("aria-selected", String(graph));
  $("cy-table").hidden = graph;
  $("cy-graph-panel").hidden = !graph;
  if (graph && !state.graphShown) void drawGraph();
  else if (graph) state.graphView?.resize();
}

function limitsFromInputs(): { timeoutMs?: number; maxRows?: number } {
  const t = Number($<HTMLInputElement>("cy-timeout").value);
  const m = Number($<HTMLInputElement>("cy-maxrows").value);
  return { ...(t > 0 ? { timeoutMs: Math.round(t) } : {}), ...(m > 0 ? { maxRows: Math.round(m) } : {}) };
}

async function run(): Promise<void> {
  if (state.running) return;
  const query = editor.getValue();
  if (!query.trim()) {
    showError({ title: "Nothing to run", message: "Write a query first.", hints: [] });
    return;
  }
  renderParams();
  const params = currentParams();
  state.running = true;
  $<HTMLButtonElement>("cy-run").disabled = true;
  setStatus("Running…", { "data-state": "running" });
  showError(null);
  let entry: HistoryEntry = { query, params, at: new Date().toISOString(), ok: false, ...(state.selected && state.selected.query === query ? { saved: state.selected.name } : {}) };
  try {
    const res = await fetch("/api/cypher", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, params, ...limitsFromInputs() }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      clearResult("No result: the query failed.");
      showError(toProblemView(res.status, body));
      setStatus("Failed.", { "data-state": "error" });
      const pos = (body as { position?: { offset: number } } | null)?.position;
      if (pos) editor.markPosition(pos.offset, 5);
      return;
    }
    const out = body as CypherResponse;
    entry = { ...entry, ok: true, rows: out.rows.length };
    renderTable(out);
    showWarnings(out.warnings ?? []);
    state.graph = out.graph ?? null;
    state.graphShown = false;
    const link = $<HTMLAnchorElement>("cy-open-explorer");
    link.hidden = !out.graph;
    $("cy-export").hidden = !out.graph;
    state.exportQuery = query;
    if (out.graph) link.href = explorerHref(out.graph.nodes.map((n) => n.key));
    setStatus(
      `${out.rows.length} row(s)${truncationNote(out)} in ${out.elapsedMs} ms` +
        (out.graph ? `, ${out.graph.nodes.length} actor(s) in the graph` : ""),
      { "data-state": "done", "data-rows": String(out.rows.length) },
    );
    if ($("cy-graph-panel").hidden === false) void drawGraph();
  } catch {
    clearResult("No result: the server could not be reached.");
    showError({ title: "The server cannot be reached", message: "Check that Faultlines is running, then try again.", hints: [] });
    setStatus("Failed.", { "data-state": "error" });
  } finally {
    state.running = false;
    $<HTMLButtonElement>("cy-run").disabled = false;
    state.history = addToHistory(state.history, entry);
    saveHistory();
    renderHistory();
  }
}

/** Drops the previous result, so a failed run never leaves an older answer on screen as if it were this one's. */
function clearResult(note: string): void {
  replace($("cy-table"), h("p", { class: "muted" }, note));
  showWarnings([]);
  state.graph = null;
  state.graphShown = false;
  state.graphView?.clear();
  $("cy-open-explorer").hidden = true;
  $("cy-export").hidden = true;
  if (!$("cy-graph-panel").hidden) void drawGraph();
}

/** Exports the result's graph through POST /api/export, with the query as the report's provenance. */
async function exportResult(): Promise<void> {
  if (!state.graph) return;
  const format = $<HTMLSelectElement>("cy-export-format").value;
  setStatus("Exporting…", { "data-state": "exporting" });
  const res = await fetch("/api/export", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ format, graph: state.graph, query: `Cypher: ${state.exportQuery ?? ""}` }),
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { detail?: string } | null;
    setStatus(`Export failed: ${problem?.detail ?? `HTTP ${res.status}`}`, { "data-state": "error" });
    return;
  }
  const filename = filenameFromDisposition(res.headers.get("Content-Disposition"), `faultlines-cypher.${format}`);
  const url = URL.createObjectURL(await res.blob());
  const a = h("a", { href: url, download: filename }) as HTMLAnchorElement;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  setStatus(`Exported ${filename}.`, { "data-state": "exported" });
}

// ---- history ----

function renderHistory(): void {
  replace(
    $("cy-history"),
    state.history.map((e) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: `cy-hist ${e.ok ? "" : "failed"}`,
            title: e.query,
            onclick: () => {
              state.selected = state.library?.items.find((q) => q.name === e.saved) ?? null;
              state.paramText = Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
              editor.setValue(e.query);
              if (!state.selected) $("cy-saved-info").hidden = true;
              renderLibrary();
              renderParams();
            },
          },
          h("span", { class: "cy-hist-query" }, e.query.replace(/\s+/g, " ").slice(0, 90)),
          h("span", { class: "muted small" }, `${e.ok ? `${e.rows ?? 0} row(s)` : "failed"} · ${new Date(e.at).toLocaleString()}`),
        ),
      ),
    ),
  );
}

// ---- start ----

async function start(): Promise<void> {
  state.history = loadHistory();
  renderHistory();
  let paramsTimer: ReturnType<typeof setTimeout> | undefined;
  const mounted = mountEditor($("cy-editor"), {
    value: state.history[0]?.query ?? DEFAULT_QUERY,
    lint: false,
    onRun: () => void run(),
    onChange: () => {
      clearTimeout(paramsTimer);
      paramsTimer = setTimeout(renderParams, 250);
    },
  });
  editor = mounted.now;
  $("cy-run").addEventListener("click", () => void run());
  $("cy-export-go").addEventListener("click", () => void exportResult());
  $("cy-tab-table").addEventListener("click", () => selectTab("table"));
  $("cy-tab-graph").addEventListener("click", () => selectTab("graph"));
  renderParams();

  try {
    const res = await fetch("/api/cypher/library", { headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    state.library = (await res.json()) as LibraryResponse;
    const lib = state.library;
    $("cy-engine").textContent = `Engine: ${lib.engine === "neo4j" ? "Neo4j" : "embedded (LadybugDB)"} · ${lib.dialect.name}`;
    $("cy-engine").setAttribute("data-engine", lib.engine);
    $("cy-dialect").textContent = `${lib.dialect.name}: ${lib.dialect.summary}`;
    replace($("cy-differences"), lib.dialect.differences.map((d) => h("li", {}, d)));
    renderLibrary();
  } catch (err) {
    $("cy-engine").textContent = "Engine: unknown (the server did not answer)";
    showError({ title: "The saved queries could not be loaded", message: String((err as Error).message), hints: [] });
  }

  // CodeMirror arrives later and keeps what was typed meanwhile. Its linter stays off: its grammar is Neo4j's (and older
  // than Neo4j 5), so it would flag valid embedded queries; the engine's own errors, with positions, are shown instead.
  editor = await mounted.ready;
  document.body.setAttribute("data-editor", editor.kind);
}

// For tests and the console: the live graph renderer of the current result.
(window as unknown as { faultlinesCypher: unknown }).faultlinesCypher = {
  get sigma() {
    return state.graphView?.sigma ?? null;
  },
};

void start();

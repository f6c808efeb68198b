// The query editor: a plain textarea at once, swapped for CodeMirror 6 with Cypher highlighting once the (large) editor
// bundle has loaded by dynamic import; both expose the same small handle, so the page never waits for the editor.
import type { EditorView } from "@codemirror/view";

export interface EditorHandle {
  getValue(): string;
  setValue(text: string): void;
  /** Selects the text at a 0-based offset (an engine's error position) and scrolls to it. */
  markPosition(offset: number, length?: number): void;
  focus(): void;
  readonly kind: "textarea" | "codemirror";
}

export interface EditorOptions {
  value: string;
  /** Lint with Neo4j's grammar: right only when the engine is Neo4j. */
  lint: boolean;
  onRun(): void;
  onChange(text: string): void;
}

function textareaEditor(parent: HTMLElement, options: EditorOptions): EditorHandle & { destroy(): void } {
  const ta = document.createElement("textarea");
  ta.className = "cy-textarea";
  ta.spellcheck = false;
  ta.setAttribute("aria-label", "Cypher query");
  ta.value = options.value;
  ta.addEventListener("input", () => options.onChange(ta.value));
  ta.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      options.onRun();
    }
  });
  parent.replaceChildren(ta);
  return {
    kind: "textarea",
    getValue: () => ta.value,
    setValue: (t) => {
      ta.value = t;
    },
    markPosition: (offset, length = 1) => {
      ta.focus();
      ta.setSelectionRange(offset, Math.min(ta.value.length, offset + length));
    },
    focus: () => ta.focus(),
    destroy: () => ta.remove(),
  };
}

/** Mounts the textarea now and resolves with the CodeMirror handle (or the textarea's, if the bundle fails to load). */
export function mountEditor(parent: HTMLElement, options: EditorOptions): { now: EditorHandle; ready: Promise<EditorHandle> } {
  const fallback = textareaEditor(parent, options);
  const ready = (async (): Promise<EditorHandle> => {
    try {
      const [{ createCypherEditor }, { keymap }, { Prec }] = await Promise.all([
        import("@neo4j-cypher/codemirror"),
        import("@codemirror/view"),
        import("@codemirror/state"),
      ]);
      await import("@neo4j-cypher/codemirror/css/cypher-codemirror.css");
      const value = fallback.getValue();
      const host = document.createElement("div");
      host.className = "cy-codemirror";
      const runKeys = Prec.highest(
        keymap.of([
          {
            key: "Mod-Enter",
            run: () => {
              options.onRun();
              return true;
            },
          },
        ]),
      );
      const created = createCypherEditor(host, {
        value,
        lint: options.lint,
        lineNumbers: true,
        lineWrapping: true,
        autocomplete: true,
        theme: "light",
        placeholder: "MATCH (a:Actor) RETURN a.id AS id, a.name AS name LIMIT 10",
        preExtensions: [runKeys],
      }) as unknown as { editor?: unknown };
      // The package's typings promise the API itself; its code returns {editor: api}.
      const api = (created.editor ?? created) as {
        codemirror: EditorView;
        onValueChanged(fn: (value: string) => void): () => void;
        setValue(v: string): void;
        focus(): void;
        destroy(): void;
      };
      const view = api.codemirror;
      view.contentDOM.setAttribute("aria-label", "Cypher query");
      view.contentDOM.setAttribute("data-testid", "cypher-editor");
      api.onValueChanged((v) => options.onChange(v));
      fallback.destroy();
      parent.replaceChildren(host);
      return {
        kind: "codemirror",
        getValue: () => view.state.doc.toString(),
        setValue: (t) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } }),
        markPosition: (offset, length = 1) => {
          const max = view.state.doc.length;
          const from = Math.max(0, Math.min(offset, max));
          view.dispatch({ selection: { anchor: from, head: Math.min(max, from + length) }, scrollIntoView: true });
          view.focus();
        },
        focus: () => view.focus(),
      };
    } catch (err) {
      console.warn("cypher editor: CodeMirror did not load; the plain editor stays", err);
      return fallback;
    }
  })();
  return { now: fallback, ready };
}

// Tiny DOM builder: every piece of data becomes a text node (textContent), never parsed HTML.
type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | EventListener | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function")
      el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k === "class") el.className = String(v);
    else if (k === "text") el.textContent = String(v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function replace(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** Only http(s) links from data become hrefs (no javascript: or data: URLs). */
export function safeHref(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, location.href);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function externalLink(url: string | undefined | null, text: string): HTMLElement {
  const href = safeHref(url);
  return href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, text) : h("span", {}, text);
}

/** A colour swatch; the colour goes through the CSSOM, not through markup. */
export function swatch(
  cls: "swatch-dot" | "swatch-line" | "swatch-line directed" | "swatch-line dashed",
  color: string,
): HTMLElement {
  const s = h("span", { class: cls });
  s.style.setProperty("--c", color);
  return s;
}

/** Re-render a container without losing keyboard focus: the control with the same id gets focus back. */
export function keepFocus(container: HTMLElement, render: () => void): void {
  const active = document.activeElement;
  const id = active instanceof HTMLElement && container.contains(active) ? active.id : "";
  render();
  if (id) document.getElementById(id)?.focus();
}

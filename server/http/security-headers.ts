// Response headers every answer carries: a Content-Security-Policy fit for the built client on pages, a deny-all one
// on API answers (data, never rendered), no framing, no Referer, no MIME sniffing.
import type { RequestHandler } from "express";

/**
 * The pages run only their own scripts. Styles: the workbench's editor (CodeMirror's StyleModule) writes its theme
 * into a <style> element, hence 'unsafe-inline' for style elements; style attributes stay refused (the client sets
 * styles through the CSSOM, which CSP does not govern). A per-response nonce handed to CodeMirror would avoid
 * 'unsafe-inline', at the cost of templating the built pages; not worth it while no markup is built from data.
 * The ForceAtlas2 worker starts from a blob: URL, exports are saved through blob: links, the page icon is a data:
 * URL; sigma draws with WebGL, which CSP does not govern.
 */
export function pageCsp(origins: readonly string[] = []): string {
  const extra = origins.map((o) => ` ${o}`).join("");
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "style-src-attr 'none'",
    // An online map base layer (MAP_TILES_URL) is fetched, then drawn from the fetched bytes.
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self'",
    `connect-src 'self'${extra}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const PAGE_CSP = pageCsp();

/** The origin of an online base layer's tile URL template, which the pages may then fetch from. */
export function tilesOrigin(template: string | undefined): string | null {
  if (!template) return null;
  const m = /^(https?:\/\/[^/?#]+)/.exec(template);
  return m ? m[1].toLowerCase() : null;
}

/** API answers are data; exports are attachments, and the HTML report carries its own CSP for when it is opened. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The headers every answer carries, with the CSP of a page or of an API answer. */
export function setSecurityHeaders(res: { setHeader(name: string, value: string): unknown }, csp: string): void {
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
}

export function securityHeaders(options: { tilesUrl?: string } = {}): RequestHandler {
  const origin = tilesOrigin(options.tilesUrl);
  const page = origin ? pageCsp([origin]) : PAGE_CSP;
  return (req, res, next) => {
    const api = req.path === "/api" || req.path.startsWith("/api/");
    setSecurityHeaders(res, api ? API_CSP : page);
    next();
  };
}

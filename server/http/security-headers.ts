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
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "style-src-attr 'none'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** API answers are data; exports are attachments, and the HTML report carries its own CSP for when it is opened. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    const api = req.path === "/api" || req.path.startsWith("/api/");
    res.setHeader("Content-Security-Policy", api ? API_CSP : PAGE_CSP);
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    next();
  };
}

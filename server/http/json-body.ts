// The JSON body parser of /api: capped in bytes (JSON_MAX_BYTES), UTF-8 only (RFC 8259), and capped in nesting, so
// that a small body of 50,000 nested brackets cannot overflow the stack of whatever walks it next.
import express, { type Request, type RequestHandler } from "express";
import type { Config } from "../config.js";
import { RequestProblem } from "./problem.js";

/** Far above any body the API takes (graph attributes, Cypher parameters nest a few levels). */
export const JSON_MAX_DEPTH = 64;

/** True when the JSON text nests arrays and objects deeper than `max` (brackets inside strings do not count). */
export function nestsDeeperThan(body: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The checks on a JSON body's raw bytes, before anything parses it: UTF-8 only, nesting capped. */
function checkJsonBytes(body: Uint8Array, encoding: string): void {
  if (encoding.toLowerCase() !== "utf-8") {
    throw Object.assign(new RequestProblem("unsupported_media_type", `JSON is UTF-8 (RFC 8259), not ${encoding}`), {
      status: 415,
    });
  }
  if (nestsDeeperThan(body, JSON_MAX_DEPTH)) {
    const message = `the body nests arrays and objects deeper than ${JSON_MAX_DEPTH} levels`;
    throw Object.assign(
      new RequestProblem("validation_failed", message, { issues: [{ path: "", code: "too_deep", message }] }),
      { status: 400 },
    );
  }
}

const isJson = (req: Request) => Boolean(req.is("application/json"));

/** Parses JSON bodies, except on routes that take theirs raw (`rawJsonBody`): `skip` names them. */
export function jsonBody(config: Pick<Config, "JSON_MAX_BYTES">, skip: (req: Request) => boolean = () => false) {
  return express.json({
    limit: config.JSON_MAX_BYTES,
    type: (req) => isJson(req as Request) && !skip(req as Request),
    verify: (_req, _res, body, encoding) => checkJsonBytes(body, encoding),
  }) as RequestHandler;
}

/**
 * A JSON body left as bytes (same cap and checks), for a route that parses and validates it off the event loop: a
 * 14 MB export body took 2.4 s to parse and 2 s to validate on a busy machine, every other request waiting.
 */
export function rawJsonBody(config: Pick<Config, "JSON_MAX_BYTES">): RequestHandler {
  return express.raw({
    limit: config.JSON_MAX_BYTES,
    type: (req) => isJson(req as Request),
    verify: (req, _res, body) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers["content-type"] ?? "")?.[1] ?? "utf-8";
      checkJsonBytes(body, charset);
    },
  });
}

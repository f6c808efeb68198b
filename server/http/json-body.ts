// The JSON body parser of /api: capped in bytes (JSON_MAX_BYTES), UTF-8 only (RFC 8259), and capped in nesting, so
// that a small body of 50,000 nested brackets cannot overflow the stack of whatever walks it next.
import express, { type RequestHandler } from "express";
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

export function jsonBody(config: Pick<Config, "JSON_MAX_BYTES">): RequestHandler {
  return express.json({
    limit: config.JSON_MAX_BYTES,
    verify: (_req, _res, body, encoding) => {
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
    },
  });
}

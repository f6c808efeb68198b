// RFC 9457 problem+json: the one mapping table from domain errors to HTTP statuses.
import type { ErrorRequestHandler, Response } from "express";
import { ZodError } from "zod";
import { DomainError, InvalidInputError, ValidationError } from "../domain/index.js";

export const STATUS_OF: Record<string, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  misdirected_request: 421,
  too_many_requests: 429,
  invalid_input: 422,
  read_only: 422,
  query_timeout: 408,
  query_memory_limit: 422,
  internal: 500,
  store_unavailable: 503,
  server_busy: 503,
  server_stalled: 503,
};

const TITLE_OF: Record<string, string> = {
  validation_failed: "The request is not valid",
  unauthorized: "A bearer token is required",
  forbidden: "This operation is not allowed",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "The request body is too large",
  unsupported_media_type: "The request body's type, charset or encoding is not supported",
  misdirected_request: "This server does not answer for that host name",
  too_many_requests: "Too many failed attempts",
  invalid_input: "The input cannot be processed",
  read_only: "The Cypher workbench is read-only",
  query_timeout: "The query ran out of time",
  query_memory_limit: "The query needs more memory than the workbench allows",
  internal: "Internal error",
  store_unavailable: "The graph store is unavailable",
  server_busy: "The server is busy with other work of this kind",
  server_stalled: "The server's main thread is not answering",
};

/** The problem+json body of `code` (RFC 9457): its type, title and status from the tables above. */
export function problemBody(code: string, detail: string, extra: Record<string, unknown> = {}) {
  const status = STATUS_OF[code] ?? 500;
  return {
    type: `https://faultlines.dev/problems/${code}`,
    title: TITLE_OF[code] ?? code,
    status,
    code,
    detail,
    ...extra,
  };
}

export function sendProblem(res: Response, code: string, detail: string, extra: Record<string, unknown> = {}): void {
  const body = problemBody(code, detail, extra);
  if (code === "store_unavailable" || code === "server_busy") res.setHeader("Retry-After", "5");
  res.status(body.status).type("application/problem+json").send(JSON.stringify(body));
}

/** A malformed request refused by the HTTP layer itself (body caps, media types), with extra problem members. */
export class RequestProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "RequestProblem";
  }
}

/** body-parser and router errors carry an HTTP status and a `type`: every 4xx of theirs becomes a 4xx problem. */
function requestProblemOf(err: unknown): RequestProblem | null {
  const e = err as { type?: string; status?: number; message?: string; limit?: number; code?: string };
  if (err instanceof URIError && e.status === 400) {
    const issue = { path: "url", code: "invalid_escape", message: "the path has a malformed % escape" };
    return new RequestProblem("validation_failed", "the path has a malformed % escape", { issues: [issue] });
  }
  if (e.type === "entity.parse.failed") {
    return new RequestProblem("validation_failed", `the body is not valid JSON: ${e.message}`, { issues: [] });
  }
  if (e.type === "entity.too.large") {
    return new RequestProblem("payload_too_large", `the body is larger than the cap of ${e.limit} bytes`, {
      limit: e.limit,
    });
  }
  if (e.type === "charset.unsupported" || e.type === "encoding.unsupported" || e.status === 415) {
    return new RequestProblem("unsupported_media_type", e.message ?? "unsupported media type");
  }
  // The client closed the connection mid-body: nobody reads this answer, but it is not the server's fault either.
  if (e.type === "request.aborted" || e.code === "ECONNRESET" || e.code === "ERR_STREAM_PREMATURE_CLOSE") {
    return new RequestProblem("validation_failed", "the request body ended early", { issues: [] });
  }
  if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return new RequestProblem("validation_failed", e.message ?? "the request is not valid", { issues: [] });
  }
  return null;
}

export const problemHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof RequestProblem) {
    sendProblem(res, err.code, err.message, err.extra);
    return;
  }
  if (err instanceof ZodError) {
    sendProblem(res, "validation_failed", "the request is not valid", {
      issues: err.issues.map((i) => ({ path: i.path.join("."), code: i.code, message: i.message })),
    });
    return;
  }
  if (err instanceof ValidationError) {
    sendProblem(res, err.code, err.message, { issues: err.issues });
    return;
  }
  if (err instanceof InvalidInputError) {
    sendProblem(res, err.code, err.message, err.detail ?? {});
    return;
  }
  if (err instanceof DomainError) {
    sendProblem(res, err.code, err.message);
    return;
  }
  const problem = requestProblemOf(err);
  if (problem) {
    sendProblem(res, problem.code, problem.message, problem.extra);
    return;
  }
  console.error("internal error:", err);
  sendProblem(res, "internal", "an internal error occurred");
};

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
  invalid_input: 422,
  read_only: 422,
  query_timeout: 408,
  internal: 500,
  store_unavailable: 503,
};

const TITLE_OF: Record<string, string> = {
  validation_failed: "The request is not valid",
  unauthorized: "A bearer token is required",
  forbidden: "This operation is not allowed",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "The request body is too large",
  invalid_input: "The input cannot be processed",
  read_only: "The Cypher workbench is read-only",
  query_timeout: "The query ran out of time",
  internal: "Internal error",
  store_unavailable: "The graph store is unavailable",
};

export function sendProblem(res: Response, code: string, detail: string, extra: Record<string, unknown> = {}): void {
  const status = STATUS_OF[code] ?? 500;
  if (code === "store_unavailable") res.setHeader("Retry-After", "5");
  res
    .status(status)
    .type("application/problem+json")
    .send(
      JSON.stringify({
        type: `https://faultlines.dev/problems/${code}`,
        title: TITLE_OF[code] ?? code,
        status,
        code,
        detail,
        ...extra,
      }),
    );
}

export const problemHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (res.headersSent) return;
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
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === "entity.parse.failed") {
    sendProblem(res, "validation_failed", `the body is not valid JSON: ${e.message}`, { issues: [] });
    return;
  }
  if (e.type === "entity.too.large") {
    sendProblem(res, "payload_too_large", e.message ?? "too large");
    return;
  }
  console.error("internal error:", err);
  sendProblem(res, "internal", "an internal error occurred");
};

// Domain errors across a thread or process boundary (the export workers, the embedded engine's process): sent as plain
// data, thrown again on the other side with their class, so that the HTTP layer maps them as if thrown locally.
import {
  BusyError,
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  QueryMemoryLimitError,
  QueryTimeoutError,
  ReadOnlyViolationError,
  StoreUnavailableError,
  UnauthorizedError,
  ValidationError,
  type Issue,
} from "./errors.js";

export interface WireError {
  name: string;
  message: string;
  detail?: Record<string, unknown>;
  issues?: Issue[];
  files?: string[];
}

export function toWireError(err: unknown): WireError {
  const e = err instanceof Error ? err : new Error(String(err));
  const out: WireError = { name: e.name, message: e.message };
  if (e instanceof InvalidInputError && e.detail) out.detail = e.detail;
  if (e instanceof ValidationError) out.issues = e.issues;
  return out;
}

const SIMPLE: Record<string, new (message: string) => DomainError> = {
  BusyError,
  NotFoundError,
  ConflictError,
  ForbiddenError,
  UnauthorizedError,
  StoreUnavailableError,
  QueryTimeoutError,
  QueryMemoryLimitError,
  ReadOnlyViolationError,
};

/** The error as it was thrown: domain errors keep their class; anything else is a plain Error with its name. */
export function fromWireError(w: WireError): Error {
  if (w.name === "InvalidInputError") return new InvalidInputError(w.message, w.detail);
  if (w.name === "ValidationError") return new ValidationError(w.message, w.issues ?? []);
  const Known = SIMPLE[w.name];
  if (Known) return new Known(w.message);
  const err = new Error(w.message);
  err.name = w.name;
  return err;
}

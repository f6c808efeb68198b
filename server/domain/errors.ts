// Typed domain errors: services throw these, only the HTTP layer maps them to statuses (server/http/problem.ts).

export interface Issue {
  path: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: string = "internal";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that fails its schema: names the file/row/field in each issue path. */
export class ValidationError extends DomainError {
  override readonly code = "validation_failed";
  constructor(
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
  }
}

/** Well-formed input that cannot be acted upon (dangling reference, unknown engine construct). */
export class InvalidInputError extends DomainError {
  override readonly code = "invalid_input";
  constructor(
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  override readonly code = "not_found";
}

export class ConflictError extends DomainError {
  override readonly code = "conflict";
}

export class ForbiddenError extends DomainError {
  override readonly code = "forbidden";
}

export class UnauthorizedError extends DomainError {
  override readonly code = "unauthorized";
}

export class StoreUnavailableError extends DomainError {
  override readonly code = "store_unavailable";
}

export class QueryTimeoutError extends DomainError {
  override readonly code = "query_timeout";
}

/** A workbench query that needs more memory than the store lets one transaction use (Neo4j's db.memory.transaction.max). */
export class QueryMemoryLimitError extends DomainError {
  override readonly code = "query_memory_limit";
}

/** A write attempted through a read-only path (the Cypher workbench). */
export class ReadOnlyViolationError extends DomainError {
  override readonly code = "read_only";
}

/** The server is at its bound for this kind of work (export workers): try again shortly (503 + Retry-After). */
export class BusyError extends DomainError {
  override readonly code = "server_busy";
}

// How the Neo4j store reads the server's errors (codes and messages as Neo4j 5 sends them), without a server.
import { Neo4jError } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { isReadOnlyRefusal, isTimeout, positionOf } from "../../../server/store/neo4j/neo4j-store.js";

const serverError = (code: string, message: string) =>
  new Neo4jError(message, code, "50N42", "error: general processing exception");

describe("Neo4j server errors", () => {
  it("finds the position of a syntax error in the message", () => {
    const err = serverError(
      "Neo.ClientError.Statement.SyntaxError",
      "Invalid input 'RETRN': expected 'ALTER' or 'CALL' (line 2, column 5 (offset: 12))\n\"    RETRN 1\"\n     ^",
    );
    expect(positionOf(err)).toEqual({ line: 2, column: 5, offset: 12 });
    expect(positionOf(serverError("Neo.ClientError.Statement.SyntaxError", "no position here"))).toBeUndefined();
  });

  it("recognises a write refused in a read transaction", () => {
    expect(
      isReadOnlyRefusal(
        serverError(
          "Neo.ClientError.Statement.AccessMode",
          "Writing in read access mode not allowed. Attempted write to internal graph 0",
        ),
      ),
    ).toBe(true);
    expect(isReadOnlyRefusal(serverError("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase", "read only"))).toBe(
      true,
    );
    expect(isReadOnlyRefusal(serverError("Neo.ClientError.Statement.SyntaxError", "Invalid input"))).toBe(false);
  });

  it("recognises the server's transaction timeout, under both codes Neo4j 5 uses", () => {
    const msg =
      "The transaction has been terminated. Retry your operation in a new transaction, and you should see a successful result. The transaction has not completed within the timeout specified at its start by the client. You may want to retry with a longer timeout.";
    expect(isTimeout(serverError("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", msg))).toBe(
      true,
    );
    expect(isTimeout(serverError("Neo.ClientError.Transaction.TransactionTimedOut", msg))).toBe(true);
    expect(isTimeout(serverError("Neo.TransientError.Transaction.Terminated", msg))).toBe(true);
    expect(isTimeout(serverError("Neo.TransientError.Transaction.Terminated", "terminated by an administrator"))).toBe(
      false,
    );
    expect(isTimeout(serverError("Neo.ClientError.Statement.SyntaxError", "timeout"))).toBe(false);
  });
});

// The tail every command-line entry point shares: run main, exit with its code, print a failure and exit non-zero.
import { ValidationError } from "../domain/index.js";
import { formatIssues } from "../services/loader.js";

/** A rejected load or import lists every issue with its file and row; anything else is one line. */
export function describeError(err: unknown): string {
  return err instanceof ValidationError ? formatIssues(err) : `error: ${(err as Error).message}`;
}

export function runCli(
  main: () => Promise<number>,
  describe: (err: unknown) => string = describeError,
  exitCode: (err: unknown) => number = () => 1,
): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(describe(err));
      process.exit(exitCode(err));
    },
  );
}

// A vitest reporter for CI: with CI_REQUIRE_NEO4J=1, a test of the `neo4j` project that was skipped (or never ran)
// fails the run, naming it. Locally it only lists them.
import type { Reporter, TestModule } from "vitest/node";

export default class RequireNeo4jReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of modules) {
      if (module.project.name !== "neo4j") continue;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "skipped" || state === "pending") skipped.push(`${module.moduleId}: ${test.fullName}`);
      }
    }
    if (skipped.length === 0) return;
    const required = process.env.CI_REQUIRE_NEO4J === "1";
    console.error(
      `\n${skipped.length} Neo4j test(s) did not run${required ? " (CI_REQUIRE_NEO4J=1: a failure)" : ""}:\n  ` +
        skipped.join("\n  "),
    );
    if (required) process.exitCode = 1;
  }
}

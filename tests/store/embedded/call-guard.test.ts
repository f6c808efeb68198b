import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadOnlyViolationError } from "../../../server/domain/index.js";
import { createEmbeddedStore } from "../../../server/store/embedded/embedded-store.js";
import type { Store } from "../../../server/store/port.js";

// LadybugDB 0.19 segfaults while preparing CALL read_csv_serial(…): the store itself must refuse it, whoever calls.
describe("embedded runReadOnly gates CALL before the engine", () => {
  let store: Store;
  beforeAll(async () => {
    store = createEmbeddedStore({ path: ":memory:" });
    await store.init();
  });
  afterAll(() => store.close());

  it.each(["CALL read_csv_serial('/etc/passwd') RETURN *", "CALL read_parquet('/tmp/x.parquet') RETURN *"])(
    "refuses %s with ReadOnlyViolationError",
    async (query) => {
      await expect(store.runReadOnly(query, {}, { timeoutMs: 1000, maxRows: 10 })).rejects.toBeInstanceOf(
        ReadOnlyViolationError,
      );
    },
  );

  it("still runs an allowed catalog function", async () => {
    const r = await store.runReadOnly("CALL show_tables() RETURN name", {}, { timeoutMs: 1000, maxRows: 100 });
    expect(r.rows.map((x) => x.name)).toContain("Actor");
  });

  it.each([
    "CALL current_setting('home_directory') RETURN *",
    "CALL current_setting('file_search_path') RETURN *",
    'CALL current_setting("HOME_DIRECTORY") RETURN *',
    "CALL current_setting('home_' + 'directory') RETURN *",
    "CALL current_setting(lower('HOME_DIRECTORY')) RETURN *",
    "WITH 'home_directory' AS n CALL current_setting(n) RETURN *",
    "CALL current_setting(/* */ 'home_directory') RETURN *",
  ])("refuses %s: it can reveal a server path", async (query) => {
    await expect(store.runReadOnly(query, {}, { timeoutMs: 1000, maxRows: 10 })).rejects.toBeInstanceOf(
      ReadOnlyViolationError,
    );
  });

  it("still reads a tuning setting named by a literal", async () => {
    const r = await store.runReadOnly("CALL current_setting('threads') RETURN *", {}, { timeoutMs: 1000, maxRows: 1 });
    expect(Number(r.rows[0].threads)).toBeGreaterThan(0);
  });
});

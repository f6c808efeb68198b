// The importers' last check before the loader (server/ingest/import-file.ts validateBundle): every entity through its
// zod schema, events with their shared sources lists checked once, each issue naming the row the entity came from.
import { describe, expect, it } from "vitest";
import { emptyBundle, ValidationError, type Event } from "../../server/domain/index.js";
import { validateBundle } from "../../server/ingest/import-file.js";

const event = (id: string, sources: Event["sources"], extra: Partial<Event> = {}): Event => ({
  id,
  date: "2020-08-22",
  type: "battle",
  claims: [],
  participants: [{ actorId: "jnim", side: "A", attribution: "confirmed" }],
  sources,
  ...extra,
});

async function issuesOf(events: Event[]) {
  const bundle = { ...emptyBundle(), events };
  const origin = new Map(events.map((e, i) => [e.id, i + 1]));
  try {
    await validateBundle("f.csv", bundle, origin);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe("validateBundle", () => {
  it("accepts events sharing one good sources list", async () => {
    const shared = [{ sourceId: "acled" }, { sourceId: "outlet-rfi" }];
    expect(await issuesOf([event("a", shared), event("b", shared), event("c", shared)])).toEqual([]);
  });

  it("reports a bad shared list on every event that cites it, and a bad own field with it", async () => {
    const bad = [{ sourceId: "Not A Slug" }];
    const issues = await issuesOf([event("a", bad), event("b", bad, { date: "2020-02-30" })]);
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/^f\.csv: row 1 events\[id=a\]\.sources\.0\.sourceId: must be a lower-case slug/);
    expect(issues).toContainEqual(expect.stringMatching(/^f\.csv: row 2 events\[id=b\]\.date: must be a date/));
    expect(issues).toContainEqual(expect.stringMatching(/^f\.csv: row 2 events\[id=b\]\.sources\.0\.sourceId/));
  });

  it("still refuses an event without sources, and unknown fields", async () => {
    const issues = await issuesOf([
      event("a", []),
      { ...event("b", [{ sourceId: "acled" }]), extra: 1 } as unknown as Event,
    ]);
    expect(issues).toContainEqual(expect.stringMatching(/events\[id=a\]\.sources: at least one source is required/));
    expect(issues).toContainEqual(expect.stringMatching(/events\[id=b\]\./));
    expect(issues).toHaveLength(2);
  });
});

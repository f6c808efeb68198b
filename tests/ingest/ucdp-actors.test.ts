// UCDP Actor Dataset importer on the real 22.1 file: lineage (splinter, alliance, join group), curated actors kept
// as they are, provisional actors for the rest, idempotence, and the report-only mode.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, type Bundle } from "../../server/domain/index.js";
import { importFile, type ImportReport } from "../../server/ingest/import-file.js";
import type { Store } from "../../server/store/port.js";
import { HAS_DATA, UCDP_ACTORS_FILE, seededStore, tempCsv } from "./helpers.js";

const has = (b: Bundle, type: string, from: string, to: string) =>
  b.relationships.some(
    (r) => r.type === type && r.from === from && r.to === to && r.sources.some((s) => s.sourceId === "ucdp-actor-221"),
  );

describe.skipIf(!HAS_DATA)("UCDP Actor Dataset on the real 22.1 file", () => {
  let store: Store;
  let report: ImportReport;
  let after: Bundle;
  let seeded: Bundle;
  beforeAll(async () => {
    store = await seededStore();
    seeded = await store.readAll();
    report = await importFile(store, { format: "ucdp-actors", file: UCDP_ACTORS_FILE });
    after = await store.readAll();
  }, 60_000);
  afterAll(() => store.close());

  it("reads the 1,725 actors (BOM header included) and rejects none", () => {
    expect(report.rows).toMatchObject({ read: 1725, rejected: 0 });
  });

  it("records MUJAO SPLINTER_OF AQIM", () => {
    expect(has(after, "SPLINTER_OF", "mujao", "aqim")).toBe(true);
  });

  it("records alliances as PART_OF the alliance formed, with ALLIED_WITH between its founders", () => {
    expect(has(after, "PART_OF", "mujao", "al-mourabitoun")).toBe(true);
    expect(has(after, "PART_OF", "al-mulathamun", "al-mourabitoun")).toBe(true);
    expect(has(after, "ALLIED_WITH", "al-mulathamun", "mujao")).toBe(true);
    expect(has(after, "PART_OF", "ansar-dine", "jnim")).toBe(true);
  });

  it("records join groups (FLM joined Ansar Dine and JNIM) as PART_OF, and FLM's split from Ansar Dine", () => {
    expect(has(after, "PART_OF", "katiba-macina", "ansar-dine")).toBe(true);
    expect(has(after, "PART_OF", "katiba-macina", "jnim")).toBe(true);
    expect(has(after, "SPLINTER_OF", "katiba-macina", "ansar-dine")).toBe(true);
    expect(has(after, "PART_OF", "al-mourabitoun", "aqim")).toBe(true);
  });

  it("never rewrites a curated actor", () => {
    for (const a of seeded.actors) expect(after.actors.find((x) => x.id === a.id)).toEqual(a);
    expect(report.load.counts.actors.updated).toBe(0);
  });

  it("creates actors nobody curated as provisional, with name changes as former aliases", () => {
    const pkk = after.actors.find((a) => a.externalIds.ucdp?.includes("323"));
    const created = after.actors.filter((a) => a.provisional);
    expect(created.length).toBe(report.load.counts.actors.created);
    expect(created.every((a) => a.sources.some((s) => s.sourceId === "ucdp-actor-221"))).toBe(true);
    if (pkk)
      expect(pkk.aliases.filter((x) => x.kind === "former").map((x) => x.name)).toEqual(
        expect.arrayContaining(["KADEK"]),
      );
  });

  it("changes nothing on a second import", async () => {
    const again = await importFile(store, { format: "ucdp-actors", file: UCDP_ACTORS_FILE });
    for (const c of Object.values(again.load.counts)) expect([c.created, c.updated]).toEqual([0, 0]);
  }, 60_000);
});

describe.skipIf(!HAS_DATA)("UCDP Actor Dataset, unresolved=report", () => {
  it("creates no actor and lists every unknown one, keeping relationships between curated actors", async () => {
    const store = await seededStore();
    const report = await importFile(store, { format: "ucdp-actors", file: UCDP_ACTORS_FILE, unresolved: "report" });
    expect(report.load.counts.actors.created).toBe(0);
    expect(report.unresolved.filter((u) => u.status === "reported").length).toBeGreaterThan(1000);
    expect(has(await store.readAll(), "SPLINTER_OF", "mujao", "aqim")).toBe(true);
    await store.close();
  }, 60_000);
});

describe("UCDP Actor Dataset malformed rows", () => {
  it("names the row whose flag is not 0 or 1", async () => {
    const store = await seededStore();
    const header =
      "\uFEFFActorId,NameData,NameOrig,NameOrigFull,NameOrigFullEng,NameChange,NewName,NewNameFullMotherTongue,NewNameFullEng,Org,ConflictId,DyadId,PrimaryParty,OSID,OSCoalition,OSCoalitionID,NSID,NSCoalition,NSCoalitionID,Splinter,NamePrev,ActorIdPrev,SplitTemp,NameSplitTemp,ActorIdSplitTemp,Alliance,NameAlliance,ActorIdAlliance,JoinGroup,GroupName,ActorIdGroup,Location,GWNOLoc,Region,Version";
    const ok = "9001,Test Front,Test Front,n/a,Test Front,0,,,,1,,,0,,0,,,0,,0,,,0,,,0,,,0,,,Mali,432,4,22.1";
    const bad = "9002,Other Front,Other Front,n/a,Other Front,0,,,,1,,,0,,0,,,0,,yes,,,0,,,0,,,0,,,Mali,432,4,22.1";
    const file = tempCsv("actors.csv", [header, ok, bad].join("\n"));
    const err = (await importFile(store, { format: "ucdp-actors", file }).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toEqual([
      expect.objectContaining({ code: "malformed_row", path: expect.stringContaining("row 2") }),
    ]);
    expect(err.issues[0].message).toContain("Splinter");
    await store.close();
  });
});

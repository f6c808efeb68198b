// The UCDP Non-State Conflict importer on the real file (../shared/data/ucdp/nonstate-171-first500.csv) and the plain
// spreadsheet import (actors, then relationships, as analysts keep them in Excel or Kumu).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, type Bundle } from "../../server/domain/index.js";
import { importFile, type ImportReport } from "../../server/ingest/import-file.js";
import type { Store } from "../../server/store/port.js";
import { DATA_DIR, seededStore, tempCsv } from "./helpers.js";
import { existsSync } from "node:fs";
import path from "node:path";

const NSC_FILE = path.join(DATA_DIR, "ucdp/nonstate-171-first500.csv");

describe.skipIf(!existsSync(NSC_FILE))("UCDP Non-State Conflict Dataset 17.1", () => {
  let store: Store;
  let report: ImportReport;
  let after: Bundle;
  beforeAll(async () => {
    store = await seededStore();
    report = await importFile(store, { format: "ucdp-nonstate", file: NSC_FILE });
    after = await store.readAll();
  }, 120_000);
  afterAll(() => store.close());

  it("makes one RIVAL_OF per dyad, from its first fatal date through its last year of fighting", () => {
    expect(report.rows).toMatchObject({ read: 500, rejected: 0 });
    const gia = after.relationships.find((r) => r.type === "RIVAL_OF" && [r.from, r.to].includes("gia"))!;
    expect(gia).toMatchObject({ since: "1994-02-06", until: "1999", confidence: "confirmed" });
    expect(gia.note).toMatch(/dyad 5329: fighting with 25\+ deaths in 1995, 1997, 1998 \(326 best-estimate deaths/);
    expect(gia.sources.map((s) => s.quote)).toContain(
      "dyadid 5329; sideaname AIS; sidebname GIA; startdate 1994-02-06; year 1997; fatbest 250; location Algeria",
    );
  });

  it("cites the release it came from", () => {
    const source = after.sources.find((s) => s.id === "ucdp-nsc-171")!;
    expect(source).toMatchObject({ title: "UCDP Non-State Conflict Dataset version 17.1", kind: "dataset" });
    expect(report.layout).toBe("UCDP Non-State Conflict Dataset 17.1");
  });

  it("splits a coalition side into its members and resolves UCDP 'IS' in Iraq to the Islamic State", () => {
    const mpa = after.relationships.filter((r) => r.note?.includes("dyad 5390"));
    expect(mpa).toHaveLength(3);
    expect(
      after.relationships.some((r) => r.note?.includes("dyad 5174") && [r.from, r.to].includes("islamic-state")),
    ).toBe(true);
  });

  it("gives identity groups the communal-militia kind, from UCDP's org code", () => {
    const fulani = report.unresolved.find((u) => u.name === "Fulani")!;
    expect(after.actors.find((a) => a.id === fulani.actorId)).toMatchObject({
      kind: "communal_militia",
      provisional: true,
    });
  });

  it("changes nothing on a second import", async () => {
    const again = await importFile(store, { format: "ucdp-nonstate", file: NSC_FILE });
    for (const c of Object.values(again.load.counts)) expect([c.created, c.updated]).toEqual([0, 0]);
  }, 120_000);
});

describe("spreadsheets of actors and relationships", () => {
  let store: Store;
  beforeAll(async () => {
    store = await seededStore();
  }, 60_000);
  afterAll(() => store.close());

  const actorsCsv = [
    "Label,Type,Aliases,Founded,Countries,Source URL,Source publisher,Quote",
    'Sheet Test Front,jihadist group,STF; Front test,2019-05,Mali; BFA,https://example.org/stf,Example Review,"The front was founded in May 2019."',
    "Sheet Test Militia,communal militia,,2020,Niger,,,",
    "JNIM,coalition,,,,,,",
  ].join("\n");

  it("imports a Kumu-style actors sheet, leaving out a row that names an actor the store has", async () => {
    const report = await importFile(store, { format: "sheet-actors", file: tempCsv("actors.csv", actorsCsv) });
    expect(report.load.counts.actors.created).toBe(2);
    expect(report.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/'JNIM' is already the actor jnim .*put id jnim to update it/),
    ]);
    const a = (await store.readAll()).actors.find((x) => x.id === "sheet-test-front")!;
    expect(a).toMatchObject({
      kind: "jihadist_group",
      founded: "2019-05",
      countries: ["MLI", "BFA"],
      provisional: false,
    });
    expect(a.aliases.map((x) => x.name)).toEqual(["STF", "Front test"]);
    expect(a.sources[0].quote).toBe("The front was founded in May 2019.");
    expect(report.notes.join("\n")).toMatch(/1 actor\(s\) without a source/);
  });

  it("updates an actor named by its id, keeping its aliases and sources and adding the sheet's", async () => {
    const before = (await store.readAll()).actors.find((x) => x.id === "jnim")!;
    const csv = [
      "id,name,kind,aliases,source_url,quote",
      `jnim,${before.name},coalition,Nusrat al-Islam,https://example.org/j,"JNIM was formed in March 2017."`,
    ].join("\n");
    await importFile(store, { format: "sheet-actors", file: tempCsv("upd.csv", csv) });
    const after = (await store.readAll()).actors.find((x) => x.id === "jnim")!;
    expect(after.aliases.map((a) => a.name)).toEqual([...before.aliases.map((a) => a.name), "Nusrat al-Islam"]);
    expect(after.sources).toEqual([
      ...before.sources,
      expect.objectContaining({ quote: "JNIM was formed in March 2017." }),
    ]);
    expect(after.externalIds).toEqual(before.externalIds);
    expect(after.founded).toBe(before.founded);
  });

  it("imports relationships by name or id, with words for types, each citing its quote", async () => {
    const csv = [
      "From,To,Type,Since,Confidence,Source title,Source URL,Quote",
      'STF,jnim,allied with,2020,probable,Example note,https://example.org/n1,"STF fights beside JNIM."',
      'Sheet Test Militia,Sheet Test Front,rival,2021-03,alleged,Example note,https://example.org/n1,"The militia accuses the front."',
    ].join("\n");
    const report = await importFile(store, { format: "sheet-relationships", file: tempCsv("rels.csv", csv) });
    expect(report.load.counts.relationships.created).toBe(2);
    const rels = (await store.readAll()).relationships.filter((r) => r.id.startsWith("sheet:"));
    expect(rels.map((r) => [r.type, r.from, r.to, r.confidence])).toEqual(
      expect.arrayContaining([
        ["ALLIED_WITH", "jnim", "sheet-test-front", "probable"],
        ["RIVAL_OF", "sheet-test-front", "sheet-test-militia", "alleged"],
      ]),
    );
  });

  it("refuses rows naming the column: an unknown actor, a missing quote, a type it cannot read", async () => {
    const csv = [
      "from,to,type,confidence,source_url,quote",
      "Nobody Known,jnim,allied with,confirmed,https://example.org/x,Some words.",
      "jnim,aqim,allied with,confirmed,https://example.org/x,",
      "jnim,aqim,friends,confirmed,https://example.org/x,Some words.",
      "jnim,aqim,allied with,sure,https://example.org/x,Some words.",
    ].join("\n");
    const err = (await importFile(store, { format: "sheet-relationships", file: tempCsv("bad.csv", csv) }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i) => `${i.path.replace(/^.*: /, "")}: ${i.message}`)).toEqual([
      expect.stringMatching(/^row 1 .*from 'Nobody Known' is no known actor/),
      expect.stringMatching(/^row 2 .*quote is empty/),
      expect.stringMatching(/^row 3 .*type 'friends' is not one of/),
      expect.stringMatching(/^row 4 .*confidence 'sure' is not one of/),
    ]);
  });

  it("says what a sheet given under the other format is", async () => {
    const err = (await importFile(store, {
      format: "sheet-actors",
      file: tempCsv("r.csv", "from,to,type\njnim,aqim,ally\n"),
    }).catch((e: unknown) => e)) as ValidationError;
    expect(err.message).toMatch(
      /not an actors spreadsheet file; it looks like a relationships spreadsheet: use --format sheet-relationships/,
    );
  });
});

// What an import decides for a whole file before reading its rows: how it writes numeric dates (day or month first,
// never guessed row by row), and, for a file given under the wrong --format, what it looks like instead.
import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../server/domain/index.js";
import { dayOrderCollector, parseDay } from "../../server/ingest/dates.js";
import { importFile } from "../../server/ingest/import-file.js";
import { withArticle } from "../../server/ingest/known-formats.js";
import type { Store } from "../../server/store/port.js";
import { GED_FILE, HAS_DATA, seededStore, tempCsv } from "./helpers.js";

const HEADER =
  "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,actor1,ally_actor_1,inter1,actor2,ally_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,notes,fatalities,timestamp,iso3";
const row = (n: number, date: string) =>
  `${n},466,MLI${9100 + n},${9100 + n},${date},2016,1,Battles,Ansar Dine,,2,Military Forces of Mali (2013-2020),,1,12,Western Africa,Mali,Mopti,Tenenkou,Tenenkou,Tenenkou,14.45,-4.91,1,AFP,,0,1,MLI`;
const file = (name: string, dates: string[]) =>
  tempCsv(name, [HEADER, ...dates.map((d, i) => row(i + 1, d))].join("\n"));

let store: Store | undefined;
const seeded = async () => (store ??= await seededStore());
afterAll(() => store?.close());

const refusal = async (f: string, options: { skipBadRows?: boolean } = {}) =>
  (await importFile(await seeded(), { format: "acled", file: f, dryRun: true, ...options }).catch(
    (e: unknown) => e,
  )) as ValidationError;

describe("numeric dates are read one way for the whole file", () => {
  it("reads a US file month first throughout, saying which row decided it", async () => {
    // 3/4 alone could be either; 12/31 can only be month first, so 3/4 is 4 March.
    const f = file("us.csv", ["3/4/2016", "12/31/2016", "1/2/2016"]);
    const report = await importFile(await seeded(), { format: "acled", file: f, dryRun: true });
    expect(report.rows.rejected).toBe(0);
    expect(report.notes.join("\n")).toMatch(/month first \(M\/D\/YYYY\).*row 2 '12\/31\/2016'/);
    expect(report.load.changes.events.created).toEqual(["acled-mli9101", "acled-mli9102", "acled-mli9103"]);
  });

  it("reads a day-first file day first, decided by a day over 12", async () => {
    const f = file("eu.csv", ["3/4/2016", "31/12/2016"]);
    const report = await importFile(await seeded(), { format: "acled", file: f, dryRun: true });
    expect(report.notes.join("\n")).toMatch(/day first \(D\/M\/YYYY\).*row 2 '31\/12\/2016'/);
  });

  it("refuses a file that writes both orders, naming rows of each, even under skipBadRows", async () => {
    const err = await refusal(file("mixed.csv", ["13/1/2016", "1/13/2016", "2/2/2016"]), { skipBadRows: true });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/both day first and month first/);
    expect(err.issues.map((i) => i.path).join("\n")).toMatch(/row 1 '13\/1\/2016'[\s\S]*row 2 '1\/13\/2016'/);
  });

  it("refuses a file whose numeric dates could all be read either way", async () => {
    const err = await refusal(file("ambiguous.csv", ["3/4/2016", "5/6/2016"]));
    expect(err.issues[0]).toMatchObject({ code: "ambiguous_date_order" });
    expect(err.issues[0].path).toContain("row 1 '3/4/2016'");
  });

  it("never guesses a numeric date in a file that does not write dates that way", () => {
    expect(parseDay("12/31/2016", "mdy")).toBe("2016-12-31");
    expect(parseDay("3/4/2016", "mdy")).toBe("2016-03-04");
    expect(parseDay("3/4/2016", null)).toBeNull();
    expect(parseDay("31 December 2016", null)).toBe("2016-12-31");
    const c = dayOrderCollector();
    c.see("not a date", 1);
    expect(c.decide()).toBeNull();
  });
});

describe("a file given under the wrong format", () => {
  it.skipIf(!HAS_DATA)("says what the file looks like and which --format reads it", async () => {
    const err = (await importFile(await seeded(), { format: "acled", file: GED_FILE, dryRun: true }).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/not an ACLED file; it looks like a UCDP GED file: use --format ucdp-ged/);
  });

  it("writes 'an ACLED', 'a UCDP'", () => {
    expect(withArticle("ACLED")).toBe("an ACLED");
    expect(withArticle("UCDP GED")).toBe("a UCDP GED");
    expect(withArticle("spreadsheet")).toBe("a spreadsheet");
    expect(withArticle("actors spreadsheet")).toBe("an actors spreadsheet");
  });
});

describe("events outside their actor's lifespan", () => {
  it("are imported and flagged in the report, naming the event, the actor and the row", async () => {
    const mujao = `1,466,MLI9201,9201,15 January 2016,2016,1,Battles,MUJAO: Movement for Unity and Jihad in West Africa,,2,Military Forces of Mali (2013-2020),,1,12,Western Africa,Mali,Gao,Gao,Gao,Gao,16.27,-0.05,1,AFP,,0,1,MLI`;
    const f = tempCsv("lifespan.csv", [HEADER, mujao, row(2, "15 January 2016")].join("\n"));
    const report = await importFile(await seeded(), { format: "acled", file: f, dryRun: true });
    expect(report.outsideLifespanCount).toBe(1);
    expect(report.outsideLifespan).toEqual([
      { eventId: "acled-mli9201", actorId: "mujao", date: "2016-01-15", row: 1 },
    ]);
    expect(report.notes.join("\n")).toMatch(/1 event\(s\) outside the lifespan of mujao \(2011-10 to 2013-08\)/);
  });

  it("names an example for an actor first met after the report's list is full (a 400k-row import crashed here)", async () => {
    const line = (n: number, actor: string) =>
      `${n},466,MLI${9300 + n},${9300 + n},15 January 2016,2016,1,Battles,${actor},,2,Military Forces of Mali (2013-2020),,1,12,Western Africa,Mali,Gao,Gao,Gao,Gao,16.27,-0.05,1,AFP,,0,1,MLI`;
    const rows = Array.from({ length: 205 }, (_, i) =>
      line(i + 1, "MUJAO: Movement for Unity and Jihad in West Africa"),
    );
    rows.push(
      line(206, "JNIM: Group for Support of Islam and Muslims"),
      line(207, "JNIM: Group for Support of Islam and Muslims"),
    );
    const f = tempCsv("lifespan-many.csv", [HEADER, ...rows].join("\n"));
    const report = await importFile(await seeded(), { format: "acled", file: f, dryRun: true });
    expect(report.outsideLifespan).toHaveLength(200);
    const notes = report.notes.join("\n");
    expect(notes).toMatch(/205 event\(s\) outside the lifespan of mujao/);
    expect(report.outsideLifespanCount).toBe(207);
    expect(notes).toMatch(
      /2 event\(s\) outside the lifespan of jnim \(2017-03-02 to …\), e\.g\. acled-mli9506 on 2016-01-15 \(row 206\)/,
    );
  });
});

describe("datasets as real sources", () => {
  it("cites an ACLED export by the date in its file name, or by --release, and refuses a release in another form", async () => {
    const named = tempCsv("2021-03-02-Mali.csv", [HEADER, row(1, "15 January 2016")].join("\n"));
    const fromName = await importFile(await seeded(), { format: "acled", file: named, dryRun: true });
    expect(fromName.load.changes.sources.created).toContain("acled-2021-03-02");
    expect(fromName.notes.join("\n")).toMatch(/release 2021-03-02, read from the file name/);
    const given = await importFile(await seeded(), {
      format: "acled",
      file: named,
      dryRun: true,
      release: "2024-06-30",
    });
    expect(given.load.changes.sources.created).toContain("acled-2024-06-30");
    const err = (await importFile(await seeded(), {
      format: "acled",
      file: named,
      dryRun: true,
      release: "23.1",
    }).catch((e: unknown) => e)) as ValidationError;
    expect(err.issues[0]).toMatchObject({ path: "release", code: "invalid_release" });
    const unnamed = await importFile(await seeded(), {
      format: "acled",
      file: file("x.csv", ["15 January 2016"]),
      dryRun: true,
    });
    expect(unnamed.notes.join("\n")).toMatch(/does not name its release/);
  });

  it("gives a foreign national force coded 8 by ACLED the state-force kind, and a mission the international one", async () => {
    const foreign = `1,466,MLI9301,9301,15 January 2016,2016,1,Battles,Military Forces of Togo (2005-),,8,JNIM: Group for Support of Islam and Muslims,,2,28,Western Africa,Mali,Kidal,Kidal,Kidal,Kidal,18.4,1.4,1,AFP,,0,1,MLI`;
    const mission = `2,466,MLI9302,9302,16 January 2016,2016,1,Battles,EUCAP Test Mission,,8,JNIM: Group for Support of Islam and Muslims,,2,28,Western Africa,Mali,Kidal,Kidal,Kidal,Kidal,18.4,1.4,1,AFP,,0,1,MLI`;
    const f = tempCsv("kinds.csv", [HEADER, foreign, mission].join("\n"));
    const report = await importFile(await seeded(), { format: "acled", file: f, dryRun: true });
    const created = report.unresolved.filter((u) => u.status === "provisional").map((u) => u.name);
    expect(created).toEqual(expect.arrayContaining(["Military Forces of Togo (2005-)", "EUCAP Test Mission"]));
    const store = await seeded();
    const real = await importFile(store, { format: "acled", file: f });
    const actors = (await store.readAll()).actors;
    const kindOf = (name: string) =>
      actors.find((a) => a.id === real.unresolved.find((u) => u.name === name)!.actorId)!.kind;
    expect(kindOf("Military Forces of Togo (2005-)")).toBe("state_force");
    expect(kindOf("EUCAP Test Mission")).toBe("international_force");
  });
});

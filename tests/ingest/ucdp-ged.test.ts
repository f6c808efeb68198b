// UCDP GED importer on the real 1,000-row sample: events, coalition sides, the ambiguous IS, idempotence, dry run,
// and malformed rows (whole file refused, naming the row; or skipped under skipBadRows).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../server/domain/index.js";
import { importFile, type ImportReport } from "../../server/ingest/import-file.js";
import type { Store } from "../../server/store/port.js";
import { GED_FILE, HAS_DATA, seededStore, tempCsv } from "./helpers.js";

const HEADER =
  "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob";
const row = (id: string, date: string) =>
  `${id},MLI-2018-1-1-1,2018,1,Clear,1,1,1,Mali: Government,1,1,Government of Mali - JNIM,72,72,Government of Mali,6716,6716,JNIM,1,"""Reuters,2018-01-12,Clash in Mopti""",Reuters,2018-01-12,Clash,army,1,Boni village,Boni,Mopti region,Douentza cercle,15.0,-1.9,POINT (-1.9 15.0),1,Mali,432,Africa,1,1,${date},${date},1,0,0,0,1,1,1,432,`;

describe("UCDP GED malformed rows", () => {
  let store: Store;
  beforeAll(async () => {
    store = await seededStore();
  });
  afterAll(() => store.close());

  it("refuses the whole file and names the row when one row has a bad date", async () => {
    const file = tempCsv(
      "ged-bad.csv",
      [HEADER, row("1", "2018-01-11 00:00:00"), row("2", "2018-13-45 00:00:00")].join("\n"),
    );
    const before = await store.counts();
    const err = await importFile(store, { format: "ucdp-ged", file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({
      code: "malformed_row",
      path: expect.stringContaining("row 2"),
    });
    expect((err as ValidationError).issues[0].message).toContain("date_start");
    expect(await store.counts()).toEqual(before);
  });

  it("imports the good rows and lists the bad one under skipBadRows", async () => {
    const file = tempCsv("ged-bad.csv", [HEADER, row("1", "2018-01-11 00:00:00"), row("2", "not a date")].join("\n"));
    const report = await importFile(store, { format: "ucdp-ged", file, skipBadRows: true });
    expect(report.rejected).toEqual([expect.objectContaining({ row: 2 })]);
    expect(report.load.counts.events.created).toBe(1);
    expect(report.rows).toMatchObject({ read: 2, rejected: 1 });
  });

  it("refuses a file without the GED columns, naming them", async () => {
    const file = tempCsv("not-ged.csv", "a,b\n1,2\n");
    const err = (await importFile(store, { format: "ucdp-ged", file }).catch((e: unknown) => e)) as ValidationError;
    expect(err.issues[0]).toMatchObject({ code: "missing_columns" });
    expect(err.issues[0].message).toContain("side_a");
  });
});

describe.skipIf(!HAS_DATA)("UCDP GED on the real sample", () => {
  let store: Store;
  let report: ImportReport;
  beforeAll(async () => {
    store = await seededStore();
    report = await importFile(store, { format: "ucdp-ged", file: GED_FILE });
  }, 60_000);
  afterAll(() => store.close());

  it("reads all 1,000 rows and turns each into an event or a reported skip", () => {
    expect(report.rows).toMatchObject({ read: 1000, rejected: 0 });
    expect(report.load.counts.events.created + report.rows.skipped).toBe(1000);
    expect(report.written).toBe(true);
  });

  it("imports IS - JNIM at I-n-Tilelt on 2020-08-22 with 12 deaths, IS resolved to IS Sahel by place", async () => {
    const all = await store.readAll();
    const e = all.events.find((x) => x.id === "ucdp-ged-352268")!;
    expect(e).toMatchObject({
      date: "2020-08-22",
      endDate: "2020-08-23",
      type: "battle",
      fatalities: { best: 12, low: 12, high: 12 },
    });
    expect(e.participants.map((p) => [p.side, p.actorId])).toEqual([
      ["A", "is-sahel"],
      ["B", "jnim"],
    ]);
    const place = all.places.find((p) => p.id === e.placeId)!;
    expect(place).toMatchObject({ name: "I-n-Tilelt", kind: "village", lat: 15.5371, lon: -0.4383 });
    expect(e.placeId).toMatch(/^mli-gao-ansongo-/);
    expect(e.sources.map((s) => s.sourceId)).toContain("ucdp-ged-231");
    expect(e.sources.length).toBe(4);
    expect(all.sources.find((s) => s.id === e.sources[3].sourceId)?.title).toContain("Marsi");
  });

  it("splits the coalition side 'GATIA, MSA' into two participants on side A", async () => {
    const e = (await store.readAll()).events.find((x) => x.id === "ucdp-ged-433894")!;
    expect(e.participants.filter((p) => p.side === "A").map((p) => p.actorId)).toEqual(["gatia", "msa"]);
  });

  it("leaves IS outside the Sahel, Lake Chad and Syria/Iraq unresolved and lists it as ambiguous", () => {
    const is = report.unresolved.find((u) => u.name === "IS" && u.status === "ambiguous");
    expect(is?.candidates).toEqual(expect.arrayContaining(["is-sahel", "iswap", "islamic-state"]));
    expect(report.load.counts.actors.created).toBeGreaterThan(0);
    expect(report.unresolved.find((u) => u.name === "Taleban")).toMatchObject({
      status: "provisional",
      actorId: "taleban",
    });
  });

  it("derives CLASHED_WITH between IS Sahel and JNIM", async () => {
    expect(report.load.clashes).toBeGreaterThan(0);
  });

  it("changes nothing on a second import of the same file", async () => {
    const again = await importFile(store, { format: "ucdp-ged", file: GED_FILE });
    for (const c of Object.values(again.load.counts)) expect([c.created, c.updated]).toEqual([0, 0]);
    expect(again.written).toBe(false);
  });
});

describe.skipIf(!HAS_DATA)("UCDP GED dry run", () => {
  it("shows the diff and writes nothing", async () => {
    const store = await seededStore();
    const before = await store.counts();
    const report = await importFile(store, { format: "ucdp-ged", file: GED_FILE, dryRun: true });
    expect(report.load.changes.events.created).toContain("ucdp-ged-352268");
    expect(report.written).toBe(false);
    expect(await store.counts()).toEqual(before);
    await store.close();
  }, 60_000);
});

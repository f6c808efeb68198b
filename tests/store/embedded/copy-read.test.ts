// readAll's large reads by COPY TO (server/store/embedded/copy-read.ts) on the real engine: the same bundle as the
// driver's rows, awkward text included (null against "", line breaks, CRs, quotes), and the driver's rows again when
// COPY TO cannot write its file.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Event } from "../../../server/domain/index.js";
import { CsvTokenizer } from "../../../server/ingest/csv-stream.js";
import { copyToStatement } from "../../../server/store/embedded/copy-read.js";
import { createEmbeddedStore } from "../../../server/store/embedded/embedded-store.js";
import { emptyChangeSet, type Store } from "../../../server/store/port.js";
import { createAll, fixtureBundle } from "../fixtures.js";

const TEXTS = [
  "",
  "line\nbreak",
  "cr\ronly",
  "crlf\r\nend",
  'a "quoted" word, and a comma',
  '"',
  " leading and trailing ",
  "null",
  "NULL",
  "tab\there",
  "é ü 中 \u0001",
  "\\",
];

function awkwardEvents(): Event[] {
  return TEXTS.map((text, i) => ({
    id: `odd-${String(i).padStart(2, "0")}`,
    date: i % 2 ? "2021-03" : "2021-03-04",
    ...(i % 3 === 0 ? { endDate: "2021-03-09" } : {}),
    type: "battle" as const,
    ...(i % 2 ? { placeId: "gao" } : {}),
    ...(i % 4 === 1
      ? { fatalities: { best: i, low: 0, high: 2 * i } }
      : i % 4 === 2
        ? { fatalities: { best: 0 } }
        : {}),
    claims: i === 2 ? [{ by: "eis", text, sourceId: "apa-2022", fatalities: 3 }] : [],
    participants: [
      {
        actorId: "aqim",
        side: "A" as const,
        ...(i % 2 ? { role: "attacker" as const } : {}),
        attribution: "confirmed",
      },
      { actorId: "eis", side: "B" as const, attribution: "alleged" as const },
    ],
    description: text,
    sources: [{ sourceId: "apa-2022", ...(text ? { quote: text } : {}) }],
  }));
}

describe("readAll by COPY TO", () => {
  const stores: Store[] = [];
  const saved = process.env.FAULTLINES_BULK_TMPDIR;
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    if (saved === undefined) delete process.env.FAULTLINES_BULK_TMPDIR;
    else process.env.FAULTLINES_BULK_TMPDIR = saved;
    vi.restoreAllMocks();
  });

  async function storeWith(copyReads: boolean): Promise<Store> {
    const s = createEmbeddedStore({ path: ":memory:", copyReads });
    stores.push(s);
    await s.init();
    await s.apply(createAll(fixtureBundle()));
    const c = emptyChangeSet();
    c.events.create = awkwardEvents();
    await s.apply(c);
    return s;
  }

  it("gives the bundle the driver's rows give, null and empty text kept apart", async () => {
    const warn = vi.spyOn(console, "warn");
    const byCopy = await (await storeWith(true)).readAll();
    const byRows = await (await storeWith(false)).readAll();
    expect(byCopy).toEqual(byRows);
    const odd = byCopy.events.filter((e) => e.id.startsWith("odd-"));
    expect(odd).toEqual(awkwardEvents());
    expect(odd[0].description).toBe("");
    expect(byCopy.events.length).toBe(fixtureBundle().events.length + TEXTS.length);
    // By COPY TO indeed: it did not fall back.
    expect(warn).not.toHaveBeenCalled();
  });

  it("reads by the driver's rows when COPY TO cannot write its file, and says so once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const s = await storeWith(true);
    const expected = await s.readAll();
    process.env.FAULTLINES_BULK_TMPDIR = "/nonexistent/faultlines-read";
    expect(await s.readAll()).toEqual(expected);
    expect(await s.readAll()).toEqual(expected);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/reading by COPY TO failed/);
  });

  it("makes one COPY TO statement of a query file, its comment lines dropped", () => {
    const text = "// Every event.\n// params: (none)\nMATCH (e:Event)\nRETURN e.id AS id\nORDER BY id\n";
    expect(copyToStatement(text, "/tmp/it's.csv")).toBe(
      "COPY (MATCH (e:Event)\nRETURN e.id AS id\nORDER BY id) TO '/tmp/it''s.csv' (header=true)",
    );
  });
});

describe("CsvTokenizer emptyAsNull", () => {
  const records = (text: string, emptyAsNull: boolean) => {
    const out: (string | null)[][] = [];
    const t = new CsvTokenizer((fields) => out.push([...fields]), false, emptyAsNull);
    t.push(text);
    t.end();
    return out;
  };

  it('hands an empty field not in quotes as null and "" as the empty string', () => {
    expect(records('a,,"",b,\n,x,""\n', true)).toEqual([
      ["a", null, "", "b", null],
      [null, "x", ""],
    ]);
  });

  it("is off by default: both are the empty string", () => {
    expect(records('a,,"",b,\n', false)).toEqual([["a", "", "", "b", ""]]);
  });
});

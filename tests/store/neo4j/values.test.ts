// neo4j-driver values to plain JSON (toPlain) and parameters to Cypher integers, with the driver's own classes.
import neo4j from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { INTEGER_KEYS, toPlain, toQueryParams, toWriteParams } from "../../../server/store/neo4j/values.js";

const t = neo4j.types;
const actor = () =>
  new t.Node(neo4j.int(7), ["Actor"], { id: "eis", name: "État islamique au Sahel", count: neo4j.int(3) }, "4:abc:7");
const other = () => new t.Node(neo4j.int(8), ["Actor"], { id: "aqim" }, "4:abc:8");
const rival = () =>
  new t.Relationship(
    neo4j.int(1),
    neo4j.int(7),
    neo4j.int(8),
    "RIVAL_OF",
    { id: "eis-rival_of-aqim", since: "2019-12-01" },
    "5:abc:1",
  );

describe("toPlain (Neo4j)", () => {
  it("passes null, undefined, strings, booleans and floats through (undefined as null)", () => {
    expect([null, undefined, "x", true, 2.5, 2].map(toPlain)).toEqual([null, null, "x", true, 2.5, 2]);
  });

  it("turns Integer into a number while exact and into decimal text beyond 2^53", () => {
    expect(toPlain(neo4j.int(42))).toBe(42);
    expect(toPlain(neo4j.int(-7))).toBe(-7);
    expect(toPlain(neo4j.int("9007199254740993"))).toBe("9007199254740993");
    expect(toPlain(BigInt(5))).toBe(5);
  });

  it("prints temporal values as ISO 8601", () => {
    expect(toPlain(new t.Date(neo4j.int(2011), neo4j.int(12), neo4j.int(3)))).toBe("2011-12-03");
    expect(toPlain(new t.DateTime(2011, 12, 3, 10, 0, 0, 0, 0))).toBe("2011-12-03T10:00:00Z");
    expect(toPlain(new t.LocalDateTime(2011, 12, 3, 10, 0, 0, 0))).toBe("2011-12-03T10:00:00");
    expect(toPlain(new t.LocalTime(10, 1, 2, 0))).toBe("10:01:02");
    expect(toPlain(new t.Time(10, 1, 2, 0, 3600))).toBe("10:01:02+01:00");
    expect(toPlain(new t.Duration(1, 2, 3, 0))).toBe("P1M2DT3S");
  });

  it("turns a node into {kind, label, properties} without its identity or element id", () => {
    expect(toPlain(actor())).toEqual({
      kind: "node",
      label: "Actor",
      properties: { id: "eis", name: "État islamique au Sahel", count: 3 },
    });
  });

  it("turns a relationship into {kind, type, properties} without internal ids", () => {
    expect(toPlain(rival())).toEqual({
      kind: "relationship",
      type: "RIVAL_OF",
      properties: { id: "eis-rival_of-aqim", since: "2019-12-01" },
    });
  });

  it("turns a path into its nodes in order and its relationships", () => {
    const path = new t.Path(actor(), other(), [new t.PathSegment(actor(), rival(), other())]);
    const plain = toPlain(path) as {
      kind: string;
      nodes: { properties: { id: string } }[];
      relationships: { type: string }[];
    };
    expect(plain.kind).toBe("path");
    expect(plain.nodes.map((n) => n.properties.id)).toEqual(["eis", "aqim"]);
    expect(plain.relationships.map((r) => r.type)).toEqual(["RIVAL_OF"]);
    expect(JSON.stringify(plain)).not.toMatch(/identity|elementId|4:abc/);
  });

  it("converts points, lists and maps deeply, and the result survives JSON", () => {
    const value = {
      where: new t.Point(neo4j.int(4326), -0.0447, 16.2717),
      list: [neo4j.int(1), [neo4j.int(2)], { n: neo4j.int(3) }],
      map: new Map([["k", neo4j.int(4)]]),
    };
    const plain = toPlain(value);
    expect(plain).toEqual({
      where: { kind: "point", srid: 4326, x: -0.0447, y: 16.2717 },
      list: [1, [2], { n: 3 }],
      map: { k: 4 },
    });
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
  });
});

describe("parameters (Neo4j)", () => {
  it("writes counts and fatalities as Cypher integers and every other number as a float", () => {
    const params = toWriteParams({
      rows: [{ id: "e1", fatalitiesBest: 11, fatalitiesLow: null, fatalitiesHigh: 20, lat: 16, lon: 2.5 }],
    }) as { rows: Record<string, unknown>[] };
    const row = params.rows[0];
    expect(neo4j.isInt(row.fatalitiesBest)).toBe(true);
    expect((row.fatalitiesBest as ReturnType<typeof neo4j.int>).toNumber()).toBe(11);
    expect(neo4j.isInt(row.fatalitiesHigh)).toBe(true);
    expect(row.fatalitiesLow).toBeNull();
    // Coordinates stay JS numbers: the driver sends them as floats, so lat 16 is stored as 16.0.
    expect(row.lat).toBe(16);
    expect(row.lon).toBe(2.5);
    const clash = (
      toWriteParams({ rows: [{ count: 2, fatalities: 71, eventIds: ["a"] }] }) as { rows: Record<string, unknown>[] }
    ).rows[0];
    expect(neo4j.isInt(clash.count) && neo4j.isInt(clash.fatalities)).toBe(true);
    expect([...INTEGER_KEYS].sort()).toEqual([
      "count",
      "fatalities",
      "fatalitiesBest",
      "fatalitiesHigh",
      "fatalitiesLow",
      "limit",
      "unknownFatalities",
    ]);
  });

  it("sends integral analyst parameters as Cypher integers (LIMIT $n refuses floats) and fractions as floats", () => {
    const p = toQueryParams({ n: 10, x: 2.5, ids: [1, 2], nested: { k: 3 }, s: "10" }) as Record<string, unknown>;
    expect(neo4j.isInt(p.n)).toBe(true);
    expect(p.x).toBe(2.5);
    expect((p.ids as unknown[]).every((v) => neo4j.isInt(v))).toBe(true);
    expect(neo4j.isInt((p.nested as Record<string, unknown>).k)).toBe(true);
    expect(p.s).toBe("10");
  });
});

import { describe, expect, it } from "vitest";
import { loadConfig } from "../server/config.js";
import { ValidationError } from "../server/domain/index.js";

describe("config", () => {
  it("binds to loopback on port 3000 with the embedded store by default", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      HOST: "127.0.0.1",
      PORT: 3000,
      STORE: "embedded",
      EMBEDDED_PATH: "data/faultlines.lbug",
    });
    expect(c.API_TOKEN).toBeUndefined();
    expect(c.CYPHER_TIMEOUT_MS).toBe(5000);
    expect(c.CYPHER_MAX_ROWS).toBe(1000);
  });

  it("points STORE=neo4j at the local server npm run neo4j starts when NEO4J_URI is unset", () => {
    expect(loadConfig({ STORE: "neo4j" }).NEO4J_URI).toBe("bolt://127.0.0.1:7687");
  });

  it("refuses a NEO4J_URI that is not bolt:// or neo4j://, naming the variable", () => {
    const err = (() => {
      try {
        loadConfig({ STORE: "neo4j", NEO4J_URI: "http://127.0.0.1:7474" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0].path).toBe("env.NEO4J_URI");
  });

  it("refuses a non-numeric port", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(ValidationError);
  });

  it("takes an http(s) tile URL template for the map's online layer and refuses anything else, naming the variable", () => {
    const url = "https://tile.example.org/{z}/{x}/{y}.png";
    expect(loadConfig({ MAP_TILES_URL: url }).MAP_TILES_URL).toBe(url);
    expect(loadConfig({}).MAP_TILES_URL).toBeUndefined();
    for (const bad of ["javascript:alert(1)//{z}{x}{y}", "https://tile.example.org/tiles.png", "ftp://h/{z}/{x}/{y}"]) {
      let err: unknown;
      try {
        loadConfig({ MAP_TILES_URL: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues[0].path).toBe("env.MAP_TILES_URL");
    }
  });

  it("sets the heap growing factor at 100% unless told (0 leaves V8's), refusing a negative one by name", () => {
    expect(loadConfig({}).HEAP_GROWING_PERCENT).toBe(100);
    expect(loadConfig({ HEAP_GROWING_PERCENT: "0" }).HEAP_GROWING_PERCENT).toBe(0);
    let err: unknown;
    try {
      loadConfig({ HEAP_GROWING_PERCENT: "-5" });
    } catch (e) {
      err = e;
    }
    expect((err as ValidationError).issues[0].path).toBe("env.HEAP_GROWING_PERCENT");
  });
});

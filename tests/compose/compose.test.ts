// docker-compose.yml, Dockerfile and .dockerignore, checked for structure with the yaml parser (no Docker engine runs
// here); `docker compose config` validates the file as well wherever the compose plugin is installed.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigSchema, loadConfig } from "../../server/config.js";
import { NEO4J_LIMITS, serverSettings } from "../../server/neo4j-local/index.js";
import { REPO_ROOT } from "../../server/store/query-book.js";

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[]; interval?: string; retries?: number };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(read("docker-compose.yml")) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const { neo4j, app } = compose.services;

/** Compose's own interpolation for the forms this file uses: ${NAME:-default}, ${NAME} and $$. */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value
    .replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_m, name: string, def?: string) => env[name] || def || "")
    .replaceAll("$$", "$");
}

/** The compose CLI, if one is installed: the v2 plugin (`docker compose`) or v1 (`docker-compose`, Debian's package). */
function composeCli(): [string, string[]] | null {
  for (const cli of [
    ["docker", ["compose"]],
    ["docker-compose", []],
  ] as [string, string[]][]) {
    try {
      execFileSync(cli[0], [...cli[1], "version"], { stdio: "ignore", timeout: 10_000 });
      return cli;
    } catch {
      // not installed; try the next
    }
  }
  return null;
}

describe("docker-compose.yml", () => {
  it("has exactly the neo4j and app services and a named volume for Neo4j's data", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "neo4j"]);
    expect(neo4j.image).toMatch(/^neo4j:5(\.|$)/);
    expect(neo4j.volumes).toContain("neo4j-data:/data");
    expect(Object.keys(compose.volumes)).toEqual(["neo4j-data"]);
  });

  it("sets NEO4J_AUTH from the environment with a default of at least 8 characters", () => {
    const auth = neo4j.environment!.NEO4J_AUTH;
    expect(auth).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD:-[^}]{8,}\}$/);
    expect(interpolate(auth, { NEO4J_PASSWORD: "s3cret-pass" })).toBe("neo4j/s3cret-pass");
  });

  it("runs Neo4j with the memory and transaction bounds of the test servers and npm run neo4j", () => {
    // The image maps NEO4J_a_b__c to a.b_c in neo4j.conf.
    const conf = Object.fromEntries(
      Object.entries(neo4j.environment!)
        .filter(([k]) => k.startsWith("NEO4J_") && k !== "NEO4J_AUTH")
        .map(([k, v]) => [k.slice(6).replaceAll("__", "\0").replaceAll("_", ".").replaceAll("\0", "_"), v]),
    );
    expect(conf).toMatchObject({
      "server.memory.heap.max_size": NEO4J_LIMITS.heap,
      "server.memory.pagecache.size": NEO4J_LIMITS.pageCache,
      "db.memory.transaction.max": NEO4J_LIMITS.transactionMax,
      "dbms.memory.transaction.total.max": NEO4J_LIMITS.transactionTotalMax,
      "db.tx_log.preallocate": "false",
    });
    const local = serverSettings({ port: 7687, ...NEO4J_LIMITS });
    for (const key of [
      "db.memory.transaction.max",
      "dbms.memory.transaction.total.max",
      "server.memory.pagecache.size",
    ]) {
      expect(conf[key], key).toBe(local[key]);
    }
  });

  it("checks Neo4j's health by running Cypher with cypher-shell, with the same password the app uses", () => {
    const test = neo4j.healthcheck!.test;
    expect(test[0]).toBe("CMD-SHELL");
    expect(test[1]).toMatch(/cypher-shell .*RETURN 1/);
    const env = { NEO4J_PASSWORD: "s3cret-pass" };
    expect(interpolate(test[1], env)).toContain("-p 's3cret-pass'");
    expect(interpolate(app.environment!.NEO4J_PASSWORD, env)).toBe("s3cret-pass");
    expect(neo4j.healthcheck!.retries).toBeGreaterThanOrEqual(10);
  });

  it("builds the app from the Dockerfile and starts it only once Neo4j is healthy", () => {
    expect(app.build).toEqual({ context: ".", dockerfile: "Dockerfile" });
    expect(app.depends_on).toEqual({ neo4j: { condition: "service_healthy" } });
    expect(app.ports).toEqual(["127.0.0.1:3000:3000"]);
  });

  it("configures the app with names server/config.ts reads, and values it accepts for STORE=neo4j", () => {
    const env = app.environment!;
    const known = Object.keys(ConfigSchema.shape);
    for (const name of Object.keys(env)) expect(known).toContain(name);
    for (const name of [
      "STORE",
      "NEO4J_URI",
      "NEO4J_USER",
      "NEO4J_PASSWORD",
      "NEO4J_DATABASE",
      "HOST",
      "PORT",
      "API_TOKEN",
    ]) {
      expect(Object.keys(env)).toContain(name);
    }
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v), {})]));
    const config = loadConfig(resolved);
    expect(config).toMatchObject({ STORE: "neo4j", NEO4J_URI: "bolt://neo4j:7687", HOST: "0.0.0.0", PORT: 3000 });
    // No token given: write endpoints stay refused rather than open.
    expect(config.API_TOKEN).toBeUndefined();
    expect(loadConfig({ ...resolved, API_TOKEN: "a-long-token" }).API_TOKEN).toBe("a-long-token");
  });

  it("points the app at the neo4j service's Bolt port", () => {
    expect(app.environment!.NEO4J_URI).toBe("bolt://neo4j:7687");
    expect(neo4j.ports).toContain("127.0.0.1:7687:7687");
  });

  it("is valid for `docker compose config` where a compose CLI is installed (no engine needed)", () => {
    const cli = composeCli();
    if (!cli) {
      console.log("docker compose is not available here: docker-compose.yml was checked with the yaml parser only");
      return;
    }
    // Throws, with compose's message, on an invalid file.
    execFileSync(cli[0], [...cli[1], "-f", path.join(REPO_ROOT, "docker-compose.yml"), "config", "--quiet"], {
      timeout: 30_000,
      env: { ...process.env, NEO4J_PASSWORD: "test-password", API_TOKEN: "test-token-123" },
    });
    console.log(`docker-compose.yml validated by \`${[cli[0], ...cli[1]].join(" ")} config\``);
  });
});

describe("Dockerfile and .dockerignore", () => {
  const lines = read("Dockerfile")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

  it("builds on Node 20, installs with npm install (npm ci refuses the lock file), builds the client and runs tsx", () => {
    expect(lines[0]).toMatch(/^FROM node:20\b/);
    const runs = lines.filter((l) => l.startsWith("RUN "));
    expect(runs.some((l) => /npm install( |$)(?!-g)/.test(l))).toBe(true);
    expect(runs.some((l) => l.includes("npm ci"))).toBe(false);
    expect(runs.some((l) => l.includes("npm run build:client"))).toBe(true);
    // The dependencies are installed before the sources are copied, so that a code change keeps the layer.
    const install = lines.findIndex((l) => /^RUN npm install --/.test(l));
    expect(lines.findIndex((l) => l.startsWith("COPY package.json"))).toBeLessThan(install);
    expect(lines.findIndex((l) => l === "COPY . .")).toBeGreaterThan(install);
    expect(lines.at(-1)).toBe('CMD ["npx", "tsx", "server/main.ts"]');
    expect(lines).toContain("EXPOSE 3000");
  });

  it("keeps installed modules, local databases and git out of the build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    for (const entry of ["node_modules", "*.lbug", ".git", "data", ".env"]) expect(ignored).toContain(entry);
  });
});

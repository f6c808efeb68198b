// UCDP Actor Dataset CSV -> actors (those nobody curated, as provisional), their former names as aliases, and lineage:
// Splinter/SplitTemp -> SPLINTER_OF the parent; Alliance -> PART_OF the alliance it formed with others (and ALLIED_WITH
// between the actors that formed it); JoinGroup -> PART_OF the group joined. Curated actors are never rewritten.
import { emptyBundle, normalizeName, type Alias, type ActorKind, type Relationship } from "../../domain/index.js";
import type { ImportContext, ImporterResult } from "../context.js";
import { countryOf } from "../countries.js";
import { columnReader, readCsv, requireColumns } from "../csv-stream.js";
import { guessKind } from "../resolver.js";
import { ucdpActorSource } from "../sources.js";

export const UCDP_ACTOR_REQUIRED_COLUMNS = [
  "ActorId",
  "NameData",
  "NameOrig",
  "NameChange",
  "NewName",
  "Org",
  "Splinter",
  "ActorIdPrev",
  "Alliance",
  "ActorIdAlliance",
  "JoinGroup",
  "ActorIdGroup",
  "Version",
] as const;

interface ActorRow {
  row: number;
  line: number;
  get: (c: string) => string;
}

const FLAG = new Set(["0", "1", ""]);
const idList = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const nameList = (text: string) =>
  text
    .split(/\s*,\s*/)
    .map((s) => s.trim())
    .filter((s) => s && s.toLowerCase() !== "n/a");

function kindOf(org: string, names: string[]): ActorKind {
  if (org === "4") return "state_force";
  if (org === "2" || org === "3") return "communal_militia";
  const k = guessKind(names.join(" "));
  return k === "jihadist_group" ? k : "separatist_movement";
}

export async function importUcdpActors(ctx: ImportContext): Promise<ImporterResult> {
  const bundle = emptyBundle();
  const notes: string[] = [];
  const rows: ActorRow[] = [];
  const rowsRead = await readCsv(ctx.file, {
    onProgress: ctx.progress,
    onNote: ctx.note,
    onBadRow: (b) => ctx.reject(b),
    onHeader: (h) => requireColumns(ctx.file, h, UCDP_ACTOR_REQUIRED_COLUMNS, "UCDP Actor Dataset", "ucdp-actors"),
    onRecord: ({ row, line, values }, header) => {
      const col = columnReader(header);
      const get = (c: string) => col(values, c);
      const bad = (reason: string) => ctx.reject({ row, line, reason });
      if (!/^\d+$/.test(get("ActorId"))) return bad(`ActorId '${get("ActorId")}' is not a number`);
      if (!get("NameData")) return bad("NameData is empty");
      for (const f of ["NameChange", "Splinter", "Alliance", "JoinGroup"]) {
        if (!FLAG.has(get(f))) return bad(`${f} '${get(f)}' is not 0 or 1`);
      }
      for (const f of ["ActorIdPrev", "ActorIdAlliance", "ActorIdGroup"]) {
        if (get(f) && !/^\d+(\s*,\s*\d+)*$/.test(get(f))) return bad(`${f} '${get(f)}' is not a list of actor ids`);
      }
      rows.push({ row, line, get });
    },
  });

  const versions = [...new Set(rows.map((r) => r.get("Version")).filter(Boolean))];
  const source = ucdpActorSource(versions[0] ?? "");
  if (versions.length > 1)
    notes.push(`several versions in one file (${versions.join(", ")}); cited as ${source.title}`);
  const sourceId = ctx.sources.ensure(source);
  const byUcdp = new Map<string, string>();

  // Pass 1: every UCDP actor -> an actor id (curated, or a new one).
  for (const r of rows) {
    const ucdpId = r.get("ActorId");
    const name = r.get("NameData");
    const res = ctx.resolver.resolve(name, { dataset: "ucdp", ucdpId });
    // A name shared with an actor this file already created is not evidence they are one: UCDP ids say they differ.
    const sameRunNameOnly =
      res.status === "resolved" && res.via !== "external-id" && ctx.resolver.actor(res.actorId)?.provisional;
    if (res.status === "resolved" && !sameRunNameOnly) {
      byUcdp.set(ucdpId, res.actorId);
      const curated = ctx.resolver.actor(res.actorId);
      if (curated && !curated.provisional) {
        const known = new Set([curated.name, ...curated.aliases.map((a) => a.name)].map(normalizeName));
        const missing = [r.get("NameOrig"), ...nameList(r.get("NewName"))].filter(
          (n) => n && !known.has(normalizeName(n)),
        );
        if (missing.length)
          notes.push(
            `UCDP ${ucdpId} (${name}) -> ${res.actorId}: names not among its aliases: ${[...new Set(missing)].join(", ")}`,
          );
      }
      continue;
    }
    const allNames = [
      name,
      r.get("NameOrig"),
      r.get("NameOrigFull"),
      r.get("NameOrigFullEng"),
      ...nameList(r.get("NewName")),
      ...nameList(r.get("NewNameFullEng")),
      ...nameList(r.get("NewNameFullMotherTongue")),
    ].filter((n) => n && n.toLowerCase() !== "n/a");
    const hints = { row: r.row, ucdpId, kind: kindOf(r.get("Org"), allNames) };
    const actorId = sameRunNameOnly
      ? ctx.actors.create(name, { dataset: "ucdp", ucdpId }, hints, `UCDP ${ucdpId} shares its name with another actor`)
      : ctx.actors.participants(name, { dataset: "ucdp", ucdpId }, hints)[0]?.actorId;
    if (!actorId) continue;
    byUcdp.set(ucdpId, actorId);
    const actor = ctx.actors.createdActors().find((a) => a.id === actorId);
    if (!actor) continue;
    // Name history -> aliases: the original name and intermediate new names are former names.
    const current = normalizeName(actor.name);
    const seen = new Set([current]);
    const aliases: Alias[] = [];
    const alias = (n: string, kind: Alias["kind"]) => {
      const k = normalizeName(n);
      if (!k || seen.has(k)) return;
      seen.add(k);
      aliases.push({ name: n.trim(), kind });
    };
    if (r.get("NameChange") === "1") {
      alias(r.get("NameOrig"), "former");
      for (const n of nameList(r.get("NewName"))) alias(n, "former");
    } else {
      alias(r.get("NameOrig"), "variant");
    }
    for (const n of [r.get("NameOrigFull"), r.get("NameOrigFullEng"), ...nameList(r.get("NewNameFullEng"))]) {
      if (n && n.toLowerCase() !== "n/a") alias(n, "variant");
    }
    actor.aliases = aliases;
    const gws = idList(r.get("GWNOLoc"));
    actor.countries = [
      ...new Set(gws.map((gw) => countryOf("", gw)?.iso3).filter((c): c is string => Boolean(c))),
    ].sort();
    ctx.resolver.register(actor);
    ctx.origin.set(actorId, r.row);
  }

  // Pass 2: lineage and alliances.
  const rels = new Map<string, Relationship>();
  const relate = (r: ActorRow, type: Relationship["type"], from: string | undefined, toUcdp: string, note: string) => {
    const to = byUcdp.get(toUcdp) ?? resolveOther(toUcdp);
    link(r, type, from, to, toUcdp, note);
  };
  const link = (
    r: ActorRow,
    type: Relationship["type"],
    from: string | undefined,
    to: string | undefined,
    toUcdp: string,
    note: string,
  ) => {
    if (!from || !to) {
      ctx.skip({
        row: r.row,
        line: r.line,
        reason: `${type} ${r.get("ActorId")} -> ${toUcdp}: actor not known (${!from ? r.get("NameData") : `UCDP ${toUcdp}`})`,
      });
      return;
    }
    if (from === to) return;
    const id = `ucdp-actor:${from}-${type.toLowerCase()}-${to}`;
    if (rels.has(id)) return;
    rels.set(id, { id, type, from, to, confidence: "confirmed", sources: [{ sourceId }], note });
    ctx.origin.set(id, r.row);
  };
  const resolveOther = (ucdpId: string): string | undefined => {
    const res = ctx.resolver.resolve("", { dataset: "ucdp", ucdpId });
    return res.status === "resolved" ? res.actorId : undefined;
  };
  const nameOf = (ucdpId: string) =>
    rows.find((x) => x.get("ActorId") === ucdpId)?.get("NameData") ?? `UCDP actor ${ucdpId}`;
  const founders = new Map<string, string[]>();
  for (const r of rows) {
    const self = byUcdp.get(r.get("ActorId"));
    if (r.get("Splinter") === "1") {
      for (const p of idList(r.get("ActorIdPrev")))
        relate(r, "SPLINTER_OF", self, p, `splinter of ${nameOf(p)} (UCDP Actor Dataset: Splinter)`);
    }
    if (r.get("SplitTemp") === "1") {
      for (const p of idList(r.get("ActorIdSplitTemp")))
        relate(r, "SPLINTER_OF", self, p, `temporary split from ${nameOf(p)} (UCDP Actor Dataset: SplitTemp)`);
    }
    if (r.get("Alliance") === "1") {
      for (const a of idList(r.get("ActorIdAlliance"))) {
        relate(
          r,
          "PART_OF",
          self,
          a,
          `formed ${nameOf(a)} in alliance with other actors (UCDP Actor Dataset: Alliance)`,
        );
        if (self) founders.set(a, [...(founders.get(a) ?? []), r.get("ActorId")]);
      }
    }
    if (r.get("JoinGroup") === "1") {
      for (const g of idList(r.get("ActorIdGroup")))
        relate(r, "PART_OF", self, g, `joined ${nameOf(g)} (UCDP Actor Dataset: JoinGroup)`);
    }
  }
  // Actors that allied into the same new actor were allied with each other.
  for (const [alliance, members] of founders) {
    const sorted = [...new Set(members)].sort();
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const r = rows.find((x) => x.get("ActorId") === sorted[i])!;
        // ALLIED_WITH is symmetric: one edge per pair, ids in order.
        const [a, b] = [byUcdp.get(sorted[i])!, byUcdp.get(sorted[j])!].sort();
        link(r, "ALLIED_WITH", a, b, sorted[j], `allied to form ${nameOf(alliance)} (UCDP Actor Dataset: Alliance)`);
      }
    }
  }
  bundle.relationships = [...rels.values()];
  return { bundle, rowsRead, notes };
}

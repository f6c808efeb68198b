// UCDP Non-State Conflict Dataset CSV (one row per dyad and year of fighting between two organised non-state groups,
// 25 or more battle deaths) -> one RIVAL_OF per dyad: evidence of rivalry between the two sides, from the dyad's first
// fatal date (startdate) through the last year it fought in the file, cited with the dataset release (`version`) and
// one quote per year row. Sides resolve by UCDP actor id (they join the Actor Dataset and GED) and name; a coalition
// side (`ARLA, FIAA, FPLA`) that does not resolve as a whole gives one tie per member. Actors nobody curated become
// provisional (kind from UCDP's `org`: 1 an organised group, 2 supporters of a party, 3 an identity group).
import { emptyBundle, type ActorKind, type Relationship, type SourceRef } from "../../domain/index.js";
import type { ImportContext, ImporterResult } from "../context.js";
import { countryOf } from "../countries.js";
import { columnReader, readCsv, requireColumns } from "../csv-stream.js";
import { guessKind } from "../resolver.js";
import { ucdpNonStateSource } from "../sources.js";

export const NONSTATE_REQUIRED_COLUMNS = [
  "dyadid",
  "org",
  "sideaname",
  "sideaid",
  "sidebname",
  "sidebid",
  "startdate",
  "year",
  "fatbest",
  "location",
  "version",
] as const;

/** Quotes kept per relationship (one per year row): a dyad fighting for 30 years keeps its first years and says so. */
const MAX_QUOTES = 12;

interface DyadYear {
  row: number;
  line: number;
  year: number;
  fatbest: number;
  quote: string;
}

interface Dyad {
  id: string;
  a: { name: string; ucdpId: string };
  b: { name: string; ucdpId: string };
  org: string;
  startdate: string;
  countries: string[];
  years: DyadYear[];
}

function kindOf(org: string, name: string): ActorKind {
  if (org === "2" || org === "3") return "communal_militia";
  const k = guessKind(name);
  return k === "jihadist_group" || k === "coalition" ? k : "separatist_movement";
}

export async function importUcdpNonState(ctx: ImportContext): Promise<ImporterResult> {
  const bundle = emptyBundle();
  const notes: string[] = [];
  const dyads = new Map<string, Dyad>();
  const versions = new Set<string>();
  const rowsRead = await readCsv(ctx.file, {
    onProgress: ctx.progress,
    onNote: ctx.note,
    onBadRow: (b) => ctx.reject(b),
    onHeader: (h) =>
      requireColumns(ctx.file, h, NONSTATE_REQUIRED_COLUMNS, "UCDP Non-State Conflict Dataset", "ucdp-nonstate"),
    onRecord: ({ row, line, values }, header) => {
      const col = columnReader(header);
      const get = (c: string) => col(values, c);
      const bad = (reason: string) => ctx.reject({ row, line, reason });
      const dyadid = get("dyadid");
      if (!/^\d+$/.test(dyadid)) return bad(`dyadid '${dyadid}' is not a number`);
      if (!/^\d{4}$/.test(get("year"))) return bad(`year '${get("year")}' is not a year`);
      if (!/^\d+$/.test(get("fatbest"))) return bad(`fatbest '${get("fatbest")}' is not a whole number`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(get("startdate"))) return bad(`startdate '${get("startdate")}' is not a date`);
      for (const side of ["sidea", "sideb"]) {
        if (!get(`${side}name`)) return bad(`${side}name is empty`);
        if (!/^\d+$/.test(get(`${side}id`))) return bad(`${side}id '${get(`${side}id`)}' is not a UCDP actor id`);
      }
      if (get("version")) versions.add(get("version"));
      let d = dyads.get(dyadid);
      if (!d) {
        d = {
          id: dyadid,
          a: { name: get("sideaname"), ucdpId: get("sideaid") },
          b: { name: get("sidebname"), ucdpId: get("sidebid") },
          org: get("org"),
          startdate: get("startdate"),
          countries: [],
          years: [],
        };
        dyads.set(dyadid, d);
      }
      for (const place of get("location").split(/\s*,\s*/)) {
        const iso3 = countryOf(place)?.iso3;
        if (iso3 && !d.countries.includes(iso3)) d.countries.push(iso3);
      }
      if (get("startdate") < d.startdate) d.startdate = get("startdate");
      d.years.push({
        row,
        line,
        year: Number(get("year")),
        fatbest: Number(get("fatbest")),
        quote: `dyadid ${dyadid}; sideaname ${get("sideaname")}; sidebname ${get("sidebname")}; startdate ${get("startdate")}; year ${get("year")}; fatbest ${get("fatbest")}; location ${get("location")}`,
      });
    },
  });

  const release = [...versions][0] ?? "";
  if (versions.size > 1) notes.push(`several versions in one file (${[...versions].join(", ")}); cited as ${release}`);
  const sourceId = ctx.sources.ensure(ucdpNonStateSource(release));
  if (!release) notes.push("no version column value: the source says 'unknown release'");

  const rels = new Map<string, Relationship>();
  for (const d of dyads.values()) {
    d.years.sort((x, y) => x.year - y.year);
    const first = d.years[0];
    const last = d.years[d.years.length - 1];
    const date = d.startdate;
    const side = (s: { name: string; ucdpId: string }) => {
      const rctx = { dataset: "ucdp" as const, ucdpId: s.ucdpId, date, country: d.countries[0], event: true };
      const hints = { row: first.row, ucdpId: s.ucdpId, kind: kindOf(d.org, s.name) };
      const whole = ctx.resolver.resolve(s.name, rctx);
      if (whole.status === "unresolved" && s.name.includes(", ")) {
        // A coalition side: each member on its own (their names, not the coalition's id).
        return s.name
          .split(/\s*,\s*/)
          .flatMap((part) =>
            ctx.actors.participants(part, { ...rctx, ucdpId: undefined }, { ...hints, ucdpId: undefined }),
          )
          .map((p) => p.actorId);
      }
      return ctx.actors.participants(s.name, rctx, hints).map((p) => p.actorId);
    };
    const as = side(d.a);
    const bs = side(d.b);
    if (!as.length || !bs.length) {
      ctx.skip({
        row: first.row,
        line: first.line,
        reason: `dyad ${d.id}: a side is not an actor (${!as.length ? d.a.name : d.b.name})`,
      });
      continue;
    }
    const quotes: SourceRef[] = d.years.slice(0, MAX_QUOTES).map((y) => ({ sourceId, quote: y.quote }));
    const deaths = d.years.reduce((s, y) => s + y.fatbest, 0);
    const yearsText = d.years.map((y) => y.year).join(", ");
    for (const x of as) {
      for (const y of bs) {
        if (x === y) continue;
        // RIVAL_OF is symmetric: one edge per pair, ids in order; two dyads of one pair share it.
        const [from, to] = [x, y].sort();
        const id = `ucdp-nsc:${from}-rival_of-${to}`;
        const prev = rels.get(id);
        const until = String(last.year + 1);
        if (prev) {
          prev.sources = [...prev.sources, ...quotes].slice(0, MAX_QUOTES);
          if (date < (prev.since ?? date)) prev.since = date;
          if (until > (prev.until ?? until)) prev.until = until;
          prev.note = `${prev.note}; dyad ${d.id}: ${yearsText}`;
          continue;
        }
        rels.set(id, {
          id,
          type: "RIVAL_OF",
          from,
          to,
          since: date,
          until,
          confidence: "confirmed",
          sources: quotes,
          note: `UCDP Non-State Conflict dyad ${d.id}: fighting with 25+ deaths in ${yearsText} (${deaths} best-estimate deaths${d.years.length > MAX_QUOTES ? `; first ${MAX_QUOTES} years quoted` : ""}); the rivalry is recorded through the last year of fighting in the file`,
        });
        ctx.origin.set(id, first.row);
      }
    }
  }
  bundle.relationships = [...rels.values()];
  return { bundle, rowsRead, notes, layout: release ? `UCDP Non-State Conflict Dataset ${release}` : undefined };
}

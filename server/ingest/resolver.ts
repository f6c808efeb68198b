// The one alias resolver: maps a dataset's actor name (plus its context: dataset id, country, date) to a curated or
// provisional actor. Used by every importer and meant for search too (lookup). Never guesses between candidates:
// an ambiguous name is reported as such unless an explicit rule (UCDP `IS` by place and date) decides it.
import { dateStart, holdsAt, normalizeName, type Actor, type ActorKind } from "../domain/index.js";
import { countryOf } from "./countries.js";
import { bagKey } from "./name-match.js";

/** "variant": the same words in another spelling, order or language (server/ingest/name-match.ts). */
export const MATCH_VIA = ["external-id", "name", "alias", "acronym", "gloss", "qualifier", "variant", "rule"] as const;
export type MatchVia = (typeof MATCH_VIA)[number];

export interface ResolveContext {
  dataset?: "ucdp" | "acled";
  /** UCDP actor id (GED side_*_new_id, Actor Dataset ActorId). */
  ucdpId?: string;
  /** ISO 3166-1 alpha-3 of where the event happened. */
  country?: string;
  /** First-level admin unit of the event, as the dataset writes it. */
  admin1?: string;
  /** ISO day of the event. */
  date?: string;
  /** The name comes from an event row (place/date rules apply), not from an actor register. */
  event?: boolean;
}

export type Resolution =
  | { status: "resolved"; actorId: string; via: MatchVia; matched: string }
  | { status: "ambiguous"; candidates: string[]; reason: string }
  | { status: "unresolved"; reason: string };

export interface AttributedResolution {
  /** The part of the input this resolution is for ("X and/or Y" gives two). */
  name: string;
  attribution: "confirmed" | "alleged";
  resolution: Resolution;
}

export interface NameKey {
  key: string;
  via: MatchVia;
}

/** A parenthesised year range as ACLED writes government periods: "(2013-2020)", "(2017-)". */
const YEAR_RANGE_RE = /\s*\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)/g;
const TRAILING_PAREN_RE = /^(.*\S)\s*\(([^()]+)\)\s*$/;
/** "Islamic State West Africa Province (ISWAP)": a trailing acronym in parentheses. */
const ACRONYM_RE = /^[A-Z][A-Za-z0-9-]{1,9}$/;

/**
 * Is `acronym` the acronym of `name` (its letters, in order, among the name's word initials)? "(ISWAP)" is; "(CMA)"
 * after "MAA: Arab Movement of the Azawad" is a faction qualifier, not its acronym, and must stay part of the name.
 */
function isAcronymOf(acronym: string, name: string): boolean {
  if (!ACRONYM_RE.test(acronym) || !/[A-Z].*[A-Z]/.test(acronym)) return false;
  const initials = normalizeName(name)
    .split(" ")
    .map((w) => w[0])
    .join("");
  let i = 0;
  for (const ch of acronym.toLowerCase().replace(/[^a-z0-9]/g, "")) {
    i = initials.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}
const ACRONYM_GLOSS_RE = /^([^\s:]{2,15}):\s+(.+)$/;
const MILITIA_OF_RE = /^militia\s*\(([^()]+)\)$/i;

/** The display name an importer keeps for a new actor: ACLED's government-period qualifiers dropped. */
export function cleanName(name: string): string {
  return name.replace(YEAR_RANGE_RE, " ").replace(/\s+/g, " ").trim();
}

/**
 * Every normalised form a name can be looked up by, most specific first: the full name, the name without year ranges,
 * ACLED's `ACRONYM: gloss` split, a trailing country qualifier dropped ("Fulani Ethnic Militia (Mali)"), and
 * `Militia (X)` read as "X militia".
 */
export function nameKeys(name: string): NameKey[] {
  const out: NameKey[] = [];
  const seen = new Set<string>();
  const add = (text: string, via: MatchVia) => {
    const key = normalizeName(text);
    if (key && !seen.has(key)) {
      seen.add(key);
      out.push({ key, via });
    }
  };
  add(name, "name");
  const cleaned = cleanName(name);
  add(cleaned, "qualifier");
  const forms = [cleaned];
  const trailing = TRAILING_PAREN_RE.exec(cleaned);
  if (trailing && (countryOf(trailing[2]) || /^international$/i.test(trailing[2].trim()))) {
    add(trailing[1], "qualifier");
    forms.push(trailing[1]);
  } else if (trailing && isAcronymOf(trailing[2].trim(), trailing[1])) {
    add(trailing[2], "acronym");
    add(trailing[1], "gloss");
    forms.push(trailing[1]);
  }
  for (const form of forms) {
    const ag = ACRONYM_GLOSS_RE.exec(form);
    if (ag) {
      add(ag[1], "acronym");
      add(ag[2], "gloss");
    }
    const militia = MILITIA_OF_RE.exec(form);
    if (militia) add(`${militia[1]} militia`, "qualifier");
  }
  return out;
}

/** A rule for a name that stands for several actors: returns the aliases (names) of the actor it picks, or null. */
export interface AmbiguityRule {
  id: string;
  applies(name: string, ctx: ResolveContext): boolean;
  /** Names of the candidate actors, looked up in the alias table (so the rule names no store ids). */
  candidates: string[];
  pick(ctx: ResolveContext): string | null;
  reason: string;
}

const SAHEL = new Set(["MLI", "BFA", "NER"]);
const LAKE_CHAD = new Set(["NGA", "TCD", "CMR"]);
const IS_CORE = new Set(["SYR", "IRQ"]);

/**
 * UCDP actor 234 `IS` codes Islamic State central, ISWAP and IS Sahel as one actor. Decide by place: Mali, Burkina
 * Faso and Niger (outside Diffa, which is Lake Chad ISWAP ground) -> IS Sahel; Nigeria, Chad, Cameroon, Niger's Diffa ->
 * ISWAP; Syria and Iraq -> Islamic State; anywhere else stays unresolved. The pick must not predate the actor's founding.
 */
export const UCDP_IS_RULE: AmbiguityRule = {
  id: "ucdp-is",
  applies: (name, ctx) =>
    Boolean(ctx.event) && ctx.dataset === "ucdp" && (ctx.ucdpId === "234" || normalizeName(name) === "is"),
  candidates: ["Islamic State", "ISWAP", "IS Sahel"],
  pick(ctx) {
    const c = ctx.country;
    if (!c) return null;
    const diffa = c === "NER" && /diffa/i.test(ctx.admin1 ?? "");
    if (LAKE_CHAD.has(c) || diffa) return "ISWAP";
    if (SAHEL.has(c)) return "IS Sahel";
    if (IS_CORE.has(c)) return "Islamic State";
    return null;
  },
  reason: "UCDP actor 234 'IS' covers Islamic State central, ISWAP and IS Sahel",
};

export const DEFAULT_RULES: readonly AmbiguityRule[] = [UCDP_IS_RULE];

/** Splits ACLED's "X and/or Y" (the perpetrator is one of them): each part is attributed as alleged. */
export function splitAlternatives(name: string): string[] {
  return name
    .split(/\s+and\/or\s+/i)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface LookupHit {
  actorId: string;
  name: string;
  via: MatchVia;
  matched: string;
  provisional: boolean;
}

export function createResolver(actors: readonly Actor[], options: { rules?: readonly AmbiguityRule[] } = {}) {
  const rules = options.rules ?? DEFAULT_RULES;
  const byId = new Map<string, Actor>();
  const byUcdp = new Map<string, Set<string>>();
  /** UCDP ids an actor answers to only in a period (externalIds.scoped). */
  const byUcdpScoped = new Map<string, { actorId: string; from?: string; until?: string }[]>();
  /** Word bags of every name (name-match.ts): the same words in another order, spelling or language. */
  const bags = new Map<string, Map<string, string>>();
  /** Full names, aliases and ACLED names, normalised. */
  const exact = new Map<string, Map<string, string>>();
  /** Keys derived from those (acronym, gloss, qualifier dropped): weaker, consulted last. */
  const derived = new Map<string, Map<string, string>>();

  const put = (m: Map<string, Map<string, string>>, key: string, actorId: string, matched: string) => {
    let ids = m.get(key);
    if (!ids) m.set(key, (ids = new Map()));
    if (!ids.has(actorId)) ids.set(actorId, matched);
  };

  /** byName answers, memoised: a 100k-row file repeats a few hundred names. Cleared whenever an actor is added. */
  const cache = new Map<string, Resolution>();
  /** splitAlternatives of each name seen (never changes). */
  const alternatives = new Map<string, string[]>();

  function register(actor: Actor): void {
    cache.clear();
    byId.set(actor.id, actor);
    for (const id of actor.externalIds.ucdp ?? []) {
      let s = byUcdp.get(id);
      if (!s) byUcdp.set(id, (s = new Set()));
      s.add(actor.id);
    }
    for (const sc of actor.externalIds.scoped ?? []) {
      if (sc.scheme !== "ucdp") continue;
      let list = byUcdpScoped.get(sc.id);
      if (!list) byUcdpScoped.set(sc.id, (list = []));
      list.push({ actorId: actor.id, from: sc.from, until: sc.until });
    }
    const names = [actor.name, ...actor.aliases.map((a) => a.name), ...(actor.externalIds.acled ?? [])];
    for (const n of names) {
      const keys = nameKeys(n);
      put(exact, keys[0].key, actor.id, n);
      // Provisional actors answer only to their own names: their acronyms would shadow other factions (MAA-CMA, MAA-Platform).
      if (actor.provisional) {
        put(exact, normalizeName(cleanName(n)), actor.id, n);
        continue;
      }
      for (const k of keys.slice(1)) put(derived, k.key, actor.id, n);
      const bag = bagKey(cleanName(n));
      if (bag) put(bags, bag, actor.id, n);
    }
  }
  for (const a of actors) register(a);

  const viaOf = (actorId: string, matched: string): MatchVia =>
    byId.get(actorId)?.name === matched ? "name" : "alias";

  function fromCandidates(ids: Map<string, string>, via: MatchVia | null, reason: string): Resolution {
    if (ids.size === 1) {
      const [[actorId, matched]] = [...ids.entries()];
      return { status: "resolved", actorId, via: via ?? viaOf(actorId, matched), matched };
    }
    return { status: "ambiguous", candidates: [...ids.keys()].sort(), reason };
  }

  /** Exact names first (full, then derived forms of the query), then the actors' derived keys. */
  function byName(name: string): Resolution {
    const keys = nameKeys(name);
    for (const [i, k] of keys.entries()) {
      const ids = exact.get(k.key);
      if (ids?.size) return fromCandidates(ids, i === 0 ? null : k.via, `'${name}' matches several actors`);
    }
    for (const k of keys) {
      const ids = derived.get(k.key);
      if (ids?.size) return fromCandidates(ids, k.via, `'${name}' (as '${k.key}') matches several actors`);
    }
    for (const bag of bagsOf(name, keys)) {
      const ids = bags.get(bag);
      if (ids?.size) return fromCandidates(ids, "variant", `'${name}' (as the words '${bag}') matches several actors`);
    }
    return { status: "unresolved", reason: `no actor is known as '${name}'` };
  }

  /** Did the actor exist at `date` (its founding and dissolution, at their precision)? */
  const existedAt = (actorId: string, date: string): boolean => {
    const a = byId.get(actorId);
    return !a || holdsAt(date, a.founded, a.dissolved ? nextDay(a.dissolved) : undefined);
  };

  /** Of several candidates, the ones that existed at the event's date; all of them when none did. */
  function atDate(ids: string[], date: string | undefined): string[] {
    if (!date || ids.length < 2) return ids;
    const alive = ids.filter((id) => existedAt(id, date));
    return alive.length ? alive : ids;
  }

  /** UCDP id -> actors: the unscoped ones and those scoped to a period holding the date. */
  function byUcdpId(ucdpId: string, date: string | undefined): string[] {
    const ids = new Set(byUcdp.get(ucdpId) ?? []);
    if (date)
      for (const sc of byUcdpScoped.get(ucdpId) ?? []) if (holdsAt(date, sc.from, sc.until)) ids.add(sc.actorId);
    return [...ids];
  }

  /** The one actor answering to a name exactly; a curated actor wins over provisional namesakes. */
  function firstExact(name: string): string | undefined {
    const ids = [...(exact.get(normalizeName(name))?.keys() ?? [])];
    if (ids.length === 1) return ids[0];
    const curated = ids.filter((id) => !byId.get(id)?.provisional);
    return curated.length === 1 ? curated[0] : undefined;
  }

  function resolve(name: string, ctx: ResolveContext = {}): Resolution {
    for (const rule of rules) {
      if (!rule.applies(name, ctx)) continue;
      const candidates = rule.candidates.map(firstExact).filter((x): x is string => Boolean(x));
      const picked = rule.pick(ctx);
      const actorId = picked ? firstExact(picked) : undefined;
      const founded = actorId ? byId.get(actorId)?.founded : undefined;
      if (actorId && !(founded && ctx.date && ctx.date < dateStart(founded))) {
        return { status: "resolved", actorId, via: "rule", matched: `${name} (${rule.id}: ${ctx.country ?? "?"})` };
      }
      return { status: "ambiguous", candidates: [...new Set(candidates)].sort(), reason: rule.reason };
    }
    if (ctx.dataset === "ucdp" && ctx.ucdpId) {
      let ids = atDate(byUcdpId(ctx.ucdpId, ctx.date), ctx.date);
      if (ids.length > 1) {
        // Several actors share the id at that date: the name decides when it names one of them.
        const named = byNameCached(name);
        if (named.status === "resolved" && ids.includes(named.actorId)) ids = [named.actorId];
      }
      if (ids.length === 1)
        return { status: "resolved", actorId: ids[0], via: "external-id", matched: `ucdp:${ctx.ucdpId}` };
      if (ids.length > 1) {
        return {
          status: "ambiguous",
          candidates: ids.sort(),
          reason: `UCDP id ${ctx.ucdpId} is on several actors`,
        };
      }
    }
    const r = byNameCached(name);
    if (r.status !== "ambiguous" || !ctx.date) return r;
    // A name several actors bore: the one that existed at the event's date.
    const alive = atDate(r.candidates, ctx.date);
    return alive.length === 1
      ? { status: "resolved", actorId: alive[0], via: "alias", matched: `${name} (at ${ctx.date})` }
      : r;
  }

  function byNameCached(name: string): Resolution {
    let r = cache.get(name);
    if (!r) cache.set(name, (r = byName(name)));
    return r;
  }

  return {
    resolve,
    /** Resolves each alternative of "X and/or Y" (alleged) or the single name (confirmed). */
    resolveAttributed(name: string, ctx: ResolveContext = {}): AttributedResolution[] {
      let parts = alternatives.get(name);
      if (!parts) alternatives.set(name, (parts = splitAlternatives(name)));
      const attribution = parts.length > 1 ? "alleged" : "confirmed";
      return parts.map((part) => ({ name: part, attribution, resolution: resolve(part, ctx) }));
    },
    /** Every actor a query names exactly (any normalised form): for search and for reports. Sorted by id. */
    lookup(query: string): LookupHit[] {
      const hits = new Map<string, LookupHit>();
      for (const [i, k] of nameKeys(query).entries()) {
        for (const [m, via] of [
          [exact, i === 0 ? null : k.via],
          [derived, k.via],
        ] as const) {
          for (const [actorId, matched] of m.get(k.key) ?? []) {
            if (hits.has(actorId)) continue;
            const a = byId.get(actorId)!;
            hits.set(actorId, {
              actorId,
              name: a.name,
              via: via ?? viaOf(actorId, matched),
              matched,
              provisional: a.provisional,
            });
          }
        }
      }
      if (hits.size === 0) {
        for (const bag of bagsOf(query, nameKeys(query))) {
          for (const [actorId, matched] of bags.get(bag) ?? []) {
            if (hits.has(actorId)) continue;
            const a = byId.get(actorId)!;
            hits.set(actorId, { actorId, name: a.name, via: "variant", matched, provisional: a.provisional });
          }
        }
      }
      return [...hits.values()].sort((a, b) => (a.actorId < b.actorId ? -1 : 1));
    },
    /** Did the actor exist at this date (for the import report's lifespan check)? */
    existedAt,
    register,
    actor: (id: string) => byId.get(id),
    has: (id: string) => byId.has(id),
  };
}

export type Resolver = ReturnType<typeof createResolver>;

/** The word bags a query is looked up by: of the raw name (elisions kept apart), then of each of its keys. */
function bagsOf(name: string, keys: NameKey[]): string[] {
  const out = [bagKey(name), bagKey(cleanName(name)), ...keys.map((k) => bagKey(k.key))];
  return [...new Set(out.filter((b): b is string => Boolean(b)))];
}

/** The day after a dissolution date at its precision ("2013-08" -> "2013-09-01"): the actor existed through it. */
function nextDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const next = d
    ? new Date(Date.UTC(y, m - 1, d + 1))
    : m
      ? new Date(Date.UTC(y, m, 1))
      : new Date(Date.UTC(y + 1, 0, 1));
  return next.toISOString().slice(0, 10);
}

const ISLAMIST_RE =
  /\b(islam\w*|islamist|jihad\w*|katiba\w*|ansar\w*|mujahid\w*|mujahideen|qa['’]?ida|qaeda|daesh|isis|isil|caliphate|shari['’]?a|jama['’]?a?t\w*|tawhid|shabaab|boko haram|taliban|taleban|hizb\w*|salafi\w*|muslim\w*)\b/i;
const STATE_RE =
  /\b(military|police|army|armed forces|gendarmerie|government of|forces of|national guard|navy|air force)\b/i;

/** A sensible kind for an actor nobody curated yet, from a dataset hint and the name; importers document their hint. */
export function guessKind(name: string, hint?: ActorKind): ActorKind {
  if (hint === "state_force" || hint === "international_force" || hint === "communal_militia") return hint;
  if (STATE_RE.test(name) && !hint) return "state_force";
  if (ISLAMIST_RE.test(name)) return "jihadist_group";
  if (/\bcoalition\b|,/.test(name) && !hint) return "coalition";
  return hint ?? "separatist_movement";
}

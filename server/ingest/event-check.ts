// The importers' check of their events against EventSchema, cheap enough for 100k events. zod stays the authority: a
// plain-code pass (surelyValidEvent) accepts only what EventSchema surely accepts, and everything else, including any
// shape it does not know (claims, an optional field present as undefined), goes through zod, which also words the
// issues. tests/ingest/event-check.test.ts holds the two to each other on mutations of real events.
import { z } from "zod";
import {
  ATTRIBUTIONS,
  EVENT_TYPES,
  EventSchema,
  ID_MAX_CHARS,
  ID_RE,
  isValidPartialDate,
  ParticipantSchema,
  ROLES,
  SIDES,
  SourcesSchema,
} from "../domain/index.js";

export type SafeParser = {
  safeParse(v: unknown): {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string; code: string }[] };
  };
};

/** IdSchema's rule, in plain code. */
const isId = (v: unknown): boolean => typeof v === "string" && v.length <= ID_MAX_CHARS && ID_RE.test(v);

const EVENT_KEYS = new Set(Object.keys(EventSchema.shape));
const PARTICIPANT_KEYS = new Set(Object.keys(ParticipantSchema.shape));
const FATALITY_KEYS = new Set(["best", "low", "high"]);
const TYPES = new Set<unknown>(EVENT_TYPES);
const SIDE_SET = new Set<unknown>(SIDES);
const ROLE_SET = new Set<unknown>(ROLES);
const ATTRIBUTION_SET = new Set<unknown>(ATTRIBUTIONS);

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Only the keys of `known` (inherited enumerable keys count as unknown: zod then decides). */
function onlyKeys(o: Record<string, unknown>, known: Set<string>): boolean {
  for (const k in o) if (!known.has(k)) return false;
  return true;
}

const isCount = (v: unknown): boolean => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

function participantsOk(list: unknown): boolean {
  if (!Array.isArray(list) || list.length === 0) return false;
  for (const p of list as unknown[]) {
    if (!isPlain(p) || !onlyKeys(p, PARTICIPANT_KEYS)) return false;
    if (!isId(p.actorId) || !SIDE_SET.has(p.side)) return false;
    if ("role" in p && !ROLE_SET.has(p.role)) return false;
    if ("attribution" in p && !ATTRIBUTION_SET.has(p.attribution)) return false;
  }
  return true;
}

/**
 * True only when EventSchema surely accepts `e`, its sources aside (`sourcesOk` says for those). False means "ask
 * zod", not "invalid". `goodDates` remembers dates already found valid (a file holds a few thousand).
 */
export function surelyValidEvent(e: unknown, sourcesOk: (list: unknown) => boolean, goodDates: Set<string>): boolean {
  if (!isPlain(e) || !onlyKeys(e, EVENT_KEYS)) return false;
  if (!isId(e.id) || !TYPES.has(e.type)) return false;
  const date = e.date;
  if (typeof date !== "string") return false;
  if (!goodDates.has(date)) {
    if (!isValidPartialDate(date)) return false;
    goodDates.add(date);
  }
  if ("endDate" in e && !(typeof e.endDate === "string" && isValidPartialDate(e.endDate))) return false;
  if ("placeId" in e && !isId(e.placeId)) return false;
  if ("description" in e && typeof e.description !== "string") return false;
  if ("fatalities" in e) {
    const f = e.fatalities;
    if (!isPlain(f) || !onlyKeys(f, FATALITY_KEYS) || !isCount(f.best)) return false;
    if ("low" in f && !isCount(f.low)) return false;
    if ("high" in f && !isCount(f.high)) return false;
  }
  // Claims are rare in imports: any there are go to zod.
  if ("claims" in e && !(Array.isArray(e.claims) && e.claims.length === 0)) return false;
  return participantsOk(e.participants) && sourcesOk(e.sources);
}

/**
 * EventSchema's check for a whole file's events: the plain-code pass first, zod for the rest, and each sources list
 * checked once (importers give every event citing the same outlets the same list: a 100k-event file holds a few
 * hundred distinct lists).
 */
export function eventChecker(): SafeParser {
  const ownFields = EventSchema.extend({ sources: z.any() });
  const goodLists = new WeakSet<object>();
  const goodDates = new Set<string>();
  const sourcesOk = (list: unknown): boolean => {
    if (typeof list !== "object" || list === null) return false;
    if (goodLists.has(list)) return true;
    if (!SourcesSchema.safeParse(list).success) return false;
    goodLists.add(list);
    return true;
  };
  return {
    safeParse(e) {
      if (surelyValidEvent(e, sourcesOk, goodDates)) return { success: true };
      const own = ownFields.safeParse(e);
      const list = (e as { sources?: unknown } | null)?.sources;
      let listIssues: { path: PropertyKey[]; message: string; code: string }[] = [];
      if (!sourcesOk(list)) {
        const r = SourcesSchema.safeParse(list);
        if (!r.success) listIssues = r.error.issues.map((i) => ({ ...i, path: ["sources", ...i.path] }));
      }
      if (own.success && listIssues.length === 0) return { success: true };
      return { success: false, error: { issues: [...(own.error?.issues ?? []), ...listIssues] } };
    },
  };
}

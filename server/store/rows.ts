// Mappers between domain objects and the flat rows both engines store (dates as ISO day + precision, nested values as JSON).
import {
  RELATIONSHIP_TYPES,
  fromStoredDate,
  normalizeName,
  toStoredDate,
  type Actor,
  clashFromMonths,
  type Clash,
  type Event,
  type MonthSummary,
  type Participant,
  type Place,
  type Relationship,
  type Source,
  type SourceRef,
} from "../domain/index.js";

type Row = Record<string, unknown>;

const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));
const json = <T>(v: unknown, fallback: T): T =>
  typeof v === "string" && v.length > 0 ? (JSON.parse(v) as T) : fallback;
/**
 * Drops undefined keys so rows read back compare equal to parsed input. A plain loop: Object.fromEntries of filtered
 * entries cost a third of reading 100k events back (and most of its garbage).
 */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const v = o[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

// Plain properties, not spread pairs with computed keys: rows are built 100k at a time on imports, and computed-key
// spreads made every row a slow dictionary object.
const start = (value: string | undefined): string | null => (value ? toStoredDate(value).start : null);
const precision = (value: string | undefined): string | null => (value ? toStoredDate(value).precision : null);

export function toSourceRow(s: Source): Row {
  return {
    id: s.id,
    title: s.title,
    publisher: s.publisher,
    url: s.url ?? null,
    published: start(s.published),
    publishedPrecision: precision(s.published),
    language: s.language,
    kind: s.kind,
    licence: s.licence ?? null,
  };
}

export function fromSourceRow(r: Row): Source {
  return compact({
    id: String(r.id),
    title: String(r.title),
    publisher: String(r.publisher),
    url: str(r.url),
    published: fromStoredDate(str(r.published), str(r.publishedPrecision)),
    language: String(r.language),
    kind: r.kind as Source["kind"],
    licence: str(r.licence),
  });
}

export function toPlaceRow(p: Place): Row {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    lat: p.lat ?? null,
    lon: p.lon ?? null,
    parentId: p.parent ?? null,
    country: p.country ?? null,
  };
}

export function fromPlaceRow(r: Row): Place {
  return compact({
    id: String(r.id),
    name: String(r.name),
    kind: r.kind as Place["kind"],
    lat: num(r.lat),
    lon: num(r.lon),
    parent: str(r.parentId),
    country: str(r.country),
  });
}

/** Every name an actor answers to, normalised: the index search and resolution use. */
export function aliasNamesOf(a: Pick<Actor, "name" | "aliases">): string[] {
  return [...new Set([a.name, ...a.aliases.map((x) => x.name)].map(normalizeName))].sort();
}

export function toActorRow(a: Actor): Row {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    family: a.family ?? null,
    founded: start(a.founded),
    foundedPrecision: precision(a.founded),
    dissolved: start(a.dissolved),
    dissolvedPrecision: precision(a.dissolved),
    countries: a.countries,
    description: a.description ?? null,
    aliasNames: aliasNamesOf(a),
    aliasesJson: JSON.stringify(a.aliases),
    externalIdsJson: JSON.stringify(a.externalIds),
    sourceIds: [...new Set(a.sources.map((s) => s.sourceId))],
    sourcesJson: JSON.stringify(a.sources),
    provisional: a.provisional,
  };
}

export function fromActorRow(r: Row): Actor {
  return compact({
    id: String(r.id),
    name: String(r.name),
    kind: r.kind as Actor["kind"],
    family: str(r.family),
    aliases: json(r.aliasesJson, []),
    founded: fromStoredDate(str(r.founded), str(r.foundedPrecision)),
    dissolved: fromStoredDate(str(r.dissolved), str(r.dissolvedPrecision)),
    countries: Array.isArray(r.countries) ? r.countries.map(String) : [],
    description: str(r.description),
    externalIds: json(r.externalIdsJson, {}),
    sources: json(r.sourcesJson, []),
    provisional: Boolean(r.provisional),
  }) as Actor;
}

export function toRelationshipRow(rel: Relationship): Row {
  return {
    id: rel.id,
    from: rel.from,
    to: rel.to,
    since: start(rel.since),
    sincePrecision: precision(rel.since),
    until: start(rel.until),
    untilPrecision: precision(rel.until),
    confidence: rel.confidence,
    note: rel.note ?? null,
    sourceIds: [...new Set(rel.sources.map((s) => s.sourceId))],
    sourcesJson: JSON.stringify(rel.sources),
  };
}

export function fromRelationshipRow(r: Row): Relationship {
  const type = String(r.type);
  if (!(RELATIONSHIP_TYPES as readonly string[]).includes(type))
    throw new Error(`rows: unknown relationship type ${type}`);
  return compact({
    id: String(r.id),
    type: type as Relationship["type"],
    from: String(r.from),
    to: String(r.to),
    since: fromStoredDate(str(r.since), str(r.sincePrecision)),
    until: fromStoredDate(str(r.until), str(r.untilPrecision)),
    confidence: r.confidence as Relationship["confidence"],
    sources: json(r.sourcesJson, []),
    note: str(r.note),
  });
}

export function toEventRow(e: Event): Row {
  const date = e.date ? toStoredDate(e.date) : null;
  const end = e.endDate ? toStoredDate(e.endDate) : null;
  const sources = eventSourceColumns(e.sources);
  return {
    id: e.id,
    date: date?.start ?? null,
    datePrecision: date?.precision ?? null,
    endDate: end?.start ?? null,
    endDatePrecision: end?.precision ?? null,
    type: e.type,
    placeId: e.placeId ?? null,
    fatalitiesBest: e.fatalities?.best ?? null,
    fatalitiesLow: e.fatalities?.low ?? null,
    fatalitiesHigh: e.fatalities?.high ?? null,
    claimsJson: claimsJson(e),
    description: e.description ?? null,
    sourceIds: sources.sourceIds,
    sourcesJson: sources.sourcesJson,
  };
}

export const claimsJson = (e: Event): string => (e.claims.length === 0 ? "[]" : JSON.stringify(e.claims));

/**
 * sourceIds and sourcesJson of a list of source refs. Importers give every event citing the same outlets the same
 * (never mutated) list: its columns are worked out once per list, not once per event.
 */
export function eventSourceColumns(sources: SourceRef[]): { sourceIds: string[]; sourcesJson: string } {
  let c = sourceColumnsOf.get(sources);
  if (!c) {
    c = { sourceIds: [...new Set(sources.map((s) => s.sourceId))], sourcesJson: JSON.stringify(sources) };
    sourceColumnsOf.set(sources, c);
  }
  return c;
}
const sourceColumnsOf = new WeakMap<SourceRef[], { sourceIds: string[]; sourcesJson: string }>();

export function fromEventRow(r: Row, participants: Participant[]): Event {
  const best = num(r.fatalitiesBest);
  return compact({
    id: String(r.id),
    date: fromStoredDate(str(r.date), str(r.datePrecision))!,
    endDate: fromStoredDate(str(r.endDate), str(r.endDatePrecision)),
    type: r.type as Event["type"],
    placeId: str(r.placeId),
    fatalities:
      best === undefined ? undefined : compact({ best, low: num(r.fatalitiesLow), high: num(r.fatalitiesHigh) }),
    claims: json(r.claimsJson, []),
    participants,
    description: str(r.description),
    sources: json(r.sourcesJson, []),
  });
}

export function toParticipantRows(e: Event): Row[] {
  return e.participants.map((p) => ({
    eventId: e.id,
    actorId: p.actorId,
    side: p.side,
    role: p.role ?? null,
    attribution: p.attribution,
  }));
}

export function fromParticipantRow(r: Row): Participant {
  return compact({
    actorId: String(r.actorId),
    side: r.side as Participant["side"],
    role: (str(r.role) as Participant["role"]) ?? undefined,
    attribution: r.attribution as Participant["attribution"],
  });
}

/** CITES rows of actors or events: one per (entity, source), the first quote kept. */
export function toCiteRows(items: { id: string; sources: { sourceId: string; quote?: string }[] }[]): Row[] {
  const rows: Row[] = [];
  for (const item of items) {
    const seen = new Set<string>();
    for (const s of item.sources) {
      if (seen.has(s.sourceId)) continue;
      seen.add(s.sourceId);
      rows.push({ id: item.id, sourceId: s.sourceId, quote: s.quote ?? null });
    }
  }
  return rows;
}

export function toClashRow(c: Clash): Row {
  return {
    id: c.id,
    a: c.a,
    b: c.b,
    count: c.count,
    fatalities: c.fatalities,
    unknownFatalities: c.unknownFatalities,
    first: c.first,
    last: c.last,
    monthsJson: JSON.stringify(c.months),
  };
}

/** A stored aggregate: its totals are recomputed from its months (the months are what the writes keep exact). */
export function fromClashRow(r: Row): Clash | null {
  return clashFromMonths(String(r.a), String(r.b), json<Record<string, MonthSummary>>(r.monthsJson, {}));
}

// zod schemas of the domain: the one definition used by seeds, importers, the store, the API and the client.
import { z } from "zod";
import {
  ACTOR_KINDS,
  ALIAS_KINDS,
  ATTRIBUTIONS,
  CONFIDENCES,
  EVENT_TYPES,
  PLACE_KINDS,
  RELATIONSHIP_TYPES,
  ROLES,
  SIDES,
  SOURCE_KINDS,
} from "./constants.js";
import { isValidPartialDate } from "./dates.js";

/** What an id may be: a lower-case slug (IdSchema; also checked in plain code by the importers' event check). */
export const ID_RE = /^[a-z0-9][a-z0-9._:-]*$/;
export const ID_MAX_CHARS = 200;

export const IdSchema = z
  .string()
  .min(1)
  .max(ID_MAX_CHARS)
  .regex(ID_RE, "must be a lower-case slug (a-z, 0-9, '.', '_', ':', '-')");

/** "2011", "2011-12" or "2011-12-03": the form says the precision. */
export const PartialDateSchema = z
  .string()
  .refine(isValidPartialDate, { message: "must be a date written YYYY, YYYY-MM or YYYY-MM-DD" });

export const SourceRefSchema = z.object({
  sourceId: IdSchema,
  quote: z.string().min(1).optional(),
  page: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

export const SourcesSchema = z.array(SourceRefSchema).min(1, "at least one source is required");

export const SourceSchema = z.object({
  id: IdSchema,
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url({ protocol: /^https?$/, error: "must be an http: or https: URL" }).optional(),
  published: PartialDateSchema.optional(),
  language: z.string().min(2).max(10),
  kind: z.enum(SOURCE_KINDS),
  licence: z.string().optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const AliasSchema = z.object({
  name: z.string().min(1),
  lang: z.string().min(2).max(10).optional(),
  kind: z.enum(ALIAS_KINDS),
  from: PartialDateSchema.optional(),
  until: PartialDateSchema.optional(),
});
export type Alias = z.infer<typeof AliasSchema>;

/** An id the actor answers to only between two dates: UCDP 1158 is the MNLA until the CMA was founded, then the CMA. */
export const ScopedIdSchema = z
  .object({
    scheme: z.enum(["ucdp", "acled"]),
    id: z.string().min(1),
    from: PartialDateSchema.optional(),
    until: PartialDateSchema.optional(),
  })
  .strict();
export type ScopedId = z.infer<typeof ScopedIdSchema>;

export const ExternalIdsSchema = z
  .object({
    ucdp: z.array(z.string()).optional(),
    acled: z.array(z.string()).optional(),
    /** Ids valid only in a period (events outside it do not resolve by them). */
    scoped: z.array(ScopedIdSchema).optional(),
    wikidata: z
      .string()
      .regex(/^Q\d+$/)
      .optional(),
  })
  .strict();

export const ActorSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1),
    kind: z.enum(ACTOR_KINDS),
    family: z.string().min(1).optional(),
    aliases: z.array(AliasSchema).default([]),
    founded: PartialDateSchema.optional(),
    dissolved: PartialDateSchema.optional(),
    countries: z.array(z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166-1 alpha-3 code")).default([]),
    description: z.string().optional(),
    externalIds: ExternalIdsSchema.default({}),
    sources: z.array(SourceRefSchema).default([]),
    /** Created by an importer for a name it could not resolve; to be reviewed. */
    provisional: z.boolean().default(false),
  })
  .strict();
export type Actor = z.infer<typeof ActorSchema>;
export type ActorInput = z.input<typeof ActorSchema>;

export const RelationshipSchema = z
  .object({
    id: IdSchema.optional(),
    type: z.enum(RELATIONSHIP_TYPES),
    from: IdSchema,
    to: IdSchema,
    since: PartialDateSchema.optional(),
    until: PartialDateSchema.optional(),
    confidence: z.enum(CONFIDENCES).default("confirmed"),
    sources: SourcesSchema,
    note: z.string().optional(),
  })
  .strict()
  .refine((r) => r.from !== r.to, { message: "a relationship cannot join an actor to itself", path: ["to"] });
export type RelationshipInput = z.input<typeof RelationshipSchema>;
/** After loading, every relationship has its id. */
export type Relationship = z.infer<typeof RelationshipSchema> & { id: string };

export const PlaceSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1),
    kind: z.enum(PLACE_KINDS),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    parent: IdSchema.optional(),
    country: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
  })
  .strict();
export type Place = z.infer<typeof PlaceSchema>;

export const ParticipantSchema = z
  .object({
    actorId: IdSchema,
    side: z.enum(SIDES),
    role: z.enum(ROLES).optional(),
    attribution: z.enum(ATTRIBUTIONS).default("confirmed"),
  })
  .strict();
export type Participant = z.infer<typeof ParticipantSchema>;

export const ClaimSchema = z
  .object({
    by: IdSchema,
    text: z.string().min(1),
    fatalities: z.number().int().nonnegative().optional(),
    sourceId: IdSchema,
  })
  .strict();
export type Claim = z.infer<typeof ClaimSchema>;

export const EventSchema = z
  .object({
    id: IdSchema,
    date: PartialDateSchema,
    endDate: PartialDateSchema.optional(),
    type: z.enum(EVENT_TYPES),
    placeId: IdSchema.optional(),
    fatalities: z
      .object({
        best: z.number().int().nonnegative(),
        low: z.number().int().nonnegative().optional(),
        high: z.number().int().nonnegative().optional(),
      })
      .strict()
      .optional(),
    claims: z.array(ClaimSchema).default([]),
    participants: z.array(ParticipantSchema).min(1, "an event needs at least one participant"),
    description: z.string().optional(),
    sources: SourcesSchema,
  })
  .strict();
export type Event = z.infer<typeof EventSchema>;
export type EventInput = z.input<typeof EventSchema>;

/** What a seed file, an importer or an API call hands to the loader. Every section is optional. */
export const BundleSchema = z
  .object({
    $schema: z.string().optional(),
    sources: z.array(SourceSchema).default([]),
    places: z.array(PlaceSchema).default([]),
    actors: z.array(ActorSchema).default([]),
    relationships: z.array(RelationshipSchema).default([]),
    events: z.array(EventSchema).default([]),
  })
  .strict();
export type BundleInput = z.input<typeof BundleSchema>;
export interface Bundle {
  sources: Source[];
  places: Place[];
  actors: Actor[];
  relationships: Relationship[];
  events: Event[];
}

/** The events of one clashing pair in one month: how many, their known fatalities, how many had none known. */
export interface MonthSummary {
  count: number;
  /** The sum of the known best estimates. */
  fatalities: number;
  /** Events whose toll is unknown (not counted as 0 anywhere). */
  unknown: number;
  first: string;
  last: string;
}

/** Derived from events: two actors (a < b) on opposite sides of at least one event; totals and months, no event list. */
export interface Clash {
  id: string;
  a: string;
  b: string;
  count: number;
  /** Known fatalities summed; null when no event of the pair has a known toll. */
  fatalities: number | null;
  unknownFatalities: number;
  first: string;
  last: string;
  /** "YYYY-MM" -> that month's summary. */
  months: Record<string, MonthSummary>;
}

export function emptyBundle(): Bundle {
  return { sources: [], places: [], actors: [], relationships: [], events: [] };
}

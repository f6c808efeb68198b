// A small bundle that exercises every stored shape: dates of each precision, aliases, unicode, quotes and ampersands,
// integral and fractional coordinates, empty lists, missing optionals. Parsed with the domain schema like real input.
import { BundleSchema, deriveClashes, type Bundle, type BundleInput, type Clash } from "../../server/domain/index.js";
import { emptyChangeSet, replaceClashes, type ChangeSet } from "../../server/store/port.js";

export const FIXTURE_INPUT: BundleInput = {
  sources: [
    {
      id: "apa-2022",
      title: `Islamic State closing in on Mali's "Gao"`,
      publisher: "APA & Co",
      url: "https://example.org/apa?x=1&y=2",
      published: "2022-11",
      language: "en",
      kind: "news",
    },
    {
      id: "ucdp-221",
      title: "UCDP Actor Dataset 22.1",
      publisher: "UCDP",
      published: "2022",
      language: "en",
      kind: "dataset",
      licence: "CC BY 4.0",
    },
    {
      id: "zz-undated",
      title: "Note d'analyse — «Ménaka»",
      publisher: "Centre d'études",
      language: "fr",
      kind: "report",
    },
  ],
  places: [
    { id: "mali", name: "Mali", kind: "country", lat: 17, lon: -4, country: "MLI" },
    { id: "gao", name: "Gao", kind: "region", lat: 16.2717, lon: -0.0447, parent: "mali", country: "MLI" },
    { id: "kadji", name: "Kadji", kind: "village", lat: 16.2, lon: 0, parent: "gao" },
    { id: "nowhere", name: "Lieu-dit « sans coordonnées »", kind: "other" },
  ],
  actors: [
    {
      id: "aqim",
      name: "al-Qaeda in the Islamic Maghreb",
      kind: "jihadist_group",
      family: "al-Qaeda network",
      aliases: [
        { name: "AQIM", kind: "acronym", lang: "en" },
        { name: "AQMI", kind: "acronym", lang: "fr" },
        { name: "GSPC", kind: "former", until: "2007-01-24" },
      ],
      founded: "1998",
      countries: ["DZA", "MLI"],
      description: `Quotes "double", 'single', ampersand & <angle> — and ünïcödé`,
      externalIds: { ucdp: ["1234"], wikidata: "Q1" },
      sources: [{ sourceId: "ucdp-221", quote: "AQIM (formerly GSPC)" }],
    },
    {
      id: "eis",
      name: "État islamique au Sahel",
      kind: "jihadist_group",
      aliases: [
        { name: "EIGS", kind: "acronym", lang: "fr", from: "2015-05" },
        { name: "الدولة الإسلامية في الساحل", kind: "translation", lang: "ar" },
      ],
      founded: "2015-05-15",
      countries: ["MLI", "NER", "BFA"],
      sources: [{ sourceId: "apa-2022" }],
    },
    { id: "mujao", name: "MUJAO", kind: "jihadist_group", founded: "2011-10", dissolved: "2013-08", sources: [] },
    { id: "fama", name: "Forces armées maliennes", kind: "state_force", provisional: true },
  ],
  relationships: [
    {
      id: "mujao-splinter_of-aqim-2011",
      type: "SPLINTER_OF",
      from: "mujao",
      to: "aqim",
      since: "2011",
      confidence: "confirmed",
      sources: [{ sourceId: "ucdp-221", quote: "MUJAO split from AQIM" }],
      note: "Split & rebranded",
    },
    {
      id: "eis-rival_of-aqim",
      type: "RIVAL_OF",
      from: "eis",
      to: "aqim",
      since: "2019-12",
      until: "2022-11-21",
      confidence: "disputed",
      sources: [{ sourceId: "apa-2022" }, { sourceId: "ucdp-221", quote: `"rivals"` }],
    },
    {
      id: "fama-rival_of-mujao",
      type: "RIVAL_OF",
      from: "fama",
      to: "mujao",
      confidence: "probable",
      sources: [{ sourceId: "zz-undated" }],
    },
  ],
  events: [
    {
      id: "kadji-2022-11-21",
      date: "2022-11-21",
      type: "attack_on_civilians",
      placeId: "kadji",
      fatalities: { best: 11 },
      participants: [
        { actorId: "eis", side: "A", role: "attacker", attribution: "alleged" },
        { actorId: "fama", side: "B" },
      ],
      description: "Attack on an IDP camp",
      sources: [{ sourceId: "apa-2022", quote: "11 people killed" }],
    },
    {
      id: "talataye-2022-07",
      date: "2022-07",
      endDate: "2022-07",
      type: "battle",
      fatalities: { best: 60, low: 40, high: 80 },
      claims: [{ by: "eis", text: "~60 fighters killed", fatalities: 60, sourceId: "apa-2022" }],
      participants: [
        { actorId: "eis", side: "A", attribution: "claimed" },
        { actorId: "aqim", side: "B", role: "defender" },
        { actorId: "fama", side: "B" },
      ],
      sources: [{ sourceId: "apa-2022" }],
    },
    {
      id: "gao-2012",
      date: "2012",
      type: "occupation",
      placeId: "gao",
      participants: [{ actorId: "mujao", side: "A" }],
      sources: [{ sourceId: "zz-undated" }],
    },
  ],
};

const byId = <T extends { id: string }>(xs: T[]): T[] =>
  [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The fixture as the store gives it back: sorted by id, participants by side then actor. */
export function fixtureBundle(input: BundleInput = FIXTURE_INPUT): Bundle {
  const b = BundleSchema.parse(input) as Bundle;
  return {
    sources: byId(b.sources),
    places: byId(b.places),
    actors: byId(b.actors),
    relationships: byId(b.relationships),
    events: byId(b.events).map((e) => ({
      ...e,
      participants: [...e.participants].sort((p, q) => (p.side + p.actorId < q.side + q.actorId ? -1 : 1)),
    })),
  };
}

/** A ChangeSet that creates the whole bundle, with its derived clashes. */
export function createAll(b: Bundle, clashes: Clash[] | null = deriveClashes(b.events)): ChangeSet {
  const c = emptyChangeSet();
  c.sources.create = b.sources;
  c.places.create = b.places;
  c.actors.create = b.actors;
  c.relationships.create = b.relationships;
  c.events.create = b.events;
  c.clashes = clashes === null ? null : replaceClashes(clashes);
  return c;
}

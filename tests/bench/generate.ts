// Deterministic synthetic graphs for benchmarks: n actors, m relationships, some events, all with sources.
import { ACTOR_KINDS, EVENT_TYPES, RELATIONSHIP_TYPES, createRng, type Bundle } from "../../server/domain/index.js";

/**
 * `places` > 1 spreads the events over that many places scattered across the Sahel (lon -12..16, lat 10..22; the map
 * benchmark), with a quarter of the events' tolls unreported; the default keeps every event at one place.
 */
export function generateBundle(actors = 2_000, relationships = 8_000, events = 2_000, seed = 42, places = 1): Bundle {
  const rnd = createRng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const year = () => 1990 + Math.floor(rnd() * 33);
  const b: Bundle = {
    sources: [
      {
        id: "bench-src",
        title: "Synthetic benchmark source",
        publisher: "Faultlines bench",
        language: "en",
        kind: "dataset",
      },
    ],
    places: [{ id: "bench-place", name: "Somewhere", kind: "region", lat: 16.5, lon: -1.5 }],
    actors: [],
    relationships: [],
    events: [],
  };
  for (let i = 0; i < actors; i++) {
    const founded = year();
    b.actors.push({
      id: `actor-${i}`,
      name: `Actor ${i}`,
      kind: pick(ACTOR_KINDS),
      family: `family-${i % 12}`,
      aliases: [{ name: `A${i}`, kind: "acronym" }],
      founded: String(founded),
      ...(rnd() < 0.3 ? { dissolved: String(founded + 1 + Math.floor(rnd() * 10)) } : {}),
      countries: [pick(["MLI", "BFA", "NER"])],
      externalIds: {},
      sources: [{ sourceId: "bench-src" }],
      provisional: false,
    });
  }
  const seen = new Set<string>();
  while (b.relationships.length < relationships) {
    // Preferential-ish attachment: low ids are hubs, as in real networks.
    const from = Math.floor(actors * rnd() ** 2);
    const to = Math.floor(actors * rnd());
    const type = pick(RELATIONSHIP_TYPES);
    const id = `rel-${from}-${type.toLowerCase()}-${to}`;
    if (from === to || seen.has(id)) continue;
    seen.add(id);
    const since = year();
    b.relationships.push({
      id,
      type,
      from: `actor-${from}`,
      to: `actor-${to}`,
      since: String(since),
      ...(rnd() < 0.3 ? { until: String(since + 1 + Math.floor(rnd() * 8)) } : {}),
      confidence: pick(["confirmed", "probable", "alleged", "disputed"] as const),
      sources: [{ sourceId: "bench-src", quote: "synthetic" }],
    });
  }
  for (let k = 1; k < places; k++) {
    b.places.push({
      id: `bench-place-${k}`,
      name: `Place ${k}`,
      kind: "village",
      lat: Math.round((10 + 12 * rnd()) * 1e4) / 1e4,
      lon: Math.round((-12 + 28 * rnd()) * 1e4) / 1e4,
      parent: "bench-place",
    });
  }
  // A second generator, so that the default (one place) gives the same bundle as before this option existed.
  const spread = createRng(seed + 1);
  for (let i = 0; i < events; i++) {
    const a = Math.floor(actors * rnd() ** 2);
    let c = Math.floor(actors * rnd());
    if (c === a) c = (c + 1) % actors;
    b.events.push({
      id: `event-${i}`,
      date: `${year()}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
      type: places > 1 ? EVENT_TYPES[Math.floor(spread() * EVENT_TYPES.length)] : "battle",
      placeId: places > 1 ? `bench-place-${1 + Math.floor(spread() * (places - 1))}` : "bench-place",
      ...(places > 1 && spread() < 0.25 ? {} : { fatalities: { best: Math.floor(rnd() * 30) } }),
      claims: [],
      participants: [
        { actorId: `actor-${a}`, side: "A", attribution: "confirmed" },
        { actorId: `actor-${c}`, side: "B", attribution: "confirmed" },
      ],
      sources: [{ sourceId: "bench-src" }],
    });
  }
  return b;
}

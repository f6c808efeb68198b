// Deterministic synthetic graphs for benchmarks: n actors, m relationships, some events, all with sources.
import { ACTOR_KINDS, RELATIONSHIP_TYPES, createRng, type Bundle } from "../../server/domain/index.js";

export function generateBundle(actors = 2_000, relationships = 8_000, events = 2_000, seed = 42): Bundle {
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
  for (let i = 0; i < events; i++) {
    const a = Math.floor(actors * rnd() ** 2);
    let c = Math.floor(actors * rnd());
    if (c === a) c = (c + 1) % actors;
    b.events.push({
      id: `event-${i}`,
      date: `${year()}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
      type: "battle",
      placeId: "bench-place",
      fatalities: { best: Math.floor(rnd() * 30) },
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

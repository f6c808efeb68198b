// Test fixtures for the export: a hand-made bundle whose names are hostile (quotes, ampersands, angle brackets,
// formula starters, markup, control characters, non-Latin scripts), and the seeded read model.
import { readModelFromBundle, type ReadModel } from "../../server/services/read-model.js";
import { contentFromBundle } from "../../server/export/data.js";
import { buildExport, type ExportOptions } from "../../server/export/index.js";
import type { SerializedGraph } from "../../server/services/graph.js";

const bundles = new WeakMap<ReadModel, Bundle>();
/** The model of a bundle, remembering the bundle for exportOf. */
export function modelOf(bundle: Bundle): ReadModel {
  const model = readModelFromBundle(bundle);
  bundles.set(model, bundle);
  return model;
}

/** buildExport with the events and sources of the model's bundle (what the routes read from the store). */
export function exportOf(model: ReadModel, graph: SerializedGraph, options: Omit<ExportOptions, "content">) {
  return buildExport(model, graph, { ...options, content: contentFromBundle(model, bundles.get(model)!, graph) });
}
import type { Bundle } from "../../server/domain/index.js";
import { createSeededStore } from "../helpers/server.js";
import { createEmbeddedStore } from "../../server/store/embedded/embedded-store.js";
import type { Store } from "../../server/store/port.js";
import { createAll } from "../store/fixtures.js";

export const HOSTILE = {
  quotes: `Al-"Qaeda" & 'Sons' <of> the Desert`,
  script: `<script>alert("x")</script><img src=x onerror=alert(1)>`,
  formula: `=HYPERLINK("http://evil.example","click")`,
  arabic: "جماعة نصرة الإسلام والمسلمين",
  tifinagh: "ⵜⴰⵏⴽⵔⴰ ⵏ ⴰⵣⴰⵡⴰⴷ",
  cjk: "伊斯兰国萨赫勒省",
  markdown: "*bold* | pipe [link](javascript:alert(1)) `code` # heading",
  cdata: "]]> & --> <!-- & &amp; &lt;",
  control: "Tab\there\nnewline\u0001ctrl",
  plus: "+SUM(A1:A9)",
  at: "@cmd",
} as const;

export function hostileBundle(): Bundle {
  return {
    sources: [
      {
        id: "src-quote",
        title: `The "truth" & <lies>`,
        publisher: "Publisher & Sons <Ltd>",
        url: "https://example.org/a?b=1&c=2",
        published: "2020-05",
        language: "en",
        kind: "news",
      },
      {
        id: "src-js",
        title: HOSTILE.script,
        publisher: HOSTILE.arabic,
        url: "javascript:alert(1)",
        language: "ar",
        kind: "report",
      },
      { id: "src-formula", title: HOSTILE.formula, publisher: HOSTILE.at, language: "fr", kind: "dataset" },
    ],
    places: [
      { id: "mali", name: "Mali", kind: "country" },
      { id: "kadji", name: `Kadji "<village>"`, kind: "village", parent: "mali", lat: 16.2, lon: 0.1 },
    ],
    actors: [
      {
        id: "alpha",
        name: HOSTILE.quotes,
        kind: "jihadist_group",
        family: `Family & <co>`,
        countries: ["MLI"],
        founded: "2011-12",
        dissolved: "2015",
        aliases: [
          { name: HOSTILE.arabic, lang: "ar", kind: "translation" },
          { name: HOSTILE.formula, kind: "variant" },
        ],
        externalIds: {},
        sources: [{ sourceId: "src-quote" }],
        provisional: false,
      },
      {
        id: "beta",
        name: HOSTILE.script,
        kind: "state_force",
        countries: ["MLI", "NER"],
        aliases: [
          { name: HOSTILE.cjk, lang: "zh", kind: "translation" },
          { name: HOSTILE.markdown, kind: "variant" },
        ],
        externalIds: {},
        sources: [],
        provisional: false,
      },
      {
        id: "gamma",
        name: HOSTILE.tifinagh,
        kind: "separatist_movement",
        countries: [],
        founded: "2012-10-31",
        aliases: [
          { name: HOSTILE.cdata, kind: "variant" },
          { name: HOSTILE.control, kind: "variant" },
        ],
        externalIds: {},
        sources: [],
        provisional: true,
      },
      {
        id: "delta",
        name: HOSTILE.plus,
        kind: "communal_militia",
        countries: [],
        aliases: [{ name: HOSTILE.at, kind: "acronym" }],
        externalIds: {},
        sources: [],
        provisional: false,
      },
    ],
    relationships: [
      {
        id: "r-ab",
        type: "RIVAL_OF",
        from: "alpha",
        to: "beta",
        since: "2012",
        until: "2014-06",
        confidence: "disputed",
        sources: [{ sourceId: "src-quote", quote: `"They said <no> & left"` }, { sourceId: "src-js" }],
        note: HOSTILE.markdown,
      },
      {
        id: "r-ga",
        type: "SPLINTER_OF",
        from: "gamma",
        to: "alpha",
        since: "2012-10-31",
        confidence: "confirmed",
        sources: [{ sourceId: "src-formula" }],
        note: HOSTILE.formula,
      },
      {
        id: "r-gb",
        type: "ALLIED_WITH",
        from: "gamma",
        to: "beta",
        since: "2013",
        confidence: "probable",
        sources: [{ sourceId: "src-js" }],
      },
      {
        id: "r-gb2",
        type: "SUPPORTS",
        from: "beta",
        to: "gamma",
        since: "2013-02",
        confidence: "alleged",
        sources: [{ sourceId: "src-quote" }],
      },
      {
        id: "r-da",
        type: "PLEDGED_TO",
        from: "delta",
        to: "alpha",
        confidence: "confirmed",
        sources: [{ sourceId: "src-formula" }],
      },
    ],
    events: [
      {
        id: "ev-1",
        date: "2013-01-11",
        type: "battle",
        placeId: "kadji",
        fatalities: { best: 12, low: 10, high: 30 },
        claims: [{ by: "alpha", text: `"Victory" <over> the & enemy`, fatalities: 40, sourceId: "src-js" }],
        participants: [
          { actorId: "alpha", side: "A", role: "attacker", attribution: "claimed" },
          { actorId: "beta", side: "B", role: "defender", attribution: "confirmed" },
        ],
        description: HOSTILE.script,
        sources: [{ sourceId: "src-quote" }],
      },
      {
        id: "ev-2",
        date: "2014-03",
        type: "attack_on_civilians",
        claims: [],
        participants: [
          { actorId: "gamma", side: "A", attribution: "alleged" },
          { actorId: "beta", side: "B", attribution: "confirmed" },
        ],
        sources: [{ sourceId: "src-formula" }],
      },
    ],
  };
}

export function hostileModel(): ReadModel {
  return modelOf(hostileBundle());
}

let seeded: Promise<ReadModel> | null = null;
/** The curated seeds through the real store and loader, read back (shared by the tests of one file). */
export function seededModel(): Promise<ReadModel> {
  seeded ??= (async () => {
    const store = await createSeededStore();
    try {
      return modelOf(await store.readAll());
    } finally {
      await store.close();
    }
  })();
  return seeded;
}

export const FIXED_NOW = new Date("2024-05-06T07:08:09Z");

/** The bundle a fixture model was built from. */
export const bundleOf = (model: ReadModel): Bundle => bundles.get(model)!;

/** A real embedded store (in memory) holding a fixture model's bundle: for the paths that read events from a store. */
export async function storeOf(model: ReadModel): Promise<Store> {
  const store = createEmbeddedStore({ path: ":memory:" });
  await store.init();
  await store.apply(createAll(bundleOf(model)));
  return store;
}

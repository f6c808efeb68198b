// Sources importers cite: one Source per dataset, plus the articles (UCDP GED `source_article`) or outlets (ACLED
// `source`) each row names. Ids are stable (hash of the citation), so a re-import finds the same sources.
import { isValidPartialDate, type Source } from "../domain/index.js";
import { safeSlug, shortHash } from "./ids.js";
import { lookedUp } from "./looked-up.js";

const UCDP_PUBLISHER = "Uppsala Conflict Data Program (UCDP), Uppsala University";

export const UCDP_GED_SOURCE: Source = {
  id: "ucdp-ged",
  title: "UCDP Georeferenced Event Dataset (GED)",
  publisher: UCDP_PUBLISHER,
  url: "https://ucdp.uu.se/downloads/",
  language: "en",
  kind: "dataset",
  licence: "CC BY 4.0",
};

export const ACLED_SOURCE: Source = {
  id: "acled",
  title: "Armed Conflict Location & Event Data (ACLED)",
  publisher: "ACLED",
  url: "https://acleddata.com/",
  language: "en",
  kind: "dataset",
  licence: "ACLED Terms of Use (not an open licence)",
};

/** A GED release ("23.1") as the source its events cite; without one, the dataset itself (and the report says so). */
export function ucdpGedSource(release?: string): Source {
  if (!release) return UCDP_GED_SOURCE;
  const yy = /^(\d{2})\.\d+$/.exec(release)?.[1];
  return {
    ...UCDP_GED_SOURCE,
    id: `ucdp-ged-${release.replace(/[^0-9a-z]/gi, "").toLowerCase()}`,
    title: `UCDP Georeferenced Event Dataset (GED) version ${release}`,
    ...(yy ? { published: `20${yy}` } : {}),
  };
}

/** An ACLED export, named by its export date ("2021-03-02"), as the source its events cite. */
export function acledSource(release?: string): Source {
  if (!release) return ACLED_SOURCE;
  return {
    ...ACLED_SOURCE,
    id: `acled-${release}`,
    title: `Armed Conflict Location & Event Data (ACLED), export of ${release}`,
    published: release,
  };
}

/** What a release looks like per format, and where a file name says it (ACLED names exports after their date). */
export const RELEASE_FORMS: Record<
  string,
  { re: RegExp; example: string; fromFileName(name: string): string | undefined }
> = {
  acled: {
    re: /^\d{4}-\d{2}-\d{2}$/,
    example: "the export date, e.g. 2021-03-02",
    fromFileName: (name) => /(?:^|[^0-9])(\d{4}-\d{2}-\d{2})(?:[^0-9]|$)/.exec(name)?.[1],
  },
  "ucdp-ged": {
    re: /^\d{2}\.\d+$/,
    example: "the version, e.g. 23.1",
    fromFileName: (name) => {
      const m = /ged[-_ ]?(\d{2})[._]?(\d)(?![0-9])/i.exec(name);
      return m ? `${m[1]}.${m[2]}` : undefined;
    },
  },
};

/**
 * A UCDP dataset release as a source: "22.1" -> `ucdp-actor-221`, "UCDP Actor Dataset version 22.1" (the seeds' own id
 * and wording, so an existing record is matched, not doubled). Importing a new release cites the new release.
 */
function ucdpRelease(idPrefix: string, dataset: string, version: string): Source {
  const v = version.trim();
  const yy = /^(\d{2})\.\d+$/.exec(v)?.[1];
  return {
    id: `${idPrefix}-${v ? v.replace(/[^0-9a-z]/gi, "").toLowerCase() : "unknown"}`,
    title: `${dataset} ${v ? `version ${v}` : "(unknown release)"}`,
    publisher: UCDP_PUBLISHER,
    url: "https://ucdp.uu.se/downloads/",
    ...(yy ? { published: `20${yy}` } : {}),
    language: "en",
    kind: "dataset",
    licence: "CC BY 4.0",
  };
}

export const ucdpActorSource = (version: string): Source => ucdpRelease("ucdp-actor", "UCDP Actor Dataset", version);

/** The UCDP Non-State Conflict Dataset release a file comes from (its `version` column). */
export const ucdpNonStateSource = (version: string): Source =>
  ucdpRelease("ucdp-nsc", "UCDP Non-State Conflict Dataset", version);

export interface ArticleCitation {
  publisher: string;
  date?: string;
  title?: string;
}

/** GED `source_article`: `"Reuters,2015-07-06,Headline";"AFP,2015-07-07,Other"`; items not in that shape are returned raw. */
export function parseGedArticles(text: string): { articles: ArticleCitation[]; unparsed: string[] } {
  const articles: ArticleCitation[] = [];
  const unparsed: string[] = [];
  const trimmed = text.trim();
  if (!trimmed) return { articles, unparsed };
  const items = trimmed.startsWith('"') ? trimmed.replace(/^"|"$/g, "").split(/"\s*;\s*"/) : [trimmed];
  for (const raw of items) {
    const item = raw.replace(/""/g, '"').trim();
    const m = /^(.+?)\s*,\s*(\d{4}-\d{2}-\d{2})\s*,?\s*([\s\S]*)$/.exec(item);
    if (m && m[1].trim() && isValidPartialDate(m[2])) {
      articles.push({ publisher: m[1].trim(), date: m[2], title: m[3].trim() || undefined });
    } else if (item) {
      unparsed.push(item);
    }
  }
  return { articles, unparsed };
}

/**
 * Collects the article and outlet sources one import creates; sources already stored are reused, not re-emitted (each
 * is looked up by id as it is met: looked-up.ts).
 */
export function createSourceRegistry() {
  const records = lookedUp<Source>();
  const ensure = records.ensure;
  return {
    ensure,
    article(a: ArticleCitation): string {
      const key = `${a.publisher}|${a.date ?? ""}|${a.title ?? ""}`;
      const id = `art-${safeSlug(a.publisher, 30)}-${a.date ?? "nd"}-${shortHash(key)}`;
      return ensure({
        id,
        title: a.title ?? `${a.publisher}${a.date ? `, ${a.date}` : ""}`,
        publisher: a.publisher,
        ...(a.date ? { published: a.date } : {}),
        language: "und",
        kind: "news",
      });
    },
    /** ACLED names outlets, not articles: one Source per outlet. */
    outlet(name: string): string {
      return ensure({
        id: `outlet-${safeSlug(name, 60)}`,
        title: name,
        publisher: name,
        language: "und",
        kind: "news",
      });
    },
    unchecked: records.unchecked,
    checked: records.checked,
    created: records.created,
  };
}

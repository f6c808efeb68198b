// Alias-aware actor search: every name and alias, normalised (case, accents, punctuation), ranked
// exact > acronym-exact > the same words in another spelling/order/language > prefix > word prefix > substring >
// typo; each match names the alias that matched. Substrings only from 5 letters and typos only from 4 (one typo up
// to 7 letters, two from 8), so that `MAA` does not find JNIM ("jamaat") nor `CRA` "democracy".
// Exact matches come from the importers' resolver (server/ingest/resolver.ts), so search understands every form a
// dataset writes ("JNIM: Group for Support of Islam and Muslims", "(Mali)" qualifiers) exactly as an import does.
import { normalizeName, type Actor, type AliasKind } from "../domain/index.js";
import { MIN_INFIX, editDistance, typoBudget } from "../ingest/name-match.js";
import { createResolver } from "../ingest/resolver.js";

export interface SearchMatch {
  actor: { id: string; name: string; kind: Actor["kind"]; family?: string };
  matched: { name: string; kind: "name" | AliasKind; lang?: string };
  score: number;
}

interface Entry {
  actor: Actor;
  norm: string;
  compact: string;
  name: string;
  kind: "name" | AliasKind;
  lang?: string;
}

export function createSearchIndex(actors: readonly Actor[]) {
  const entries: Entry[] = [];
  for (const a of actors) {
    const add = (name: string, kind: Entry["kind"], lang?: string) => {
      const norm = normalizeName(name);
      if (norm) entries.push({ actor: a, norm, compact: norm.replace(/ /g, ""), name, kind, lang });
    };
    add(a.name, "name");
    for (const al of a.aliases) add(al.name, al.kind, al.lang);
    for (const n of a.externalIds.acled ?? []) add(n, "variant");
  }

  const resolver = createResolver(actors);
  const entryOf = (actorId: string, matched: string): Entry | undefined => {
    const norm = normalizeName(matched);
    return (
      entries.find((e) => e.actor.id === actorId && e.norm === norm) ?? entries.find((e) => e.actor.id === actorId)
    );
  };

  function scoreOf(e: Entry, q: string, qc: string): number {
    if (e.norm === q) return e.kind === "name" ? 100 : 95;
    if (e.compact === qc) return 90;
    if (e.norm.startsWith(q)) return 70 - Math.min(20, e.norm.length - q.length) / 2;
    if (e.norm.split(" ").some((w) => w.startsWith(q))) return 50;
    if (q.length >= MIN_INFIX && e.norm.includes(q)) return 30;
    // A typo: the whole name, or one of its words for a one-word query ("Dinne" for Ansar Dine).
    const budget = typoBudget(qc.length);
    if (budget === 0) return 0;
    let d = editDistance(qc, e.compact, budget);
    if (d > budget && !q.includes(" ")) {
      for (const w of e.norm.split(" ")) if (w.length >= 4) d = Math.min(d, editDistance(qc, w, budget));
    }
    return d <= budget ? 25 - 5 * d : 0;
  }

  /** Every match of a query, best first (then reviewed before provisional, then by name, then by id: a total order). */
  function ranked(query: string): { e: Entry; score: number }[] {
    const q = normalizeName(query);
    if (!q) return [];
    const qc = q.replace(/ /g, "");
    const best = new Map<string, { e: Entry; score: number }>();
    for (const hit of resolver.lookup(query)) {
      const e = entryOf(hit.actorId, hit.matched);
      if (e)
        best.set(hit.actorId, {
          e,
          score: e.norm === q ? (e.kind === "name" ? 100 : 95) : hit.via === "variant" ? 85 : 92,
        });
    }
    for (const e of entries) {
      const score = scoreOf(e, q, qc);
      if (score <= 0) continue;
      const prev = best.get(e.actor.id);
      if (!prev || score > prev.score) best.set(e.actor.id, { e, score });
    }
    return [...best.values()].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  }

  const view = ({ e, score }: { e: Entry; score: number }): SearchMatch => ({
    actor: {
      id: e.actor.id,
      name: e.actor.name,
      kind: e.actor.kind,
      ...(e.actor.family ? { family: e.actor.family } : {}),
    },
    matched: { name: e.name, kind: e.kind, ...(e.lang ? { lang: e.lang } : {}) },
    score,
  });

  return {
    search(query: string, limit = 10): SearchMatch[] {
      return ranked(query).slice(0, limit).map(view);
    },
    /** One page of the matches, after the match a previous page ended with (its `next`). */
    page(query: string, limit: number, after?: SearchKey): { items: SearchMatch[]; next: SearchKey | null } {
      const all = ranked(query);
      const start = after ? all.findIndex((m) => compareKeys(keyOf(m), after) > 0) : 0;
      const slice = start < 0 ? [] : all.slice(start, start + limit);
      const more = start >= 0 && start + limit < all.length;
      return { items: slice.map(view), next: more ? keyOf(slice[slice.length - 1]) : null };
    },
  };
}

/** Where a match sits in the ranking: score (higher first), provisional (reviewed first), name, id. */
export type SearchKey = [score: number, provisional: 0 | 1, name: string, id: string];

function keyOf({ e, score }: { e: Entry; score: number }): SearchKey {
  return [score, e.actor.provisional ? 1 : 0, e.actor.name, e.actor.id];
}

function compareKeys(a: SearchKey, b: SearchKey): number {
  return (
    b[0] - a[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0)
  );
}

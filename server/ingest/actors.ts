// Turns dataset actor names into participants: resolves them with the shared resolver, creates provisional actors for
// names nobody curated (or only reports them, by option), and keeps the list of every unresolved or ambiguous name.
import type { Actor, ActorKind, Attribution } from "../domain/index.js";
import { safeSlug, shortHash } from "./ids.js";
import { cleanName, guessKind, type ResolveContext, type Resolver } from "./resolver.js";

export const UNRESOLVED_MODES = ["provisional", "report"] as const;
export type UnresolvedMode = (typeof UNRESOLVED_MODES)[number];

export interface UnresolvedName {
  name: string;
  status: "provisional" | "reported" | "ambiguous";
  /** The provisional actor created for it. */
  actorId?: string;
  candidates?: string[];
  reason: string;
  occurrences: number;
  firstRow: number;
}

export interface ResolvedActor {
  actorId: string;
  attribution: Attribution;
}

export interface NameHints {
  row: number;
  kind?: ActorKind;
  ucdpId?: string;
  /** Raw dataset name kept in externalIds (ACLED) so the provisional actor answers to it. */
  acledName?: string;
}

export function createActorBook(options: { resolver: Resolver; mode: UnresolvedMode; sourceId: string }) {
  const { resolver, mode } = options;
  const created = new Map<string, Actor>();
  const unresolved = new Map<string, UnresolvedName>();
  const noteOfCreated = new Map<string, UnresolvedName>();

  function note(name: string, entry: Omit<UnresolvedName, "occurrences" | "firstRow" | "name">, row: number) {
    const key = `${entry.status}|${name}|${entry.actorId ?? ""}`;
    const prev = unresolved.get(key);
    if (prev) prev.occurrences++;
    else {
      const n = { name, ...entry, occurrences: 1, firstRow: row };
      unresolved.set(key, n);
      if (n.actorId) noteOfCreated.set(n.actorId, n);
    }
  }

  function provisional(name: string, ctx: ResolveContext, hints: NameHints): string {
    const display = cleanName(name) || name.trim();
    let id = safeSlug(display);
    if (resolver.has(id)) id = `${id}-${shortHash(name, 4)}`;
    const actor: Actor = {
      id,
      name: display,
      kind: guessKind(display, hints.kind),
      aliases: [],
      countries: ctx.country ? [ctx.country] : [],
      externalIds: {
        ...(hints.ucdpId ? { ucdp: [hints.ucdpId] } : {}),
        ...(hints.acledName ? { acled: [hints.acledName] } : {}),
      },
      sources: [{ sourceId: options.sourceId }],
      provisional: true,
    };
    created.set(id, actor);
    resolver.register(actor);
    return id;
  }

  /** Adds what a later row tells about an actor this run created (another ACLED spelling, another country). */
  function enrich(actorId: string, ctx: ResolveContext, hints: NameHints) {
    const a = created.get(actorId);
    if (!a) return;
    if (ctx.country && !a.countries.includes(ctx.country)) a.countries = [...a.countries, ctx.country].sort();
    if (hints.acledName && !(a.externalIds.acled ?? []).includes(hints.acledName)) {
      a.externalIds = { ...a.externalIds, acled: [...(a.externalIds.acled ?? []), hints.acledName].sort() };
    }
  }

  return {
    /** The actors a name stands for ("X and/or Y" gives two, alleged); empty when unresolved and only reported. */
    participants(name: string, ctx: ResolveContext, hints: NameHints): ResolvedActor[] {
      const out: ResolvedActor[] = [];
      for (const part of resolver.resolveAttributed(name, ctx)) {
        const r = part.resolution;
        const partHints = hints.acledName && hints.acledName !== part.name ? { ...hints, acledName: part.name } : hints;
        if (r.status === "resolved") {
          enrich(r.actorId, ctx, partHints);
          const n = noteOfCreated.get(r.actorId);
          if (n) n.occurrences++;
          out.push({ actorId: r.actorId, attribution: part.attribution });
        } else if (r.status === "ambiguous") {
          note(part.name, { status: "ambiguous", candidates: r.candidates, reason: r.reason }, hints.row);
        } else if (mode === "provisional") {
          const actorId = provisional(part.name, ctx, partHints);
          note(part.name, { status: "provisional", actorId, reason: r.reason }, hints.row);
          out.push({ actorId, attribution: part.attribution });
        } else {
          note(part.name, { status: "reported", reason: r.reason }, hints.row);
        }
      }
      return out;
    },
    /** Creates a provisional actor even though the name resolves (the dataset's own ids say it is another actor). */
    create(name: string, ctx: ResolveContext, hints: NameHints, reason: string): string {
      const actorId = provisional(name, ctx, hints);
      note(name, { status: "provisional", actorId, reason }, hints.row);
      return actorId;
    },
    createdActors(): Actor[] {
      return [...created.values()];
    },
    unresolved(): UnresolvedName[] {
      return [...unresolved.values()].sort((a, b) => b.occurrences - a.occurrences || (a.name < b.name ? -1 : 1));
    },
  };
}

export type ActorBook = ReturnType<typeof createActorBook>;

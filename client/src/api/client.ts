// Typed fetch of the Faultlines API. Failures become ApiError carrying the problem+json `code` (or "network").
import type { actorDetail, listEvents } from "../../../server/services/actors.js";
import type { SerializedGraph } from "../../../server/services/graph.js";
import type { SearchMatch } from "../../../server/services/search.js";
import type { Source } from "../../../server/domain/schemas.js";
import type { EventPoints } from "../../../server/store/port.js";

export type { SerializedGraph, SearchMatch, Source };
export type ActorDetail = Awaited<ReturnType<typeof actorDetail>>;
export type EventPage = Awaited<ReturnType<typeof listEvents>>;
export type EventView = EventPage["items"][number];
export interface EventPageOptions {
  opponent?: string;
  order?: "asc" | "desc";
  limit?: number;
  cursor?: string;
}
export interface SearchResponse {
  query: string;
  items: SearchMatch[];
}
export interface PathsResponse {
  from: string;
  to: string;
  hops: number | null;
  paths: SerializedGraph[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
  /** The store (or the server) cannot answer now; retrying later may work. */
  get unavailable(): boolean {
    return this.code === "network" || this.code === "store_unavailable" || this.status >= 500;
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network", "The server cannot be reached.");
  }
  if (!res.ok) {
    let code = "http_error";
    let detail = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { code?: string; detail?: string; title?: string };
      code = body.code ?? code;
      detail = body.detail ?? body.title ?? detail;
    } catch {
      /* not problem+json: keep the status line */
    }
    throw new ApiError(res.status, code, detail);
  }
  return (await res.json()) as T;
}

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter((e): e is [string, string | number] => e[1] !== undefined)
      .map(([k, v]) => [k, String(v)]),
  ).toString();

export const api = {
  /** The whole history (every actor and tie, each with its dates): the client filters by date itself. */
  graph: (url = "/api/graph") => getJson<SerializedGraph>(url),
  actor: (id: string) => getJson<ActorDetail>(`/api/actors/${encodeURIComponent(id)}`),
  search: (q: string, signal?: AbortSignal) => getJson<SearchResponse>(`/api/search?${qs({ q, limit: 8 })}`, signal),
  paths: (from: string, to: string, at?: string | null) =>
    getJson<PathsResponse>(`/api/paths?${qs({ from, to, at: at ?? undefined, maxHops: 6 })}`),
  /** One page of an actor's events (or of one clash's, with an opponent); pass nextCursor back for the next. */
  events: (actor: string, o: EventPageOptions = {}) =>
    getJson<EventPage>(
      `/api/events?${qs({ actor, opponent: o.opponent, order: o.order ?? "desc", limit: o.limit ?? 50, cursor: o.cursor })}`,
    ),
  /** Every source, read a page at a time. */
  sources: async () => {
    const items: Source[] = [];
    for (let cursor: string | null | undefined = undefined; cursor !== null;) {
      const page: { items: Source[]; nextCursor: string | null } = await getJson(
        `/api/sources?${qs({ limit: 1000, cursor })}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    }
    return { items };
  },
  /** The store's counts (what /api/health says: from the server's memory, current with every commit). */
  counts: async () => (await getJson<{ counts: { events: number } }>("/api/health")).counts,
  /** The map's event points (compact columns, capped: see `truncated`). */
  eventPoints: (query: Record<string, string>) => getJson<EventPoints>(`/api/events/points?${qs(query)}`),
  event: (id: string) => getJson<EventView & { cited: Source[] }>(`/api/events/${encodeURIComponent(id)}`),
};

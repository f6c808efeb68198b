// CLASHED_WITH, derived from events: two actors on opposite sides of an event clashed. Pure, recomputed on every load.
import { dateStart } from "./dates.js";
import type { Clash, Event } from "./schemas.js";

export function clashIdOf(a: string, b: string): string {
  const [x, y] = a < b ? [a, b] : [b, a];
  return `clash:${x}:${y}`;
}

export function deriveClashes(events: readonly Event[]): Clash[] {
  const byPair = new Map<string, Clash>();
  for (const e of events) {
    const sideA = [...new Set(e.participants.filter((p) => p.side === "A").map((p) => p.actorId))];
    const sideB = [...new Set(e.participants.filter((p) => p.side === "B").map((p) => p.actorId))];
    const day = dateStart(e.date);
    for (const a of sideA) {
      for (const b of sideB) {
        if (a === b) continue;
        const [x, y] = a < b ? [a, b] : [b, a];
        const id = clashIdOf(x, y);
        const c = byPair.get(id) ?? { id, a: x, b: y, count: 0, fatalities: 0, first: day, last: day, eventIds: [] };
        c.count++;
        c.fatalities += e.fatalities?.best ?? 0;
        if (day < c.first) c.first = day;
        if (day > c.last) c.last = day;
        c.eventIds.push(e.id);
        byPair.set(id, c);
      }
    }
  }
  return [...byPair.values()]
    .map((c) => ({ ...c, eventIds: [...c.eventIds].sort() }))
    .sort((p, q) => (p.id < q.id ? -1 : 1));
}

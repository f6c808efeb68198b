// CLASHED_WITH, derived from events: two actors on opposite sides of an event clashed. Pure, recomputed on every load.
import { dateStart } from "./dates.js";
import type { Clash, Event } from "./schemas.js";

export function clashIdOf(a: string, b: string): string {
  const [x, y] = a < b ? [a, b] : [b, a];
  return `clash:${x}:${y}`;
}

export function deriveClashes(events: readonly Event[]): Clash[] {
  const byPair = new Map<string, Clash>();
  // Reused per event (events have a handful of participants): no arrays or sets built per event of a 100k import.
  const sideA: string[] = [];
  const sideB: string[] = [];
  for (const e of events) {
    sideA.length = 0;
    sideB.length = 0;
    for (const p of e.participants) {
      const side = p.side === "A" ? sideA : p.side === "B" ? sideB : null;
      if (side && !side.includes(p.actorId)) side.push(p.actorId);
    }
    if (sideA.length === 0 || sideB.length === 0) continue;
    const day = dateStart(e.date);
    for (const a of sideA) {
      for (const b of sideB) {
        if (a === b) continue;
        const x = a < b ? a : b;
        const y = a < b ? b : a;
        const id = clashIdOf(x, y);
        let c = byPair.get(id);
        if (!c) byPair.set(id, (c = { id, a: x, b: y, count: 0, fatalities: 0, first: day, last: day, eventIds: [] }));
        c.count++;
        c.fatalities += e.fatalities?.best ?? 0;
        if (day < c.first) c.first = day;
        if (day > c.last) c.last = day;
        c.eventIds.push(e.id);
      }
    }
  }
  return [...byPair.values()]
    .map((c) => ({ ...c, eventIds: [...c.eventIds].sort() }))
    .sort((p, q) => (p.id < q.id ? -1 : 1));
}

// The import benchmarks' input: the real ACLED Mali sample scaled to any number of events (new ids, jittered dates,
// seeded), shared by the embedded and the Neo4j import benches.
import { createReadStream, createWriteStream } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { parse } from "csv-parse";
import { MONTH_NAMES, createRng } from "../../server/domain/index.js";
import { interCode, isAnonymousName, isArmedInter } from "../../server/ingest/acled/taxonomy.js";
import { REPO_ROOT } from "../../server/store/query-book.js";

export const SAMPLE = path.resolve(REPO_ROOT, "../shared/data/acled/mali-2017-2020-monadic.csv");

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return csvCell(`[${v.join(",")}]`);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes `count` events scaled from the sample into `file`. Only events with an identified armed actor are templates,
 * so every generated event imports. Returns how many templates there were.
 */
export async function generateAcled(file: string, count: number): Promise<number> {
  const events: string[][][] = [];
  let header: string[] = [];
  let current: string[][] = [];
  let currentId = "";
  for await (const rec of createReadStream(SAMPLE).pipe(parse({ bom: true })) as AsyncIterable<string[]>) {
    if (!header.length) {
      header = rec;
      continue;
    }
    const id = rec[header.indexOf("event_id_cnty")];
    if (id !== currentId && current.length) {
      events.push(current);
      current = [];
    }
    currentId = id;
    current.push(rec);
  }
  if (current.length) events.push(current);
  const col = (name: string) => header.indexOf(name);
  const [cActor, cInter, cAssoc, cId, cNo, cDate, cYear, cData] = [
    col("actor1"),
    col("inter1"),
    col("assoc_actor_1"),
    col("event_id_cnty"),
    col("event_id_no_cnty"),
    col("event_date"),
    col("year"),
    col("data_id"),
  ];
  const templates = events.filter((rows) =>
    rows.some((r) => isArmedInter(interCode(r[cInter])) && (!isAnonymousName(r[cActor]) || r[cAssoc])),
  );
  const rng = createRng(20_240_601);
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line + "\n")) await once(out, "drain");
  };
  await write(header.map(csvCell).join(","));
  for (let n = 0; n < count; n++) {
    const t = templates[n % templates.length];
    const day = new Date(Date.UTC(2017, 0, 1) + Math.floor(rng() * 4 * 365) * 86_400_000);
    const date = `${day.getUTCDate()} ${MONTH_NAMES[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
    for (const r of t) {
      const row = [...r];
      row[cId] = `MLB${n + 1}`;
      row[cNo] = String(n + 1);
      row[cData] = String(9_000_000 + n);
      row[cDate] = date;
      row[cYear] = String(day.getUTCFullYear());
      await write(row.map(csvCell).join(","));
    }
  }
  out.end();
  await once(out, "finish");
  return templates.length;
}

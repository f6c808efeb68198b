// What the Cypher workbench reads in a query's text (never executed here): why it may have run away (advice that names
// the constructs this query has, not a generic list), and which returned columns are stored dates whose precision the
// answer should carry (dates are stored as their first day plus a precision: "1998" is stored as 1998-01-01, year).
import { fromStoredDate } from "../domain/dates.js";
import { cypherTokens, type Token } from "../store/neo4j/read-guard.js";
import { positionAt } from "./cypher-dialect.js";

const word = (t: Token | undefined, w: string) => t !== undefined && t.kind === "word" && t.text.toUpperCase() === w;
const isName = (t: Token | undefined) => t !== undefined && (t.kind === "word" || t.kind === "quoted");
/** A keyword used as a clause, not as a name (n.limit, $limit, :Limit, AS limit). */
const clause = (tokens: Token[], i: number, w: string) =>
  word(tokens[i], w) && !(i > 0 && [".", "$", ":"].includes(tokens[i - 1].text)) && !word(tokens[i - 1], "AS");

/** Bracket depth before each token. */
function depths(tokens: Token[]): number[] {
  let d = 0;
  return tokens.map((t) => {
    const before = d;
    if (t.kind === "punct" && "([{".includes(t.text)) d++;
    else if (t.kind === "punct" && ")]}".includes(t.text)) d = Math.max(0, d - 1);
    return before;
  });
}

const CLAUSES = ["MATCH", "OPTIONAL", "WHERE", "WITH", "RETURN", "UNWIND", "ORDER", "SKIP", "LIMIT", "CALL", "UNION"];
const AGGREGATES = ["COUNT", "SUM", "AVG", "MIN", "MAX", "COLLECT", "STDEV", "PERCENTILECONT", "PERCENTILEDISC"];
/** A longest path this long or more is named as too deep to search. */
const DEEP = 7;

/**
 * Why this query may have run past its time, in terms of its own text: unbounded or deep variable-length patterns,
 * MATCH patterns with nothing joining them (every pair is built), a large UNWIND range, and no LIMIT where rows are
 * listed. Empty when none of these is in the query.
 */
export function runawayAdvice(query: string): string[] {
  const tokens = cypherTokens(query);
  const depth = depths(tokens);
  const at = (t: Token) => {
    const p = positionAt(query, t.offset);
    return `line ${p.line}, column ${p.column}`;
  };
  const out: string[] = [];
  // Variable-length relationships: `*` inside [ ].
  const open: string[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === "punct" && "([{".includes(t.text)) open.push(t.text);
    else if (t.kind === "punct" && ")]}".includes(t.text)) open.pop();
    if (t.text !== "*" || t.kind !== "punct" || open[open.length - 1] !== "[") return;
    const n1 = tokens[i + 1]?.kind === "number" ? Number(tokens[i + 1].text) : null;
    let j = n1 === null ? i + 1 : i + 2;
    const range = tokens[j]?.text === "." && tokens[j + 1]?.text === ".";
    if (range) j += 2;
    const n2 = range && tokens[j]?.kind === "number" ? Number(tokens[j].text) : null;
    const upper = range ? n2 : n1;
    if (upper === null) out.push(`the variable-length pattern at ${at(t)} has no upper bound: give it one (*1..4)`);
    else if (upper >= DEEP)
      out.push(
        `the variable-length pattern at ${at(t)} goes ${upper} steps deep: each step multiplies the paths, try *1..4`,
      );
  });
  // MATCH (a), (b): patterns with no variable in common make every pair.
  tokens.forEach((t, i) => {
    if (!clause(tokens, i, "MATCH")) return;
    const patterns: Set<string>[] = [new Set()];
    let k = i + 1;
    for (; k < tokens.length; k++) {
      const u = tokens[k];
      if (depth[k] === depth[i] && CLAUSES.some((c) => clause(tokens, k, c))) break;
      if (depth[k] === depth[i] && u.text === "," && u.kind === "punct") patterns.push(new Set());
      else if (isName(u) && ["(", "["].includes(tokens[k - 1]?.text ?? "") && tokens[k - 1].kind === "punct")
        patterns[patterns.length - 1].add(u.text);
    }
    for (let a = 1; a < patterns.length; a++) {
      const before = new Set(patterns.slice(0, a).flatMap((s) => [...s]));
      if (![...patterns[a]].some((v) => before.has(v))) {
        out.push(
          `the MATCH at ${at(t)} has patterns with no variable in common, so every combination is built: join them or filter each`,
        );
        break;
      }
    }
  });
  // UNWIND range(a, b) with a large literal span.
  tokens.forEach((t, i) => {
    if (!clause(tokens, i, "UNWIND") || !word(tokens[i + 1], "RANGE") || tokens[i + 2]?.text !== "(") return;
    const a = tokens[i + 3];
    const b = tokens[i + 5];
    if (a?.kind === "number" && tokens[i + 4]?.text === "," && b?.kind === "number") {
      const n = Number(b.text) - Number(a.text) + 1;
      if (n > 100_000) out.push(`UNWIND range at ${at(t)} builds ${n.toLocaleString("en")} rows before anything else`);
    }
  });
  // LIMIT helps where rows are listed, not where they are counted or summed into a few.
  let last = -1;
  tokens.forEach((_, i) => {
    if (clause(tokens, i, "RETURN")) last = i;
  });
  const aggregates =
    last >= 0 &&
    tokens.slice(last).some((t, k, rest) => AGGREGATES.includes(t.text.toUpperCase()) && rest[k + 1]?.text === "(");
  const limited = tokens.some((_, i) => clause(tokens, i, "LIMIT"));
  if (last >= 0 && !aggregates && !limited && out.length) out.push("add LIMIT to see the first rows");
  return out;
}

/** Stored date properties, each with the property holding its precision. */
const DATE_PROPERTIES = ["founded", "dissolved", "since", "until", "published", "date", "endDate"];
const HIDDEN = "__faultlines_precision_";

export interface DateColumn {
  /** The column the query returns the stored date under. */
  column: string;
  /** The extra column the rewritten query returns its precision under. */
  precision: string;
}

/**
 * The query with its final RETURN also returning the precision of every stored date it returns as `v.prop` (as
 * extra columns), or null when there is none or the text is not one this can safely extend (UNION, RETURN *).
 */
export function withDatePrecision(query: string): { query: string; dates: DateColumn[] } | null {
  const tokens = cypherTokens(query);
  if (tokens.some((t, i) => clause(tokens, i, "UNION"))) return null;
  const depth = depths(tokens);
  let r = -1;
  tokens.forEach((_, i) => {
    if (depth[i] === 0 && clause(tokens, i, "RETURN")) r = i;
  });
  if (r < 0) return null;
  let start = r + 1;
  if (word(tokens[start], "DISTINCT")) start++;
  let end = start;
  while (
    end < tokens.length &&
    !(depth[end] === 0 && (["ORDER", "SKIP", "LIMIT"].some((c) => clause(tokens, end, c)) || tokens[end].text === ";"))
  )
    end++;
  // Items split at commas outside brackets.
  const items: Token[][] = [[]];
  for (let k = start; k < end; k++) {
    if (depth[k] === 0 && tokens[k].text === "," && tokens[k].kind === "punct") items.push([]);
    else items[items.length - 1].push(tokens[k]);
  }
  if (items.some((it) => it.length === 1 && it[0].text === "*")) return null;
  const dates: DateColumn[] = [];
  const extra: string[] = [];
  for (const it of items) {
    const plain = it.length === 3 || (it.length === 5 && word(it[3], "AS") && isName(it[4]));
    if (!plain || !isName(it[0]) || it[1].text !== "." || !isName(it[2])) continue;
    if (!DATE_PROPERTIES.includes(it[2].text)) continue;
    const precision = `${HIDDEN}${dates.length}`;
    const v = it[0].kind === "quoted" ? `\`${it[0].text.replace(/`/g, "``")}\`` : it[0].text;
    dates.push({ column: it.length === 5 ? it[4].text : `${it[0].text}.${it[2].text}`, precision });
    extra.push(`${v}.${it[2].text}Precision AS ${precision}`);
  }
  if (!dates.length) return null;
  // Inserted before what ends the items (ORDER BY, SKIP, LIMIT, ;) or after the last item's last token.
  let at: number;
  if (end < tokens.length) at = tokens[end].offset;
  else {
    const last = tokens[end - 1];
    const raw = last.kind === "quoted" ? /`(?:[^`]|``)*`?/y : null;
    if (raw) raw.lastIndex = last.offset;
    at = last.offset + (raw ? (raw.exec(query)?.[0].length ?? last.text.length) : last.text.length);
  }
  const insert = `, ${extra.join(", ")} `;
  return { query: `${query.slice(0, at)}${insert}${query.slice(at)}`, dates };
}

/** Rows with each stored date written at its precision ("1998", "2011-10") and the precision columns dropped. */
export function applyDatePrecision(
  columns: string[],
  rows: Record<string, unknown>[],
  dates: DateColumn[],
): { columns: string[]; rows: Record<string, unknown>[] } {
  const hidden = new Set(dates.map((d) => d.precision));
  const shown = columns.filter((c) => !hidden.has(c));
  return {
    columns: shown,
    rows: rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const c of shown) out[c] = row[c];
      for (const d of dates) {
        const v = row[d.column];
        const p = row[d.precision];
        if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && typeof p === "string")
          out[d.column] = fromStoredDate(v, p);
      }
      return out;
    }),
  };
}

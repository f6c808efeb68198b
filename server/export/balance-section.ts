// The report's "Structural balance" section, from the analytics module's summary of the signed network at the
// export's date. Kept apart so the report renders even if the analysis fails on an odd graph (it says so instead).
import Graph from "graphology";
import { summarizeForReport } from "../analytics/index.js";
import { plural } from "../domain/index.js";
import type { SerializedGraph } from "../services/graph.js";
import type { ReportSection } from "./report.js";

const pct = (x: number | null) => (x === null ? "n/a (no closed triads)" : `${Math.round(x * 1000) / 10}%`);

/**
 * The largest subgraph the section analyses: brokers (betweenness) cost actors x ties, and 20k actors with 60k ties
 * took 137 s on a busy machine. The report says so above it.
 */
export const BALANCE_MAX_ACTORS = 2_000;
export const BALANCE_MAX_TIES = 20_000;

export function structuralBalanceSection(graph: SerializedGraph): ReportSection | null {
  if (graph.nodes.length < 3) return null;
  if (graph.nodes.length > BALANCE_MAX_ACTORS || graph.edges.length > BALANCE_MAX_TIES) {
    return {
      title: "Structural balance",
      paragraphs: [
        `Not computed for a subgraph of ${graph.nodes.length} actors and ${graph.edges.length} ties (at most ${BALANCE_MAX_ACTORS} actors and ${BALANCE_MAX_TIES} ties): export a narrower graph for this analysis.`,
      ],
    };
  }
  try {
    const g = Graph.from(graph as never);
    const at = typeof graph.attributes.at === "string" ? graph.attributes.at : undefined;
    const s = summarizeForReport(g, at);
    const paragraphs = [
      `Signed network as of ${s.at}: ${plural(s.actors, "actor")}, ${plural(s.ties.total, "signed tie")} (${s.ties.positive} positive: alliance, affiliation, membership, pledge, support; ${s.ties.negative} negative: rivalry, clashes).`,
      `${plural(s.balance.triads, "closed triad")}; balanced (strong sense): ${pct(s.balance.balancedShare)}; without "two friends of one actor are enemies" (weak sense): ${pct(s.balance.weaklyBalancedShare)}; unbalanced triads: ${s.balance.unbalanced}.`,
    ];
    if (s.blocs.length) {
      paragraphs.push(
        `Blocs minimising frustration (${s.frustration.method}): ${s.blocs.map((b) => `{${b.members.map((m) => m.label).join(", ")}}`).join(" vs ")}; ${plural(s.frustration.ties, "tie")} cut across them.`,
      );
    }
    if (s.brokers.length) {
      paragraphs.push(
        `Brokers (betweenness): ${s.brokers.map((b) => `${b.label} (${Math.round(b.betweenness * 1000) / 1000})`).join(", ")}.`,
      );
    }
    return {
      title: "Structural balance",
      paragraphs,
      ...(s.tensions.length
        ? {
            table: {
              header: ["Tension", "Pattern"],
              rows: s.tensions.map((t) => [t.text, t.pattern === "++-" ? "+ + −" : "− − −"]),
            },
          }
        : {}),
    };
  } catch (err) {
    return { title: "Structural balance", paragraphs: [`Not computed for this subgraph: ${(err as Error).message}`] };
  }
}

// Signed-network analytics (issue 7): balance, blocs, brokers, communities, change between dates, report summary.
export * from "./balance.js";
export * from "./blocs.js";
export * from "./centrality.js";
export * from "./diff.js";
export * from "./report.js";
export * from "./series.js";
export * from "./signed-network.js";
export { createRng } from "./guard.js";

// Types for @neo4j-cypher/codemirror: the package ships them under src/, which its "exports" map does not expose.
declare module "@neo4j-cypher/codemirror" {
  export function createCypherEditor(parent: Element | DocumentFragment, options: Record<string, unknown>): unknown;
}

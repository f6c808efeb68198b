// What each dataset layout's header looks like, so that a file given under the wrong --format is named for what it
// is ("it looks like a UCDP GED file: use --format ucdp-ged") instead of only listing missing columns.

export interface KnownLayout {
  /** The --format that reads it (absent: a layout we recognise but do not import). */
  format?: string;
  name: string;
  /** Columns that together identify the layout. */
  columns: readonly string[];
}

export const KNOWN_LAYOUTS: readonly KnownLayout[] = [
  { format: "acled", name: "an ACLED export", columns: ["event_id_cnty", "event_date", "actor1"] },
  { format: "ucdp-ged", name: "a UCDP GED file", columns: ["relid", "date_start", "side_a", "side_b"] },
  { format: "ucdp-actors", name: "a UCDP Actor Dataset file", columns: ["ActorId", "NameData"] },
  {
    format: "ucdp-nonstate",
    name: "a UCDP Non-State Conflict Dataset file",
    columns: ["sideaname", "sidebname", "year"],
  },
  {
    name: "a UCDP/PRIO Armed Conflict Dataset file",
    columns: ["conflict_id", "side_a", "side_b", "year", "intensity_level"],
  },
  { format: "sheet-relationships", name: "a relationships spreadsheet", columns: ["from", "to", "type"] },
  { format: "sheet-actors", name: "an actors spreadsheet", columns: ["name", "kind"] },
  { format: "sheet-actors", name: "an actors spreadsheet (Kumu elements)", columns: ["label", "type"] },
];

/** The known layout a header matches, other than `except` (the format the file was given as). */
export function recogniseLayout(columns: readonly string[], except?: string): KnownLayout | undefined {
  const have = new Set(columns.map((c) => c.trim().toLowerCase()));
  return KNOWN_LAYOUTS.find((l) => l.format !== except && l.columns.every((c) => have.has(c.toLowerCase())));
}

/** "an ACLED", "a UCDP GED": the article a format's display name takes (ACLED is read letter by letter: "ay"). */
export function withArticle(name: string): string {
  return /^(?:[AEFHILMNORSX](?:[A-Z]|$)|[aeiou])/.test(name) ? `an ${name}` : `a ${name}`;
}

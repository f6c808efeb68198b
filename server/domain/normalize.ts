// Name normalisation shared by search and every importer's alias resolver: case, accents, punctuation, spacing.

/** "État islamique au Sahel" -> "etat islamique au sahel"; "Al-Mourabitoun" -> "al mourabitoun". */
export function normalizeName(value: string): string {
  let out = normalized.get(value);
  if (out === undefined) {
    out = value
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/['’‘`ʿʾ]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
    // Memoised: importers normalise the same few thousand names and places on every row of a 100k-row file.
    if (normalized.size >= MEMO_LIMIT) normalized.clear();
    normalized.set(value, out);
  }
  return out;
}
const normalized = new Map<string, string>();
const MEMO_LIMIT = 50_000;

/** A stable slug for ids: "Ansar Dine" -> "ansar-dine". */
export function slugify(value: string): string {
  return normalizeName(value).replace(/\s+/g, "-");
}

// Name normalisation shared by search and every importer's alias resolver: case, accents, punctuation, spacing.

/** "État islamique au Sahel" -> "etat islamique au sahel"; "Al-Mourabitoun" -> "al mourabitoun". */
export function normalizeName(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’‘`ʿʾ]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A stable slug for ids: "Ansar Dine" -> "ansar-dine". */
export function slugify(value: string): string {
  return normalizeName(value).replace(/\s+/g, "-");
}

// The name forms one matcher understands, shared by the importers' resolver (exact forms only: an import never
// guesses) and search (which also ranks typos). Beyond normalizeName (case, accents, punctuation):
// - spellings of one word: Qaida / Qaeda / Qa'ida / Qaïda / Qaidah; Mujahideen / Mujahidin; Muslimin / Muslimeen;
// - word order and the little words: "Islamic State in the Greater Sahara" = "Greater Sahara Islamic State",
//   "al-Qa'ida in the Lands of the Islamic Maghreb" = "Al-Qaïda au Maghreb islamique" = "Al Qaeda in the Islamic
//   Maghreb" (articles, prepositions, "lands of"/"bilad" dropped; a few French words read in English);
// - typos, for search only: Damerau-Levenshtein over the compact form ("JNMI", "Ansar Dinne"), never for short
//   queries, so that `MAA` does not find JNIM nor `CRA` "democracy".
import { normalizeName } from "../domain/index.js";

/** One spelling per word (after normalizeName). */
const SPELLINGS = new Map<string, string>([
  ["qaeda", "qaida"],
  ["qaedah", "qaida"],
  ["qaidah", "qaida"],
  ["qaida", "qaida"],
  ["kaida", "qaida"],
  ["alqaeda", "qaida"],
  ["alqaida", "qaida"],
  ["mujahidin", "mujahideen"],
  ["mujahedin", "mujahideen"],
  ["mujahedeen", "mujahideen"],
  ["muslimeen", "muslimin"],
  ["moslimin", "muslimin"],
  ["jamaat", "jamaat"],
  ["jamaah", "jamaat"],
  ["jamaa", "jamaat"],
  ["jamaatu", "jamaat"],
  ["jama", "jamaat"],
  ["nasr", "nusrat"],
  ["nusra", "nusrat"],
  ["maghrib", "maghreb"],
  ["sahil", "sahel"],
  ["azawad", "azawad"],
  ["azaouad", "azawad"],
  ["touareg", "tuareg"],
  ["touaregs", "tuareg"],
  ["tuaregs", "tuareg"],
  ["peul", "fulani"],
  ["peuls", "fulani"],
  ["fulbe", "fulani"],
  // French words of group names, read in English so that a French name meets its translation.
  ["islamique", "islamic"],
  ["etat", "state"],
  ["grand", "greater"],
  ["musulmans", "muslims"],
  ["mouvement", "movement"],
  ["mouvements", "movements"],
  ["groupe", "group"],
  ["soutien", "support"],
  ["armee", "army"],
  ["armees", "armed"],
  ["forces", "forces"],
  ["nationale", "national"],
  ["unite", "unity"],
  ["haut", "high"],
  ["conseil", "council"],
  ["plateforme", "platform"],
  ["afrique", "africa"],
  ["ouest", "west"],
  ["occidentale", "west"],
  ["defense", "defence"],
  ["autodefense", "self defence"],
  ["brigades", "brigade"],
  ["bataillon", "battalion"],
  ["ansarul", "ansar"],
  ["ansaroul", "ansar"],
  ["mulathameen", "mulathamun"],
  ["mulathamin", "mulathamun"],
  ["mourabitoune", "mourabitoun"],
  ["murabitoun", "mourabitoun"],
  ["murabitun", "mourabitoun"],
  ["mourabitoune", "mourabitoun"],
]);

/**
 * Words that say what kind of unit a group is, not which group: dropped from the bag so that "Katibat Macina" meets
 * "Macina", "al-Mulathameen Brigade" meets "al-Mulathameen", "Islamic State West Africa Province" meets ACLED's
 * "Islamic State (West Africa)".
 */
const UNIT_WORDS = new Set([
  "brigade",
  "battalion",
  "katiba",
  "katibat",
  "jamaat",
  "group",
  "province",
  "wilayat",
  "wilaya",
  "organization",
  "organisation",
  "tanzim",
  "faction",
]);

/** Words too common to name a group alone: a one-word bag of one of them is no key. */
const GENERIC_WORDS = new Set([
  "state",
  "islamic",
  "islam",
  "front",
  "movement",
  "force",
  "army",
  "military",
  "government",
  "militia",
  "police",
  "national",
  "coalition",
  "alliance",
  "union",
  "council",
  "people",
  "popular",
  "liberation",
  "jihad",
  "sahel",
  "sahara",
  "africa",
  "west",
  "azawad",
  "mali",
  "niger",
  "nigeria",
  "chad",
  "algeria",
  "burkina",
  "france",
  "unidentified",
  "armed",
  "ethnic",
]);

/** Words that do not tell groups apart: articles and prepositions (English, French, Arabic transliterations). */
const LITTLE_WORDS = new Set([
  "the",
  "of",
  "in",
  "and",
  "for",
  "to",
  "a",
  "an",
  "al",
  "el",
  "ad",
  "ar",
  "as",
  "ash",
  "at",
  "an",
  "de",
  "du",
  "des",
  "d",
  "la",
  "le",
  "les",
  "l",
  "au",
  "aux",
  "et",
  "en",
  "dans",
  "pour",
  "wal",
  "wa",
  "fi",
  "li",
  "lil",
  "lands",
  "bilad",
  "ul",
  "ol",
]);

/** The words of a name, each in its one spelling, little words dropped. */
export function nameWords(name: string): string[] {
  const out: string[] = [];
  // French elisions stay two words ("d'autodéfense", "l'Azawad"): normalizeName would glue them.
  for (const w of normalizeName(name.replace(/\b([dlDL])['’]/g, "$1 ")).split(" ")) {
    if (!w) continue;
    const spelled = SPELLINGS.get(w) ?? w;
    for (const part of spelled.split(" ")) if (!LITTLE_WORDS.has(part)) out.push(singular(part));
  }
  return out;
}

/** "Sentinels" -> "sentinel", "Muslims" -> "muslim": a plain plural s on words of five letters or more. */
function singular(word: string): string {
  return word.length >= 5 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

/**
 * The word-bag key of a name: its words in one spelling and in the singular, sorted, little words and unit words
 * dropped. A one-word bag counts only for a distinctive word of five letters or more: "state" or "front" alone would
 * make every name with that word a match.
 */
export function bagKey(name: string): string | null {
  const words = [...new Set(nameWords(name).filter((w) => !UNIT_WORDS.has(w)))].sort();
  if (words.length === 1) return words[0].length >= 5 && !GENERIC_WORDS.has(words[0]) ? words[0] : null;
  return words.length >= 2 ? words.join(" ") : null;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), stopping above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length][b.length];
}

/** How many typos a query of this many letters may carry: none under 4, one up to 7, two from 8. */
export function typoBudget(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}

/** Shortest query that may match inside a word (below it, only whole words and word starts match). */
export const MIN_INFIX = 5;

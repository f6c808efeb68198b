// Builds the place hierarchy events point to: country ⊃ admin-1 ⊃ admin-2 ⊃ admin-3 ⊃ location, with slug ids
// namespaced by country ("mli-gao-ansongo-i-n-tilelt"). The same id always gets the same record (first sighting wins),
// places already in the store are reused as they are, and a curated country place (kind country, same ISO3) is reused.
// The builder is given the stored countries only: the other places are looked up by id as they are met (looked-up.ts).
import type { Place, PlaceKind } from "../domain/index.js";
import { safeSlug as slugify } from "./ids.js";
import type { Country } from "./countries.js";
import { lookedUp } from "./looked-up.js";

const SUFFIXES: [RegExp, PlaceKind][] = [
  [/\s+(region|province|governorate|state|oblast|division|prefecture)$/i, "region"],
  [/\s+(cercle)$/i, "cercle"],
  [/\s+(commune|municipality)$/i, "commune"],
  [/\s+(department|district|county|subprefecture|sub-prefecture|area)$/i, "other"],
  [/\s+(town|city)$/i, "town"],
  [/\s+(village|settlement|hamlet)$/i, "village"],
];

/** "Gao region" -> {name "Gao", kind "region"}; names without a type word come back unchanged. */
export function splitPlaceName(raw: string): { name: string; kind?: PlaceKind } {
  const text = raw.trim().replace(/\s+/g, " ");
  for (const [re, kind] of SUFFIXES) {
    if (re.test(text)) {
      const name = text.replace(re, "").trim();
      if (name) return { name, kind };
    }
  }
  return { name: text };
}

export interface PlaceInput {
  country?: Country;
  countryName: string;
  /** Admin levels from 1 down; empty entries are skipped. */
  admin: string[];
  leaf?: { name: string; lat?: number; lon?: number; kind?: PlaceKind };
}

const ADMIN_KIND: Record<number, PlaceKind> = { 1: "region", 2: "other", 3: "commune" };

/** `storedCountries`: the store's country places (Store.readCountries). */
export function createPlaceBuilder(storedCountries: readonly Place[]) {
  const curatedCountry = new Map(
    storedCountries.filter((p) => p.kind === "country" && p.country).map((p) => [p.country!, p.id]),
  );
  const records = lookedUp<Place>(storedCountries.map((p) => p.id));
  const ensure = records.ensure;

  function countryId(input: PlaceInput): string | undefined {
    const iso = input.country?.iso3;
    if (iso && curatedCountry.has(iso)) return curatedCountry.get(iso);
    const name = input.country?.name ?? input.countryName.trim();
    if (!name) return undefined;
    const id = iso ? iso.toLowerCase() : slugify(name);
    if (!id) return undefined;
    return ensure({ id, name, kind: "country", ...(iso ? { country: iso } : {}) });
  }

  return {
    /** The id of the deepest place described (creating the chain as needed), or undefined when nothing is known. */
    place(input: PlaceInput): string | undefined {
      const iso = input.country?.iso3;
      const root = countryId(input);
      let parent = root;
      let prefix = iso ? iso.toLowerCase() : root;
      let level = 0;
      for (const raw of input.admin) {
        level++;
        if (!raw.trim()) continue;
        const { name, kind } = splitPlaceName(raw);
        const slug = slugify(name);
        if (!slug) continue;
        const id = prefix ? `${prefix}-${slug}` : slug;
        const k = kind ?? (level === 2 && iso === "MLI" ? "cercle" : (ADMIN_KIND[level] ?? "other"));
        parent = ensure({ id, name, kind: k, ...(parent ? { parent } : {}), ...(iso ? { country: iso } : {}) });
        prefix = id;
      }
      if (input.leaf && input.leaf.name.trim()) {
        const { name, kind } = splitPlaceName(input.leaf.name);
        const slug = slugify(name);
        if (slug) {
          const id = prefix ? `${prefix}-${slug}` : slug;
          // A location named like its own admin unit (the town of Gao in the Gao cercle) gets its own id suffix.
          const leafId = id === parent ? `${id}-site` : id;
          const { lat, lon } = input.leaf;
          return ensure({
            id: leafId,
            name,
            kind: input.leaf.kind ?? kind ?? "other",
            ...(lat !== undefined && Number.isFinite(lat) && Math.abs(lat) <= 90 ? { lat } : {}),
            ...(lon !== undefined && Number.isFinite(lon) && Math.abs(lon) <= 180 ? { lon } : {}),
            ...(parent ? { parent } : {}),
            ...(iso ? { country: iso } : {}),
          });
        }
      }
      return parent;
    },
    unchecked: records.unchecked,
    checked: records.checked,
    created: records.created,
  };
}

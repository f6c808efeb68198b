// Id helpers for importers: slugs that always satisfy IdSchema (ASCII only, never empty), and short stable hashes.
import { createHash } from "node:crypto";
import { slugify } from "../domain/index.js";

export function shortHash(text: string, length = 8): string {
  return createHash("sha1").update(text).digest("hex").slice(0, length);
}

/** slugify, then ASCII only; a name with no ASCII letters (Arabic script) falls back to a hash of itself. */
export function safeSlug(text: string, maxLength = 80): string {
  const key = maxLength === 80 ? text : `${maxLength}|${text}`;
  let out = slugs.get(key);
  if (out === undefined) {
    // Memoised: a 100k-row file names the same few thousand places and outlets again and again.
    if (slugs.size >= 50_000) slugs.clear();
    slugs.set(key, (out = computeSlug(text, maxLength)));
  }
  return out;
}
const slugs = new Map<string, string>();

function computeSlug(text: string, maxLength: number): string {
  const s = slugify(text)
    .replace(/[^a-z0-9-]+/g, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (!s) return `h${shortHash(text)}`;
  if (s.length <= maxLength) return s;
  return `${s.slice(0, maxLength - 9).replace(/-$/, "")}-${shortHash(text)}`;
}

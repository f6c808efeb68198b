// Id helpers for importers: slugs that always satisfy IdSchema (ASCII only, never empty), and short stable hashes.
import { createHash } from "node:crypto";
import { slugify } from "../domain/index.js";

export function shortHash(text: string, length = 8): string {
  return createHash("sha1").update(text).digest("hex").slice(0, length);
}

/** slugify, then ASCII only; a name with no ASCII letters (Arabic script) falls back to a hash of itself. */
export function safeSlug(text: string, maxLength = 80): string {
  const s = slugify(text)
    .replace(/[^a-z0-9-]+/g, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (!s) return `h${shortHash(text)}`;
  if (s.length <= maxLength) return s;
  return `${s.slice(0, maxLength - 9).replace(/-$/, "")}-${shortHash(text)}`;
}

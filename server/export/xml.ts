// XML text and attribute escaping shared by the GEXF, GraphML and SVG writers.
// Data is hostile by assumption: quotes, ampersands, angle brackets and characters XML 1.0 forbids all occur in names.

/** Characters XML 1.0 does not allow at all (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const XML_FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters that cannot appear in an XML 1.0 document with U+FFFD (they cannot even be escaped). */
export function toXmlChars(value: string): string {
  return value.replace(XML_FORBIDDEN, "\uFFFD");
}

/** Escapes element text. `>` is escaped too so `]]>` can never appear. */
export function escapeXmlText(value: unknown): string {
  return toXmlChars(String(value)).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes an attribute value (double-quoted); tab, LF and CR become references so attribute normalisation keeps them. */
export function escapeXmlAttr(value: unknown): string {
  return escapeXmlText(value)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** `name="value"` pairs for defined values, in the given order. */
export function xmlAttrs(attrs: Record<string, string | number | boolean | undefined | null>): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(v)}"`)
    .join("");
}

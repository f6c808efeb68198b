// Workbench results as text for the command line: an aligned table, CSV (formula cells neutralised) or JSON; and
// `--param k=v` values read as JSON when they are JSON, as text otherwise.

/** A cell as text: strings as they are, null as empty, everything else as compact JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Spreadsheets run cells starting with = + - @ (or a tab/CR) as formulas; a leading ' keeps them text. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(text: string): string {
  const safe = neutraliseFormula(text);
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(row[c]))).join(","));
  return lines.join("\r\n") + "\r\n";
}

export function toTable(columns: string[], rows: Record<string, unknown>[], maxWidth = 60): string {
  const clip = (s: string) => {
    const flat = s.replace(/\s+/g, " ");
    return flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
  };
  const cells = rows.map((r) => columns.map((c) => clip(cellText(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join(" | ")
      .trimEnd();
  return [line(columns), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map(line)].join("\n");
}

/** `k=v`: v as JSON when it parses (numbers, booleans, lists, "quoted"), else the text itself. */
export function parseParamArg(arg: string): [string, unknown] {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new Error(`--param expects name=value, got '${arg}'`);
  const name = arg.slice(0, eq).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`--param: '${name}' is not a parameter name`);
  const raw = arg.slice(eq + 1);
  try {
    return [name, JSON.parse(raw)];
  } catch {
    return [name, raw];
  }
}

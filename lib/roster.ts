import { parse } from "csv-parse/sync";
import { displayNameSchema, newPasswordSchema, usernameSchema } from "./validation";

export const ROSTER_MAX_ROWS = 500;
export const ROSTER_MAX_BYTES = 256 * 1024;

export type RosterRow = { line: number; displayName: string; username: string; password?: string };
export type RosterProblem = { line?: number; message: string };
export type RosterParse = { ok: true; rows: RosterRow[] } | { ok: false; problems: RosterProblem[] };

const HEADERS = {
  displayName: ["display name", "displayname", "name", "full name", "student"],
  username: ["username", "user name", "login"],
  password: ["password"],
};

/**
 * Reads a roster CSV (a header row naming "display name", "username" and optionally "password"), and
 * checks every row. All problems are reported at once, each with its line number in the file; one bad
 * row refuses the whole file, so nothing is ever half-imported.
 */
export function parseRoster(text: string): RosterParse {
  if (text.length > ROSTER_MAX_BYTES) return { ok: false, problems: [{ message: `The file is too large (more than ${ROSTER_MAX_BYTES / 1024} KB).` }] };
  if (/\u0000/.test(text)) return { ok: false, problems: [{ message: "This is not a CSV text file. Save the roster from your spreadsheet as CSV (UTF-8)." }] };
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // `info` gives each record's line in the file, so problems point at the right line even after blank
    // lines or a quoted field that spans several.
    parsed = parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as typeof parsed;
  } catch (error) {
    return { ok: false, problems: [{ message: `This is not valid CSV: ${(error as Error).message.split("\n")[0]}` }] };
  }
  const header = parsed[0]?.record;
  const body = parsed.slice(1);
  if (!header) return { ok: false, problems: [{ message: "The file is empty." }] };
  const column = (names: string[]) => header.findIndex((h) => names.includes(h.toLowerCase().trim()));
  const cols = { displayName: column(HEADERS.displayName), username: column(HEADERS.username), password: column(HEADERS.password) };
  const missing = [cols.displayName < 0 && '"display name"', cols.username < 0 && '"username"'].filter(Boolean);
  if (missing.length) {
    return { ok: false, problems: [{ line: 1, message: `The header row needs the column${missing.length > 1 ? "s" : ""} ${missing.join(" and ")} (found: ${header.join(", ") || "nothing"}).` }] };
  }
  if (body.length === 0) return { ok: false, problems: [{ message: "The file has a header row but no students." }] };
  if (body.length > ROSTER_MAX_ROWS) return { ok: false, problems: [{ message: `Too many rows: ${body.length}. Import at most ${ROSTER_MAX_ROWS} students at a time.` }] };

  const problems: RosterProblem[] = [];
  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  body.forEach(({ record, info }) => {
    const line = info.lines;
    const check = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: string | undefined) => {
      const result = schema.safeParse(value ?? "");
      if (!result.success) problems.push({ line, message: result.error.issues[0]?.message ?? "Invalid value." });
      return result.success ? result.data : undefined;
    };
    const displayName = check(displayNameSchema, record[cols.displayName]);
    const username = check(usernameSchema, record[cols.username]);
    const rawPassword = cols.password >= 0 ? record[cols.password] : undefined;
    const password = rawPassword ? check(newPasswordSchema, rawPassword) : undefined;
    if (username) {
      const first = seen.get(username);
      if (first) problems.push({ line, message: `The username "${username}" is also on line ${first}.` });
      else seen.set(username, line);
    }
    if (displayName && username) rows.push({ line, displayName, username, ...(password ? { password } : {}) });
  });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}

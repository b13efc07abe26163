import { parse } from "csv-parse/sync";
import { displayNameSchema, newPasswordSchema, usernameSchema } from "./validation";

export const ROSTER_MAX_ROWS = 500;
export const ROSTER_MAX_BYTES = 256 * 1024;

/** Where a row's username came from: its own column, the email's part before "@", or the student ID. */
export type UsernameSource = "username" | "email" | "student id";
export type RosterRow = { line: number; displayName: string; username: string; usernameFrom: UsernameSource; password?: string };
/** `text`: the line as the file has it (its cells joined by commas), so a problem can be matched to the line. */
export type RosterProblem = { line?: number; message: string; text?: string };
export type RosterParse = { ok: true; rows: RosterRow[] } | { ok: false; problems: RosterProblem[] };

/*
 * The columns a roster may have, by their header, compared in lower case with "_", "-" and "." read as spaces:
 * Colloquy's own `display name,username[,password]`, and what school systems (SIS) export: first and last name,
 * email, student ID, in any order.
 */
const HEADERS = {
  displayName: ["display name", "displayname", "name", "full name", "student name", "student"],
  firstName: ["first name", "firstname", "first", "given name", "givenname", "forename", "given names"],
  lastName: ["last name", "lastname", "last", "surname", "family name", "familyname"],
  username: ["username", "user name", "login"],
  email: ["email", "e mail", "email address", "e mail address", "mail", "student email"],
  studentId: ["student id", "studentid", "student number", "student no", "student id number", "id", "id number", "sis id"],
  password: ["password"],
};
type Column = keyof typeof HEADERS;

export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[_\-.]+/g, " ")
    .replace(/[^a-z0-9 ]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** How a username is made, as the import page states it: the first of these the row has, in lower case. */
export const USERNAME_RULE =
  "the row's username if the file has a username column; otherwise the part of the email before the @; otherwise the student ID; in lower case";

/**
 * Reads a roster CSV and checks every row. The header row names the columns: a name (display name, or first
 * and last name), something to make the username from (username, email or student ID; see USERNAME_RULE) and
 * optionally a password. All problems are reported at once, each with its line number in the file; one bad
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
  const names = header.map(normaliseHeader);
  const cols = Object.fromEntries(Object.entries(HEADERS).map(([key, variants]) => [key, names.findIndex((h) => variants.includes(h))])) as Record<Column, number>;
  const hasName = cols.displayName >= 0 || cols.firstName >= 0 || cols.lastName >= 0;
  const hasUsername = cols.username >= 0 || cols.email >= 0 || cols.studentId >= 0;
  const missing = [
    !hasName && 'one for names ("display name", or "first name" and "last name")',
    !hasUsername && 'one to make usernames from ("username", "email" or "student ID")',
  ].filter(Boolean);
  if (missing.length) {
    return {
      ok: false,
      problems: [{ line: 1, message: `The header row needs ${missing.length > 1 ? "columns" : "a column"}: ${missing.join(", and ")} (found: ${header.join(", ") || "nothing"}).` }],
    };
  }
  if (body.length === 0) return { ok: false, problems: [{ message: "The file has a header row but no students." }] };
  if (body.length > ROSTER_MAX_ROWS) return { ok: false, problems: [{ message: `Too many rows: ${body.length}. Import at most ${ROSTER_MAX_ROWS} students at a time.` }] };

  const problems: RosterProblem[] = [];
  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  body.forEach(({ record, info }) => {
    const line = info.lines;
    const lineText = record.join(",");
    const report = (message: string) => problems.push({ line, message, text: lineText });
    const cell = (column: Column) => (cols[column] >= 0 ? (record[cols[column]] ?? "").trim() : "");
    const check = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: string, prefix = "") => {
      const result = schema.safeParse(value);
      if (!result.success) report(`${prefix}${result.error.issues[0]?.message ?? "Invalid value."}`);
      return result.success ? result.data : undefined;
    };
    const displayName = check(displayNameSchema, cell("displayName") || [cell("firstName"), cell("lastName")].filter(Boolean).join(" "));

    const email = cell("email");
    if (email && !EMAIL.test(email)) report(`"${email}" is not an email address.`);
    const source: { from: UsernameSource; value: string } | undefined = cell("username")
      ? { from: "username", value: cell("username") }
      : email
        ? { from: "email", value: EMAIL.test(email) ? email.slice(0, email.lastIndexOf("@")) : "" }
        : cell("studentId")
          ? { from: "student id", value: cell("studentId") }
          : undefined;
    let username: string | undefined;
    // With only a username column, an empty one gets today's message (the username's own rule).
    if (!source && cols.email < 0 && cols.studentId < 0) check(usernameSchema, "");
    else if (!source) report(`Enter ${cols.username >= 0 ? "a username, " : "an "}${cols.email >= 0 && cols.studentId >= 0 ? "email or a student ID" : cols.email >= 0 ? "email" : "student ID"}: the username is made from it.`);
    else if (source.value) username = check(usernameSchema, source.value, source.from === "username" ? "" : `The username made from the ${source.from} ("${source.value.toLowerCase()}") does not work. `);
    const rawPassword = cell("password");
    const password = rawPassword ? check(newPasswordSchema, rawPassword) : undefined;
    if (username) {
      const first = seen.get(username);
      if (first) report(`The username "${username}" is also on line ${first}.`);
      else seen.set(username, line);
    }
    if (displayName && username && source) rows.push({ line, displayName, username, usernameFrom: source.from, ...(password ? { password } : {}) });
  });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}

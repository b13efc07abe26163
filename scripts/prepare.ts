/*
 * Run by `npm start` and `npm run dev` before the server: applies migrations, seeds the demo into an empty
 * database unless COLLOQUY_DEMO=off, and says how to sign in.
 */
import { hashPassword } from "../lib/auth/password";
import { seedDemo, DEMO_PASSWORD } from "../db/seed";
import { applyMigrations, databasePath, openDatabase } from "../db/open";
import { isSetupOpen } from "../db/queries/users";
import { formatContentError, loadLessons } from "../lib/content/load";
import { formatJoinCode } from "../lib/join-code";

async function main() {
  if (process.env.DATABASE_URL) {
    // Set for PostgreSQL, which the app cannot use yet (issue 13): say so rather than quietly serve SQLite.
    console.error(
      "DATABASE_URL is set, but Colloquy does not run on PostgreSQL yet: it keeps its data in SQLite (DATABASE_PATH).\n" +
        "Unset DATABASE_URL to start on SQLite; docs/deploy.md says what exists for PostgreSQL (npm run db:copy).",
    );
    process.exit(1);
  }
  const url = process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`;
  const demo = (process.env.COLLOQUY_DEMO ?? "on").toLowerCase() !== "off";

  const db = openDatabase();
  applyMigrations(db);
  console.log(`Database: ${databasePath()}`);

  if (demo) {
    const { lessons, errors } = loadLessons();
    if (errors.length > 0) throw new Error(`The lessons are invalid:\n${errors.map(formatContentError).join("\n")}`);
    const lesson = lessons.find((l) => l.id === "north-korea-legacy") ?? lessons[0];
    const logins = seedDemo(db, lesson, await hashPassword(DEMO_PASSWORD));
    if (logins) {
      console.log(
        [
          "",
          "Demo mode (set COLLOQUY_DEMO=off for a real deployment). Demo logins, password for all:",
          `  password:    ${logins.password}`,
          `  instructor:  ${logins.instructor}`,
          `  students:    ${logins.students.join(", ")}`,
          `  class:       ${logins.className} (join code ${formatJoinCode(logins.joinCode)})`,
          "",
        ].join("\n"),
      );
    } else {
      console.log("Demo mode is on, but this database already has its own accounts: no demo data was added.");
    }
  } else if (isSetupOpen(db)) {
    console.log(`\nNo instructor yet: open ${url}/setup to create the first one.\n`);
  }
  if (!process.env.NEXTAUTH_URL) {
    console.log(`Serving at ${url}, and at this machine's network address for other devices (e.g. http://192.168.1.20:${process.env.PORT || 3000}): links follow the address each person opened.`);
  }
  db.$client.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

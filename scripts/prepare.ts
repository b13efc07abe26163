/*
 * Run by `npm start` and `npm run dev` before the server: applies migrations, seeds the demo into an empty
 * database unless COLLOQUY_DEMO=off, and says how to sign in.
 */
import { seedDemo } from "../db/seed";
import { applyMigrations, databasePath, openDatabase } from "../db/open";
import { isSetupOpen } from "../db/queries/users";
import { loadLessons } from "../lib/content/load";
import { formatJoinCode } from "../lib/join-code";

const url = process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`;
const demo = (process.env.COLLOQUY_DEMO ?? "on").toLowerCase() !== "off";

async function main() {
const db = openDatabase();
applyMigrations(db);
console.log(`Database: ${databasePath()}`);

if (demo) {
  const lesson = loadLessons().lessons.find((l) => l.id === "north-korea-legacy") ?? loadLessons().lessons[0];
  const logins = await seedDemo(db, lesson);
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
db.$client.close();
}

void main();

/*
 * Run by `npm start` and `npm run dev` before the server: applies migrations (PostgreSQL's when DATABASE_URL
 * is set, otherwise SQLite's to DATABASE_PATH), seeds the demo into an empty database unless
 * COLLOQUY_DEMO=off, and says how to sign in.
 */
import { hashPassword, verifyPassword } from "../lib/auth/password";
import { openPostgres, sqliteDatabase, type Database } from "../db/database";
import { setupCode } from "../lib/auth/setup-code";
import { EARLIER_DEMO_PASSWORD, newDemoPassword, replaceEarlierDemoPassword, seedDemo } from "../db/seed";
import { applyMigrations, databasePath, openDatabase } from "../db/open";
import { isSetupOpen } from "../db/queries/users";
import { formatContentError, loadLessons } from "../lib/content/load";
import { formatJoinCode } from "../lib/join-code";

async function main() {
  const url = process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`;
  const demo = (process.env.COLLOQUY_DEMO ?? "on").toLowerCase() !== "off";

  const { database, close } = await open();

  if (demo) {
    const { lessons, errors } = loadLessons();
    if (errors.length > 0) throw new Error(`The lessons are invalid:\n${errors.map(formatContentError).join("\n")}`);
    const lesson = lessons.find((l) => l.id === "north-korea-legacy") ?? lessons[0];
    // Hashed before seeding: nothing slow runs inside the seeding transaction. (Used only when this start
    // seeds the demo; otherwise the demo's own password, kept with it, is printed.)
    const plain = newDemoPassword();
    const password = { plain, hash: await hashPassword(plain) };
    const logins = await seedDemo(database, lesson, password);
    if (logins) {
      // A demo from before its password was its own: off the fixed one now.
      logins.password ??= await replaceEarlierDemoPassword(database, password, (hash) => verifyPassword(hash, EARLIER_DEMO_PASSWORD));
      console.log(
        [
          "",
          "Demo mode (set COLLOQUY_DEMO=off for a real deployment). Demo logins, password for all (made up for this database):",
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
  } else if (await isSetupOpen(database)) {
    // The code proves the person at /setup runs this server (lib/auth/setup-code.ts).
    const code = setupCode();
    console.log(`\nNo instructor yet: open ${url}/setup?code=${code} to create the first one (setup code ${code}; only this console shows it).\n`);
  }
  if (!process.env.NEXTAUTH_URL) {
    console.log(`Serving at ${url}, and at this machine's network address for other devices (e.g. http://192.168.1.20:${process.env.PORT || 3000}): links follow the address each person opened.`);
  }
  await close();
}

async function open(): Promise<{ database: Database; close: () => Promise<void> | void }> {
  const postgres = process.env.DATABASE_URL;
  if (postgres) {
    const { db, close } = await openPostgres(postgres, 1);
    const where = new URL(postgres);
    console.log(`Database: PostgreSQL at ${where.host}${where.pathname}`);
    return { database: db, close };
  }
  const db = openDatabase();
  applyMigrations(db);
  console.log(`Database: ${databasePath()}`);
  return {
    database: sqliteDatabase(db),
    close: () => {
      db.$client.close();
    },
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

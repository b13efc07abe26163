/*
 * `npm run db:migrate`: applies the migrations to the app's database: PostgreSQL's (db/migrations-pg) when
 * DATABASE_URL is set, otherwise SQLite's (db/migrations) to the file at DATABASE_PATH (default data/colloquy.db).
 */
import { openPostgres } from "../db/database";
import { applyMigrations, databasePath, openDatabase } from "../db/open";

async function main() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { close } = await openPostgres(url, 1);
    await close();
    console.log(`Database ready: PostgreSQL at ${new URL(url).host}${new URL(url).pathname}`);
    return;
  }
  const db = openDatabase();
  applyMigrations(db);
  db.$client.close();
  console.log(`Database ready: ${databasePath()}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/* `npm run db:migrate`: applies db/migrations to the database at DATABASE_PATH (default data/colloquy.db). */
import { applyMigrations, databasePath, openDatabase } from "../db/open";

const db = openDatabase();
applyMigrations(db);
db.$client.close();
console.log(`Database ready: ${databasePath()}`);

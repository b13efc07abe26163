import "server-only";
import { connectPostgres, sqliteDatabase, type Database } from "./database";
import { openDatabase } from "./open";

const globalForDb = globalThis as unknown as { colloquyDb?: Database };

function open(): Database {
  // PostgreSQL when DATABASE_URL is set (its migrations are applied by `npm start` before the server
  // starts, as SQLite's are); otherwise the SQLite file at DATABASE_PATH.
  const url = process.env.DATABASE_URL;
  return url ? connectPostgres(url, Number(process.env.DATABASE_POOL_SIZE) || 10).db : sqliteDatabase(openDatabase());
}

function connection(): Database {
  // Cached on globalThis so that dev-mode module reloads do not open a new connection on every edit.
  globalForDb.colloquyDb ??= open();
  return globalForDb.colloquyDb;
}

/**
 * The database of this server process, opened on first use (so `next build`, which loads modules without
 * serving anyone, never creates a database file).
 */
export const db: Database = new Proxy({} as Database, {
  get(_target, property) {
    const real = connection();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The connection or a transaction on it: what query functions take, so they compose inside transactions. */
export type Queryable = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

/**
 * What a Queryable runs on, the same object for a connection and every transaction on it (drizzle's
 * transactions share their parent's session). Caches of prepared statements key on this, not on the
 * Queryable: a transaction is a new object each time, so a cache keyed on it would never hit.
 */
export function connectionOf(db: Queryable): object {
  return (db as unknown as { session: object }).session;
}

export function databasePath(): string {
  // Read at run time from the environment; the turbopackIgnore keeps the build from tracing the whole project.
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATABASE_PATH || path.join("data", "colloquy.db"));
}

/**
 * Opens a database file with the pragmas every connection needs. Used by db/client.ts (the app's one
 * connection), by scripts and by tests against their own temporary files.
 */
export function openDatabase(file = databasePath()): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets readers proceed while one writer commits, and keeps each commit a single append.
  sqlite.pragma("journal_mode = WAL");
  // Concurrent writers (a second process, a script) wait for the lock instead of failing at once.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  // Set deliberately, never left to SQLite's default (which differs between the opening that creates the
  // file and later ones). In WAL mode, NORMAL writes every committed transaction into the WAL file before
  // the commit returns, so once an answer is acknowledged it is in the operating system's hands: a killed
  // or crashed server process loses nothing. Only a power cut or kernel crash can lose the last commits;
  // FULL (an fsync per commit) closes that gap at about 30% of write throughput. COLLOQUY_SYNCHRONOUS=FULL
  // chooses it for deployments that want it.
  const synchronous = process.env.COLLOQUY_SYNCHRONOUS === "FULL" ? "FULL" : "NORMAL";
  sqlite.pragma(`synchronous = ${synchronous}`);
  return drizzle(sqlite, { schema });
}

export function migrationsFolder(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.COLLOQUY_ROOT || process.cwd(), "db", "migrations");
}

export function applyMigrations(db: Db): void {
  migrate(db, { migrationsFolder: migrationsFolder() });
}

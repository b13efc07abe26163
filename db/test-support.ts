import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPostgres, sqliteDatabase, type Database, type Dialect } from "./database";
import { applyMigrations, openDatabase, type Db } from "./open";
import { insertUser, type PublicUser } from "./queries/users";
import type { Role } from "./schema";
import { createTestPostgresDatabase } from "./test-postgres";

/** A migrated SQLite database in a temporary file of its own (the raw connection), for tests of SQLite itself. */
export function openSqliteTestFile(): { db: Db; file: string; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-test-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  applyMigrations(db);
  return {
    db,
    file,
    close: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Which database the query tests run on: SQLite, or PostgreSQL in vitest's "postgres" project
 * (COLLOQUY_TEST_DATABASE=postgres, see vitest.config.ts), so one test file checks both.
 */
export function testDialect(): Dialect {
  return process.env.COLLOQUY_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

export type TestDatabase = { db: Database; dialect: Dialect; close: () => Promise<void> };

/** A migrated, empty database of its own for one test file, on the dialect of `testDialect()` unless told. */
export async function openTestDatabase(dialect: Dialect = testDialect()): Promise<TestDatabase> {
  if (dialect === "postgres") {
    const target = await createTestPostgresDatabase();
    const { db, close } = await openPostgres(target.url);
    return { db, dialect, close: async () => (await close(), await target.drop()) };
  }
  const file = openSqliteTestFile();
  return { db: sqliteDatabase(file.db), dialect, close: async () => file.close() };
}

let counter = 0;

/** A user with a throwaway (unusable) password hash: these tests never sign in. */
export function makeUser(db: Database, role: Role, name = `${role}${++counter}`): Promise<PublicUser> {
  return insertUser(db, { username: `${name}-${counter}`.toLowerCase(), displayName: name, passwordHash: "x", role });
}

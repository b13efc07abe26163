import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, openDatabase, type Db } from "./open";
import { insertUser, type PublicUser } from "./queries/users";
import type { Role } from "./schema";

/** A migrated database in a temporary file of its own, for one test file. */
export function openTestDatabase(): { db: Db; file: string; close: () => void } {
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

let counter = 0;

/** A user with a throwaway (unusable) password hash: these tests never sign in. */
export function makeUser(db: Db, role: Role, name = `${role}${++counter}`): PublicUser {
  return insertUser(db, { username: `${name}-${counter}`.toLowerCase(), displayName: name, passwordHash: "x", role });
}

import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/*
 * Backing up and restoring the one SQLite file. `npm run db:backup` and `npm run db:restore` are thin
 * wrappers around these (scripts/backup.ts, scripts/restore.ts); the tests call them directly.
 *
 * A backup is taken with SQLite's online backup API while the server keeps running. It copies every page
 * in a single step: that step reads inside one read transaction, so the copy is exactly the database as
 * of one commit (in WAL mode a reader never blocks the server's writes). Copying in small steps instead
 * would restart from the beginning whenever the server commits in between, and could never finish under
 * steady load.
 */

/** Drizzle's record of applied migrations: a file without it is not a Colloquy database. */
const MIGRATIONS_TABLE = "__drizzle_migrations";

export class BackupError extends Error {}

/** `colloquy-2026-12-01T23-05-12-345Z.db` in a `backups` folder beside the database. */
export function defaultBackupPath(databaseFile: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/:/g, "-").replace(".", "-");
  return path.join(path.dirname(databaseFile), "backups", `colloquy-${stamp}.db`);
}

export type Check = { ok: true; migrations: number } | { ok: false; problem: string };

/** Whether `file` is an intact Colloquy database: integrity_check is ok and it has its migrations table. */
export function checkDatabaseFile(file: string): Check {
  if (!fs.existsSync(file)) return { ok: false, problem: `${file} does not exist.` };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
    const messages = integrity.map((row) => row.integrity_check);
    if (messages.length !== 1 || messages[0] !== "ok") return { ok: false, problem: `integrity_check failed: ${messages.slice(0, 5).join("; ")}` };
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
    if (!table) return { ok: false, problem: `${file} is not a Colloquy database (it has no ${MIGRATIONS_TABLE} table).` };
    const { count } = db.prepare(`SELECT count(*) AS count FROM "${MIGRATIONS_TABLE}"`).get() as { count: number };
    return { ok: true, migrations: count };
  } catch (error) {
    return { ok: false, problem: `${file} cannot be read as an SQLite database: ${(error as Error).message}` };
  } finally {
    db?.close();
  }
}

/**
 * Copies the live database at `source` to `destination` (which must not exist yet), then checks the copy.
 * The copy is written beside the destination under a temporary name and renamed into place only once it
 * has passed integrity_check, so a file with the backup's name is always a whole, checked backup.
 */
export async function backupDatabase(source: string, destination: string): Promise<{ file: string; pages: number; migrations: number }> {
  if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source}.`);
  if (fs.existsSync(destination)) throw new BackupError(`${destination} already exists; choose another name.`);
  fs.mkdirSync(path.dirname(destination), { recursive: true, mode: 0o700 });
  const partial = `${destination}.partial`;
  fs.rmSync(partial, { force: true });

  const db = new Database(source, { fileMustExist: true });
  let pages = 0;
  try {
    db.pragma("busy_timeout = 5000");
    const result = await db.backup(partial, {
      // The first call reports the size; returning "all of them" makes the copy one consistent step.
      progress: ({ totalPages }) => {
        pages = totalPages;
        return 0x7fffffff;
      },
    });
    pages ||= result.totalPages;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }

  // The copy inherits WAL mode from the live file; as a backup it should be one self-contained file.
  const copy = new Database(partial);
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  const check = checkDatabaseFile(partial);
  if (!check.ok) {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`The copy failed its check, so it was removed: ${check.problem}`);
  }
  fs.chmodSync(partial, 0o600); // it holds password hashes
  syncFile(partial);
  fs.renameSync(partial, destination);
  syncDirectory(path.dirname(destination));
  return { file: destination, pages, migrations: check.migrations };
}

/**
 * Replaces the database at `target` with the backup `file`. Refuses a file that is not an intact Colloquy
 * database, and refuses while anything (the server) has the target open. The current database is first
 * backed up beside the others (`safetyCopy`), so a restore can itself be undone.
 */
export async function restoreDatabase(file: string, target: string, safetyCopy: string = defaultBackupPath(target).replace(/\.db$/, "-before-restore.db")): Promise<{ replaced: string | null }> {
  const source = path.resolve(file);
  if (source === path.resolve(target)) throw new BackupError("That is the database itself; give a backup file.");
  const check = checkDatabaseFile(source);
  if (!check.ok) throw new BackupError(`Not restored: ${check.problem}`);

  let replaced: string | null = null;
  if (fs.existsSync(target)) {
    const current = new Database(target, { fileMustExist: true });
    try {
      current.pragma("busy_timeout = 0");
      // Leaving WAL mode needs the only connection to the file: if the server (or anything) has it open,
      // this fails, and nothing has been changed. It also folds the WAL into the file and removes it.
      let mode: unknown;
      try {
        mode = current.pragma("journal_mode = DELETE", { simple: true });
      } catch {
        mode = "busy";
      }
      if (mode !== "delete") throw new BackupError(`${target} is in use (is the server running?). Stop the server, then restore.`);
    } finally {
      current.close();
    }
    replaced = (await backupDatabase(target, safetyCopy)).file;
  }

  // Copy under a temporary name, make it durable, and only then swap it in with one rename.
  const temporary = `${target}.restoring`;
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  fs.copyFileSync(source, temporary);
  fs.chmodSync(temporary, 0o600);
  syncFile(temporary);
  // A WAL or shared-memory file left from the old database would be replayed onto the restored one.
  for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.renameSync(temporary, target);
  syncDirectory(path.dirname(target));
  return { replaced };
}

function syncFile(file: string) {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncDirectory(dir: string) {
  // So the rename itself survives a power cut (not possible on every platform; best effort there).
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // e.g. Windows cannot open a directory
  }
}

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { backupDatabase, BackupError, checkDatabaseFile, defaultBackupPath, restoreDatabase } from "@/db/backup";
import { sqliteDatabase } from "@/db/database";
import { applyMigrations, openDatabase } from "@/db/open";
import { insertUser } from "@/db/queries/users";
import { users } from "@/db/schema";

const root = path.resolve(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function migratedDatabase(): string {
  const file = path.join(dir, `db${++n}`, "colloquy.db");
  const db = openDatabase(file);
  applyMigrations(db);
  db.$client.close();
  return file;
}

const BATCH = 10;

/*
 * Another process writing as fast as it can: each transaction inserts BATCH rows of the same batch number
 * (with 2 KB of payload each, so the file spans many pages). A consistent copy holds whole batches only,
 * with no gap in the ids.
 */
const WRITER = `
const Database = require(${JSON.stringify(path.join(root, "node_modules", "better-sqlite3"))});
const db = new Database(process.argv[1]);
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = NORMAL");
db.exec("CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, payload BLOB NOT NULL)");
const insert = db.prepare("INSERT INTO probe (batch, payload) VALUES (?, randomblob(2048))");
const batch = db.transaction((b) => { for (let i = 0; i < ${BATCH}; i++) insert.run(b); });
let b = 0;
process.on("SIGTERM", () => { db.close(); process.exit(0); });
(function loop() { for (let i = 0; i < 20; i++) batch(++b); setImmediate(loop); })();
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGTERM");
});

function startWriter(file: string): ChildProcess {
  const child = spawn(process.execPath, ["-e", WRITER, file], { stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}

function probeRows(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'probe'").get();
    return table ? (db.prepare("SELECT count(*) AS c FROM probe").get() as { c: number }).c : 0;
  } finally {
    db.close();
  }
}

async function waitForRows(file: string, rows: number) {
  while (probeRows(file) < rows) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("db:backup", () => {
  it("copies a database another process is writing to as of one commit, and the copy passes integrity_check", async () => {
    const file = migratedDatabase();
    startWriter(file);
    // Several megabytes, so the copy spans thousands of pages while the writer keeps committing.
    await waitForRows(file, 2000);

    for (let round = 0; round < 3; round++) {
      const before = probeRows(file);
      const destination = path.join(dir, `under-load-${n}-${round}.db`);
      const { file: written, pages } = await backupDatabase(file, destination);
      const after = probeRows(file);
      expect(written).toBe(destination);
      expect(pages).toBeGreaterThan(1000);
      expect(checkDatabaseFile(destination)).toMatchObject({ ok: true });

      const copy = new Database(destination, { readonly: true });
      const { count, maxId, minId } = copy.prepare("SELECT count(*) AS count, max(id) AS maxId, min(id) AS minId FROM probe").get() as { count: number; maxId: number; minId: number };
      const partialBatches = copy.prepare("SELECT batch FROM probe GROUP BY batch HAVING count(*) <> ?").all(BATCH);
      copy.close();
      // Every row up to the highest id is there (no gap), whole transactions only, and from a moment
      // between the start and the end of the backup.
      expect(minId).toBe(1);
      expect(count).toBe(maxId);
      expect(count % BATCH).toBe(0);
      expect(partialBatches).toEqual([]);
      expect(count).toBeGreaterThanOrEqual(before);
      expect(count).toBeLessThanOrEqual(after);
      // A backup is one self-contained file: no WAL beside it.
      expect(fs.existsSync(`${destination}-wal`)).toBe(false);
      expect(fs.existsSync(`${destination}.partial`)).toBe(false);
    }
  });

  it("writes into a backups folder beside the database by default, and never overwrites a backup", async () => {
    const file = migratedDatabase();
    const destination = defaultBackupPath(file, new Date("2026-12-01T23:05:12.345Z"));
    expect(destination).toBe(path.join(path.dirname(file), "backups", "colloquy-2026-12-01T23-05-12-345Z.db"));
    await backupDatabase(file, destination);
    expect(checkDatabaseFile(destination)).toMatchObject({ ok: true });
    await expect(backupDatabase(file, destination)).rejects.toThrow(BackupError);
  });

  it("runs as npm run db:backup against DATABASE_PATH", () => {
    const file = migratedDatabase();
    const destination = path.join(dir, "from-the-command.db");
    const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "backup.ts"), destination], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: file },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(destination);
    expect(result.stdout).toContain("npm run db:restore --");
    expect(checkDatabaseFile(destination)).toMatchObject({ ok: true });
  });
});

describe("db:restore", () => {
  const names = (file: string) => {
    const db = openDatabase(file);
    try {
      return db
        .select({ username: users.username })
        .from(users)
        .all()
        .map((u) => u.username)
        .sort();
    } finally {
      db.$client.close();
    }
  };
  const addUser = async (file: string, username: string) => {
    const db = openDatabase(file);
    try {
      await insertUser(sqliteDatabase(db), { username, displayName: username, passwordHash: "x", role: "student" });
    } finally {
      db.$client.close();
    }
  };

  it("puts back exactly what the backup held, keeping the replaced database as a backup of its own", async () => {
    const file = migratedDatabase();
    await addUser(file, "before.backup");
    const backup = path.join(dir, `restore-${n}.db`);
    await backupDatabase(file, backup);

    await addUser(file, "after.backup");
    // Leave a WAL with un-checkpointed commits behind, as a killed server would.
    const writer = new Database(file);
    writer.pragma("journal_mode = WAL");
    writer.pragma("wal_autocheckpoint = 0");
    writer.prepare("UPDATE users SET display_name = 'changed' WHERE username = 'before.backup'").run();
    writer.close();
    expect(names(file)).toEqual(["after.backup", "before.backup"]);

    const safety = path.join(dir, `safety-${n}.db`);
    const { replaced } = await restoreDatabase(backup, file, safety);
    expect(replaced).toBe(safety);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}.restoring`)).toBe(false);
    expect(names(file)).toEqual(["before.backup"]);
    const db = openDatabase(file);
    expect(db.select().from(users).all()[0]!.displayName).toBe("before.backup");
    db.$client.close();
    expect(checkDatabaseFile(file)).toMatchObject({ ok: true });
    // The database that was replaced, with its last commits, is not lost.
    expect(names(safety)).toEqual(["after.backup", "before.backup"]);
  });

  it("restores into an empty place (a new machine)", async () => {
    const file = migratedDatabase();
    await addUser(file, "moved.user");
    const backup = path.join(dir, `move-${n}.db`);
    await backupDatabase(file, backup);
    const target = path.join(dir, "new-machine", "data", "colloquy.db");
    expect(await restoreDatabase(backup, target)).toEqual({ replaced: null });
    expect(names(target)).toEqual(["moved.user"]);
  });

  it("refuses while the database is open elsewhere (a running server), changing nothing", async () => {
    const file = migratedDatabase();
    await addUser(file, "kept.user");
    const backup = path.join(dir, `busy-${n}.db`);
    await backupDatabase(file, backup);
    await addUser(file, "newer.user");
    const server = openDatabase(file);
    server.select().from(users).all();
    try {
      await expect(restoreDatabase(backup, file, path.join(dir, `busy-safety-${n}.db`))).rejects.toThrow(/in use/);
    } finally {
      server.$client.close();
    }
    expect(names(file)).toEqual(["kept.user", "newer.user"]);
  });

  it("refuses a file that is not an intact Colloquy database", async () => {
    const file = migratedDatabase();
    await addUser(file, "still.here");

    const foreign = path.join(dir, "foreign.db");
    const other = new Database(foreign);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')");
    other.close();
    await expect(restoreDatabase(foreign, file)).rejects.toThrow(/not a Colloquy database/);

    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "not a database at all, just some words that are long enough to be a header ".repeat(20));
    await expect(restoreDatabase(text, file)).rejects.toThrow(/cannot be read/);

    // A real backup with one page overwritten in the middle of a table.
    const backup = path.join(dir, `damaged-${n}.db`);
    const db = new Database(file);
    db.exec("CREATE TABLE filler (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) INSERT INTO filler SELECT randomblob(3000) FROM n");
    db.close();
    await backupDatabase(file, backup);
    const bytes = fs.readFileSync(backup);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0xa5, pageSize * 20 + 8, pageSize * 21);
    fs.writeFileSync(backup, bytes);
    expect(checkDatabaseFile(backup).ok).toBe(false);
    await expect(restoreDatabase(backup, file)).rejects.toThrow(/Not restored/);

    await expect(restoreDatabase(path.join(dir, "missing.db"), file)).rejects.toThrow(/does not exist/);
    expect(names(file)).toEqual(["still.here"]);
  });
});

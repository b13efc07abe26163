import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openPostgres, sqliteDatabase } from "@/db/database";
import { createTestPostgresDatabase } from "@/db/test-postgres";
import { openDatabase } from "@/db/open";
import { isSetupOpen } from "@/db/queries/users";
import { verifyPassword } from "@/lib/auth/password";
import { setupCode } from "@/lib/auth/setup-code";

const root = path.resolve(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-prepare-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs what `npm start` runs before serving, against a database file of its own. */
const SECRET = "prepare-test-secret";

function prepare(file: string, demo?: "off") {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "prepare.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: file, COLLOQUY_DEMO: demo ?? "", PORT: "4321", NEXTAUTH_URL: "", NEXTAUTH_SECRET: SECRET },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

async function counts(file: string) {
  const sqlite = openDatabase(file);
  const db = sqliteDatabase(sqlite);
  const { assignments, attempts, classes, enrollments, users } = db.t;
  try {
    return {
      users: (await db.all(db.q.select().from(users).orderBy(users.id))).map((u) => `${u.role}:${u.username}`),
      classes: (await db.all(db.q.select().from(classes))).length,
      enrollments: (await db.all(db.q.select().from(enrollments))).length,
      assignments: (await db.all(db.q.select().from(assignments).orderBy(assignments.id))).map((a) => a.lessonId),
      attempts: (await db.all(db.q.select().from(attempts))).map((a) => a.status).sort(),
      setupOpen: await isSetupOpen(db),
    };
  } finally {
    sqlite.$client.close();
  }
}

async function passwordHashOf(file: string, username: string): Promise<string | undefined> {
  const sqlite = openDatabase(file);
  try {
    const db = sqliteDatabase(sqlite);
    return (await db.get(db.q.select({ hash: db.t.users.passwordHash }).from(db.t.users).where(eq(db.t.users.username, username))))?.hash;
  } finally {
    sqlite.$client.close();
  }
}

describe("start-up preparation", () => {
  it("seeds the demo into an empty database once, and prints the logins every time", async () => {
    const file = path.join(dir, "demo.db");
    const first = prepare(file);
    expect(first).toMatch(/instructor:\s+demo\.teacher/);
    // The demo's password is its own, not a default: it signs in to the demo accounts, is printed again on
    // every start, and another demo database gets another.
    const password = /password:\s+(\S+)/.exec(first)?.[1];
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await verifyPassword(await passwordHashOf(file, "demo.teacher"), password!)).toBe(true);
    expect(await verifyPassword(await passwordHashOf(file, "demo.amara"), password!)).toBe(true);
    expect(await verifyPassword(await passwordHashOf(file, "demo.teacher"), "colloquy-demo")).toBe(false);
    const seeded = await counts(file);
    expect(seeded.users.filter((u) => u.startsWith("instructor:"))).toEqual(["instructor:demo.teacher"]);
    expect(seeded.users.filter((u) => u.startsWith("student:")).length).toBeGreaterThanOrEqual(3);
    expect(seeded.classes).toBe(1);
    expect(seeded.assignments).toEqual(["north-korea-legacy"]);
    expect(seeded.setupOpen).toBe(false);
    // Some students have submitted and one has a draft, so the instructor's table is not empty.
    expect(seeded.attempts).toEqual(["in_progress", "submitted", "submitted"]);

    const second = prepare(file);
    expect(second).toMatch(/instructor:\s+demo\.teacher/);
    expect(/password:\s+(\S+)/.exec(second)?.[1]).toBe(password);
    expect(/password:\s+(\S+)/.exec(prepare(path.join(dir, "another-demo.db")))?.[1]).not.toBe(password);
    expect(await counts(file)).toEqual(seeded);
  });

  it("with DATABASE_URL prepares PostgreSQL instead (migrated, demo seeded once) and leaves SQLite alone", async () => {
    const file = path.join(dir, "never.db");
    const target = await createTestPostgresDatabase();
    try {
      const run = () =>
        spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "prepare.ts")], {
          cwd: root,
          env: { ...process.env, DATABASE_PATH: file, DATABASE_URL: target.url, COLLOQUY_DEMO: "", NEXTAUTH_URL: "" },
          encoding: "utf8",
          timeout: 60_000,
        });
      const first = run();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain("Database: PostgreSQL at 127.0.0.1");
      expect(first.stdout).toMatch(/instructor:\s+demo\.teacher/);
      const again = run();
      expect(again.status, again.stderr).toBe(0);
      const { db, close } = await openPostgres(target.url, 1);
      try {
        const instructors = await db.all(db.q.select({ username: db.t.users.username }).from(db.t.users).where(eq(db.t.users.role, "instructor")));
        expect(instructors).toEqual([{ username: "demo.teacher" }]);
        expect((await db.all(db.q.select().from(db.t.classes))).length).toBe(1);
      } finally {
        await close();
      }
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      await target.drop();
    }
  });

  it("with COLLOQUY_DEMO=off seeds nothing and points to first-run setup, with the server's setup code", async () => {
    const file = path.join(dir, "real.db");
    const output = prepare(file, "off");
    const code = setupCode(SECRET);
    expect(output).toContain(`open http://localhost:4321/setup?code=${code} to create the first one (setup code ${code}; only this console shows it)`);
    expect(await counts(file)).toMatchObject({ users: [], classes: 0, attempts: [], setupOpen: true });
  });
});

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/open";
import { isSetupOpen } from "@/db/queries/users";
import { assignments, attempts, classes, enrollments, users } from "@/db/schema";

const root = path.resolve(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-prepare-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs what `npm start` runs before serving, against a database file of its own. */
function prepare(file: string, demo?: "off") {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "prepare.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: file, COLLOQUY_DEMO: demo ?? "", PORT: "4321", NEXTAUTH_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

function counts(file: string) {
  const db = openDatabase(file);
  try {
    return {
      users: db.select().from(users).all().map((u) => `${u.role}:${u.username}`),
      classes: db.select().from(classes).all().length,
      enrollments: db.select().from(enrollments).all().length,
      assignments: db.select().from(assignments).all().map((a) => a.lessonId),
      attempts: db.select().from(attempts).all().map((a) => a.status).sort(),
      setupOpen: isSetupOpen(db),
    };
  } finally {
    db.$client.close();
  }
}

describe("start-up preparation", () => {
  it("seeds the demo into an empty database once, and prints the logins every time", () => {
    const file = path.join(dir, "demo.db");
    const first = prepare(file);
    expect(first).toMatch(/instructor:\s+demo\.teacher/);
    expect(first).toMatch(/password:\s+colloquy-demo/);
    const seeded = counts(file);
    expect(seeded.users.filter((u) => u.startsWith("instructor:"))).toEqual(["instructor:demo.teacher"]);
    expect(seeded.users.filter((u) => u.startsWith("student:")).length).toBeGreaterThanOrEqual(3);
    expect(seeded.classes).toBe(1);
    expect(seeded.assignments).toEqual(["north-korea-legacy"]);
    expect(seeded.setupOpen).toBe(false);
    // Some students have submitted and one has a draft, so the instructor's table is not empty.
    expect(seeded.attempts).toEqual(["in_progress", "submitted", "submitted"]);

    const second = prepare(file);
    expect(second).toMatch(/instructor:\s+demo\.teacher/);
    expect(counts(file)).toEqual(seeded);
  });

  it("refuses a DATABASE_URL (PostgreSQL is not supported yet) instead of quietly serving SQLite", () => {
    const file = path.join(dir, "never.db");
    const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "prepare.ts")], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: file, DATABASE_URL: "postgres://someone@db.example/colloquy" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("does not run on PostgreSQL yet");
    expect(fs.existsSync(file)).toBe(false);
  });

  it("with COLLOQUY_DEMO=off seeds nothing and points to first-run setup", () => {
    const file = path.join(dir, "real.db");
    const output = prepare(file, "off");
    expect(output).toContain("open http://localhost:4321/setup to create the first one");
    expect(counts(file)).toMatchObject({ users: [], classes: 0, attempts: [], setupOpen: true });
  });
});

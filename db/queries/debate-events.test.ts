import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { sqliteDatabase, type Database } from "../database";
import { migrationsFolder, openDatabase } from "../open";
import { makeUser, openTestDatabase, testDialect, type TestDatabase } from "../test-support";
import { createAssignment } from "./assignments";
import { createClass } from "./classes";
import { appendEvent, eventsSince, startDebate } from "./debates";

const lesson = loadLessons().lessons[0] as Lesson;

/** A class with two live sessions on the same assignment (the first ended by hand, so a second may start). */
async function twoSessions(db: Database) {
  const owner = await makeUser(db, "instructor");
  const cls = await createClass(db, owner.id, "Numbering");
  const assignmentId = (await createAssignment(db, owner.id, { classId: cls.id, lesson, dueAt: null }))!.id;
  const start = async () => {
    const started = await startDebate(db, owner.id, assignmentId, lesson.debates[0]!.id);
    if (started.status !== "started") throw new Error(started.status);
    const { debateSessions } = db.t;
    await db.run(db.q.update(debateSessions).set({ phase: "ended" }).where(eq(debateSessions.id, started.session.id)));
    return started.session.id;
  };
  return [await start(), await start()] as const;
}

describe("debate events", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());

  it("are numbered by their session, 1, 2, 3…, whatever the other sessions do, and replayed by that number", async () => {
    const [a, b] = await twoSessions(t.db);
    // startDebate appended each session's first event ("phase: lobby").
    expect((await appendEvent(t.db, a, "note", { n: 1 })).id).toBe(2);
    expect((await appendEvent(t.db, b, "note", { n: 1 })).id).toBe(2);
    expect((await appendEvent(t.db, a, "note", { n: 2 })).id).toBe(3);
    expect((await eventsSince(t.db, a, 0)).map((e) => e.id)).toEqual([1, 2, 3]);
    expect(await eventsSince(t.db, a, 1)).toEqual([
      { id: 2, type: "note", data: { n: 1 } },
      { id: 3, type: "note", data: { n: 2 } },
    ]);
    expect(await eventsSince(t.db, b, 1)).toEqual([{ id: 2, type: "note", data: { n: 1 } }]);
    expect(await eventsSince(t.db, a, 3)).toEqual([]);
  });

  it("commit in number order when changes of one session run at once: each waits for the session's row lock", async () => {
    const [a] = await twoSessions(t.db);
    const before = (await eventsSince(t.db, a, 0)).length;
    await Promise.all(Array.from({ length: 8 }, (_, n) => t.db.transaction((tx) => appendEvent(tx, a, "note", { n }))));
    expect((await eventsSince(t.db, a, 0)).map((e) => e.id)).toEqual(Array.from({ length: before + 8 }, (_, i) => i + 1));
  });
});

// SQLite's own migrations (db/migrations); PostgreSQL's schema began with the numbering.
describe.skipIf(testDialect() === "postgres")("migration 0012", () => {
  it("keeps each existing event's id as its number, so a client resuming across the upgrade misses nothing, and numbers on from there", async () => {
    // A database as it was before 0012, with events of two sessions interleaved.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-0012-"));
    try {
      const before = path.join(dir, "migrations");
      fs.cpSync(migrationsFolder(), before, { recursive: true });
      const journal = JSON.parse(fs.readFileSync(path.join(before, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
      const at = journal.entries.findIndex((e) => e.tag.startsWith("0012_"));
      journal.entries = journal.entries.slice(0, at);
      fs.writeFileSync(path.join(before, "meta", "_journal.json"), JSON.stringify(journal));
      const raw = openDatabase(path.join(dir, "old.db"));
      migrate(raw, { migrationsFolder: before });
      const sqlite = raw.$client;
      const owner = sqlite.prepare("INSERT INTO users (username, display_name, password_hash, role) VALUES ('t', 'T', 'x', 'instructor') RETURNING id").pluck().get();
      const cls = sqlite.prepare("INSERT INTO classes (name, instructor_id, join_code) VALUES ('C', ?, 'ABC-DEF') RETURNING id").pluck().get(owner);
      const assignment = sqlite
        .prepare("INSERT INTO assignments (class_id, lesson_id, lesson_snapshot, lesson_title, created_by) VALUES (?, 'l', '{}', 'L', ?) RETURNING id")
        .pluck()
        .get(cls, owner);
      const session = () =>
        sqlite.prepare("INSERT INTO debate_sessions (assignment_id, class_id, debate_id, created_by) VALUES (?, ?, 'd', ?) RETURNING id").pluck().get(assignment, cls, owner) as number;
      const [a, b] = [session(), session()];
      const event = sqlite.prepare("INSERT INTO debate_events (session_id, type, data) VALUES (?, 'note', '{}') RETURNING id").pluck();
      const ids = [a, b, a, a, b].map((s) => [s, event.get(s) as number] as const);

      migrate(raw, { migrationsFolder: migrationsFolder() });
      const db = sqliteDatabase(raw);
      expect((await eventsSince(db, a, 0)).map((e) => e.id)).toEqual(ids.filter(([s]) => s === a).map(([, id]) => id));
      expect((await eventsSince(db, b, 0)).map((e) => e.id)).toEqual(ids.filter(([s]) => s === b).map(([, id]) => id));
      const lastOfA = Math.max(...ids.filter(([s]) => s === a).map(([, id]) => id));
      expect((await appendEvent(db, a, "note", {})).id).toBe(lastOfA + 1);
      expect((await eventsSince(db, a, lastOfA)).map((e) => e.id)).toEqual([lastOfA + 1]);
      sqlite.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

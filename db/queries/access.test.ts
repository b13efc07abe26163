import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import type { PublicUser } from "./users";
import { createAssignment, getAssignmentForInstructor, getAssignmentForStudent, listAssignmentsForClass, listAssignmentsForStudent } from "./assignments";
import { createClass, getClassForInstructor, joinClassByCode, listClassesForInstructor, listClassesForStudent, listRoster } from "./classes";

let t: TestDatabase;
afterAll(() => t.close());
const lesson = loadLessons().lessons[0] as Lesson;

let alice: PublicUser, bob: PublicUser, sam: PublicUser, olga: PublicUser;
let aliceClass: { id: number; joinCode: string }, bobClass: { id: number; joinCode: string };
let assignmentId: number;

beforeAll(async () => {
  t = await openTestDatabase();
  alice = await makeUser(t.db, "instructor", "alice");
  bob = await makeUser(t.db, "instructor", "bob");
  sam = await makeUser(t.db, "student", "sam");
  olga = await makeUser(t.db, "student", "olga");
  aliceClass = await createClass(t.db, alice.id, "Alice's class");
  bobClass = await createClass(t.db, bob.id, "Bob's class");
  expect((await joinClassByCode(t.db, sam.id, aliceClass.joinCode)).status).toBe("joined");
  expect((await joinClassByCode(t.db, olga.id, bobClass.joinCode)).status).toBe("joined");
  assignmentId = (await createAssignment(t.db, alice.id, { classId: aliceClass.id, lesson, dueAt: null }))!.id;
});

describe("an instructor's classes", () => {
  it("are theirs alone", async () => {
    expect((await listClassesForInstructor(t.db, alice.id)).map((c) => c.id)).toEqual([aliceClass.id]);
    expect((await getClassForInstructor(t.db, alice.id, aliceClass.id))?.name).toBe("Alice's class");
    expect(await getClassForInstructor(t.db, bob.id, aliceClass.id)).toBeUndefined();
  });

  it("show their roster only to their instructor", async () => {
    expect((await listRoster(t.db, alice.id, aliceClass.id)).map((s) => s.username)).toEqual([sam.username]);
    expect(await listRoster(t.db, bob.id, aliceClass.id)).toEqual([]);
  });

  it("take assignments only from their instructor", async () => {
    expect(await createAssignment(t.db, bob.id, { classId: aliceClass.id, lesson, dueAt: null })).toBeUndefined();
    expect(await listAssignmentsForClass(t.db, alice.id, aliceClass.id)).toHaveLength(1);
    expect(await listAssignmentsForClass(t.db, bob.id, aliceClass.id)).toEqual([]);
    expect(await getAssignmentForInstructor(t.db, bob.id, assignmentId)).toBeUndefined();
  });
});

describe("a student", () => {
  it("sees the classes and assignments of classes they are in", async () => {
    expect((await listClassesForStudent(t.db, sam.id)).map((c) => c.id)).toEqual([aliceClass.id]);
    expect((await listAssignmentsForStudent(t.db, sam.id)).map((a) => a.id)).toEqual([assignmentId]);
    expect((await getAssignmentForStudent(t.db, sam.id, assignmentId))?.lesson.id).toBe(lesson.id);
  });

  it("of another class gets nothing", async () => {
    expect(await listAssignmentsForStudent(t.db, olga.id)).toEqual([]);
    expect(await getAssignmentForStudent(t.db, olga.id, assignmentId)).toBeUndefined();
  });

  it("joins a class once, and a disabled or unknown code opens nothing", async () => {
    expect((await joinClassByCode(t.db, sam.id, aliceClass.joinCode)).status).toBe("already-member");
    expect((await joinClassByCode(t.db, sam.id, "ZZZZZZ")).status).toBe("bad-code");
    const { classes } = t.db.t;
    await t.db.run(t.db.q.update(classes).set({ joinEnabled: false }).where(eq(classes.id, bobClass.id)));
    expect((await joinClassByCode(t.db, sam.id, bobClass.joinCode)).status).toBe("bad-code");
    expect(await listClassesForStudent(t.db, sam.id)).toHaveLength(1);
  });
});

describe("a student's dashboard", () => {
  it("puts work to do first, soonest due first, undated next, submitted last", async () => {
    const { submitAttempt } = await import("./attempts");
    const teacher = await makeUser(t.db, "instructor");
    const pupil = await makeUser(t.db, "student");
    const cls = await createClass(t.db, teacher.id, "Order");
    await joinClassByCode(t.db, pupil.id, cls.joinCode);
    const make = async (dueAt: number | null) => (await createAssignment(t.db, teacher.id, { classId: cls.id, lesson, dueAt }))!.id;
    const later = await make(Date.now() + 9e8);
    const undated = await make(null);
    const done = await make(Date.now() + 1e6);
    const soon = await make(Date.now() + 1e6);
    await submitAttempt(t.db, pupil.id, done);
    const list = await listAssignmentsForStudent(t.db, pupil.id);
    expect(list.map((a) => a.id)).toEqual([soon, later, undated, done]);
    expect(list.map((a) => a.status)).toEqual(["not-started", "not-started", "not-started", "submitted"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase } from "../test-support";
import type { PublicUser } from "./users";
import { createAssignment, getAssignmentForInstructor, getAssignmentForStudent, listAssignmentsForClass, listAssignmentsForStudent } from "./assignments";
import { createClass, getClassForInstructor, joinClassByCode, listClassesForInstructor, listClassesForStudent, listRoster } from "./classes";

const t = openTestDatabase();
afterAll(() => t.close());
const lesson = loadLessons().lessons[0] as Lesson;

let alice: PublicUser, bob: PublicUser, sam: PublicUser, olga: PublicUser;
let aliceClass: { id: number; joinCode: string }, bobClass: { id: number; joinCode: string };
let assignmentId: number;

beforeAll(() => {
  alice = makeUser(t.db, "instructor", "alice");
  bob = makeUser(t.db, "instructor", "bob");
  sam = makeUser(t.db, "student", "sam");
  olga = makeUser(t.db, "student", "olga");
  aliceClass = createClass(t.db, alice.id, "Alice's class");
  bobClass = createClass(t.db, bob.id, "Bob's class");
  expect(joinClassByCode(t.db, sam.id, aliceClass.joinCode).status).toBe("joined");
  expect(joinClassByCode(t.db, olga.id, bobClass.joinCode).status).toBe("joined");
  assignmentId = createAssignment(t.db, alice.id, { classId: aliceClass.id, lesson, dueAt: null })!.id;
});

describe("an instructor's classes", () => {
  it("are theirs alone", () => {
    expect(listClassesForInstructor(t.db, alice.id).map((c) => c.id)).toEqual([aliceClass.id]);
    expect(getClassForInstructor(t.db, alice.id, aliceClass.id)?.name).toBe("Alice's class");
    expect(getClassForInstructor(t.db, bob.id, aliceClass.id)).toBeUndefined();
  });

  it("show their roster only to their instructor", () => {
    expect(listRoster(t.db, alice.id, aliceClass.id).map((s) => s.username)).toEqual([sam.username]);
    expect(listRoster(t.db, bob.id, aliceClass.id)).toEqual([]);
  });

  it("take assignments only from their instructor", () => {
    expect(createAssignment(t.db, bob.id, { classId: aliceClass.id, lesson, dueAt: null })).toBeUndefined();
    expect(listAssignmentsForClass(t.db, alice.id, aliceClass.id)).toHaveLength(1);
    expect(listAssignmentsForClass(t.db, bob.id, aliceClass.id)).toEqual([]);
    expect(getAssignmentForInstructor(t.db, bob.id, assignmentId)).toBeUndefined();
  });
});

describe("a student", () => {
  it("sees the classes and assignments of classes they are in", () => {
    expect(listClassesForStudent(t.db, sam.id).map((c) => c.id)).toEqual([aliceClass.id]);
    expect(listAssignmentsForStudent(t.db, sam.id).map((a) => a.id)).toEqual([assignmentId]);
    expect(getAssignmentForStudent(t.db, sam.id, assignmentId)?.lesson.id).toBe(lesson.id);
  });

  it("of another class gets nothing", () => {
    expect(listAssignmentsForStudent(t.db, olga.id)).toEqual([]);
    expect(getAssignmentForStudent(t.db, olga.id, assignmentId)).toBeUndefined();
  });

  it("joins a class once, and a disabled or unknown code opens nothing", () => {
    expect(joinClassByCode(t.db, sam.id, aliceClass.joinCode).status).toBe("already-member");
    expect(joinClassByCode(t.db, sam.id, "ZZZZZZ").status).toBe("bad-code");
    t.db.$client.prepare("update classes set join_enabled = 0 where id = ?").run(bobClass.id);
    expect(joinClassByCode(t.db, sam.id, bobClass.joinCode).status).toBe("bad-code");
    expect(listClassesForStudent(t.db, sam.id)).toHaveLength(1);
  });
});

describe("a student's dashboard", () => {
  it("puts work to do first, soonest due first, undated next, submitted last", async () => {
    const { submitAttempt } = await import("./attempts");
    const teacher = makeUser(t.db, "instructor");
    const pupil = makeUser(t.db, "student");
    const cls = createClass(t.db, teacher.id, "Order");
    joinClassByCode(t.db, pupil.id, cls.joinCode);
    const make = (dueAt: number | null) => createAssignment(t.db, teacher.id, { classId: cls.id, lesson, dueAt })!.id;
    const later = make(Date.now() + 9e8);
    const undated = make(null);
    const done = make(Date.now() + 1e6);
    const soon = make(Date.now() + 1e6);
    submitAttempt(t.db, pupil.id, done);
    const list = listAssignmentsForStudent(t.db, pupil.id);
    expect(list.map((a) => a.id)).toEqual([soon, later, undated, done]);
    expect(list.map((a) => a.status)).toEqual(["not-started", "not-started", "not-started", "submitted"]);
  });
});

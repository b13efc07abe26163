import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import type { PublicUser } from "./users";
import { createAssignment, getAssignmentForInstructor, listAssignmentProgress, listAssignmentsForClass, listAssignmentsForStudent, releaseFeedback } from "./assignments";
import { getAttemptForInstructor, listResponsesForAssignment, saveDraftAnswers, submitAttempt } from "./attempts";
import {
  addCoTeacher,
  classesNamed,
  classWork,
  createClass,
  deleteClass,
  findJoinableClass,
  getClassForInstructor,
  joinClassByCode,
  listClassesForInstructor,
  listClassesForStudent,
  listRoster,
  listTeachers,
  regenerateJoinCode,
  removeCoTeacher,
  renameClass,
  setClassArchived,
} from "./classes";
import { getDebateForInstructor, joinDebate, startDebate } from "./debates";
import { gradeResponse, listGradingEntries } from "./grading";
import { listStudentsSharedWithOtherInstructors, resetStudentPassword } from "./users";

let t: TestDatabase;
afterAll(() => t.close());
const lesson = loadLessons().lessons[0] as Lesson;
const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;

let owner: PublicUser, co: PublicUser, stranger: PublicUser, sam: PublicUser, olga: PublicUser;
let classA: { id: number; joinCode: string }, classB: { id: number; joinCode: string };
let assignmentA: number, assignmentB: number;

beforeAll(async () => {
  t = await openTestDatabase();
  owner = await makeUser(t.db, "instructor", "owner");
  co = await makeUser(t.db, "instructor", "co");
  stranger = await makeUser(t.db, "instructor", "stranger");
  sam = await makeUser(t.db, "student", "sam");
  olga = await makeUser(t.db, "student", "olga");
  classA = await createClass(t.db, owner.id, "Period 1");
  classB = await createClass(t.db, owner.id, "Period 2");
  await joinClassByCode(t.db, sam.id, classA.joinCode);
  await joinClassByCode(t.db, olga.id, classB.joinCode);
  assignmentA = (await createAssignment(t.db, owner.id, { classId: classA.id, lesson, dueAt: null }))!.id;
  assignmentB = (await createAssignment(t.db, owner.id, { classId: classB.id, lesson, dueAt: null }))!.id;
  await submitAttempt(t.db, sam.id, assignmentA, { [short.id]: { text: "Sam's answer" } });
  await submitAttempt(t.db, olga.id, assignmentB, { [short.id]: { text: "Olga's answer" } });
});

describe("co-teachers", () => {
  it("are added by the owner only, by username, once, and only instructors", async () => {
    expect((await addCoTeacher(t.db, co.id, classA.id, co.username)).status).toBe("not-found");
    expect((await addCoTeacher(t.db, owner.id, classA.id, sam.username)).status).toBe("no-such-instructor");
    expect((await addCoTeacher(t.db, owner.id, classA.id, owner.username)).status).toBe("is-owner");
    expect((await addCoTeacher(t.db, owner.id, classA.id, ` ${co.username.toUpperCase()} `)).status).toBe("added");
    expect((await addCoTeacher(t.db, owner.id, classA.id, co.username)).status).toBe("already");
    // Once in, a co-teacher still cannot add others.
    expect((await addCoTeacher(t.db, co.id, classA.id, stranger.username)).status).toBe("not-owner");
    expect((await listTeachers(t.db, co.id, classA.id))?.map((x) => [x.id, x.owner])).toEqual([
      [owner.id, true],
      [co.id, false],
    ]);
    expect(await listTeachers(t.db, stranger.id, classA.id)).toBeUndefined();
  });

  it("see and do everything on the class they co-teach", async () => {
    expect((await listClassesForInstructor(t.db, co.id)).map((c) => [c.id, c.coTeaching, c.ownerName])).toEqual([[classA.id, true, "owner"]]);
    expect((await getClassForInstructor(t.db, co.id, classA.id))?.id).toBe(classA.id);
    expect((await listRoster(t.db, co.id, classA.id)).map((s) => s.id)).toEqual([sam.id]);
    expect((await listAssignmentsForClass(t.db, co.id, classA.id)).map((a) => a.id)).toEqual([assignmentA]);
    expect((await getAssignmentForInstructor(t.db, co.id, assignmentA))?.id).toBe(assignmentA);
    expect((await listResponsesForAssignment(t.db, co.id, assignmentA))?.map((r) => r.student.id)).toEqual([sam.id]);
    expect((await getAttemptForInstructor(t.db, co.id, assignmentA, sam.id))?.attempt?.status).toBe("submitted");
    expect((await listAssignmentProgress(t.db, co.id)).map((a) => a.id)).toEqual([assignmentA]);
    // Counts are numbers on both databases (PostgreSQL returns count(*) as text unless mapped).
    expect((await listAssignmentProgress(t.db, co.id))[0]).toMatchObject({ inClass: 1, students: 1, submitted: 1, toGrade: 1 });
    expect((await listAssignmentsForStudent(t.db, sam.id))[0]).toMatchObject({ id: assignmentA, status: "submitted", toGrade: 1 });
    const entry = (await listGradingEntries(t.db, co.id, assignmentA))!.find((e) => e.itemId === short.id)!;
    expect((await gradeResponse(t.db, co.id, assignmentA, { responseId: entry.responseId, score: 1, comment: "Good", expectedVersion: entry.gradeVersion })).status).toBe("saved");
    expect(await createAssignment(t.db, co.id, { classId: classA.id, lesson, dueAt: null })).toBeDefined();
    expect(await regenerateJoinCode(t.db, co.id, classA.id)).toBeTypeOf("string");
    expect((await releaseFeedback(t.db, co.id, assignmentA)).status).toBe("released");
    const started = await startDebate(t.db, co.id, assignmentA, lesson.debates[0]!.id);
    expect(started.status).toBe("started");
    if (started.status === "started") expect((await getDebateForInstructor(t.db, owner.id, started.session.id))?.id).toBe(started.session.id);
    expect(await renameClass(t.db, co.id, classA.id, "Period 1 (shared)")).toBe(true);
  });

  it("of class A see nothing of class B", async () => {
    expect(await getClassForInstructor(t.db, co.id, classB.id)).toBeUndefined();
    expect(await listRoster(t.db, co.id, classB.id)).toEqual([]);
    expect(await listAssignmentsForClass(t.db, co.id, classB.id)).toEqual([]);
    expect(await getAssignmentForInstructor(t.db, co.id, assignmentB)).toBeUndefined();
    expect(await listResponsesForAssignment(t.db, co.id, assignmentB)).toBeUndefined();
    expect(await getAttemptForInstructor(t.db, co.id, assignmentB, olga.id)).toBeUndefined();
    expect(await listGradingEntries(t.db, co.id, assignmentB)).toBeUndefined();
    expect(await createAssignment(t.db, co.id, { classId: classB.id, lesson, dueAt: null })).toBeUndefined();
    expect(await regenerateJoinCode(t.db, co.id, classB.id)).toBeUndefined();
    expect((await releaseFeedback(t.db, co.id, assignmentB)).status).toBe("not-found");
    expect((await startDebate(t.db, co.id, assignmentB, lesson.debates[0]!.id)).status).toBe("not-found");
    expect(await renameClass(t.db, co.id, classB.id, "Taken over")).toBe(false);
    expect((await setClassArchived(t.db, co.id, classB.id, true)).status).toBe("not-found");
    expect(await listTeachers(t.db, co.id, classB.id)).toBeUndefined();
  });

  it("count as teachers of the class when a password reset asks who else teaches the student", async () => {
    // Sam is only in a class both teach: either may reset.
    expect((await listStudentsSharedWithOtherInstructors(t.db, co.id, classA.id)).has(sam.id)).toBe(false);
    expect((await resetStudentPassword(t.db, co.id, classA.id, sam.id, "x")).status).toBe("reset");
    expect((await resetStudentPassword(t.db, co.id, classB.id, olga.id, "x")).status).toBe("not-found");
  });

  it("cannot delete the class or remove the owner; may leave; the owner removes them", async () => {
    expect((await deleteClass(t.db, co.id, classA.id)).status).toBe("not-owner");
    expect(await removeCoTeacher(t.db, co.id, classA.id, owner.id)).toBe(false);
    expect(await removeCoTeacher(t.db, owner.id, classA.id, owner.id)).toBe(false);
    const other = await makeUser(t.db, "instructor", "other-co");
    expect((await addCoTeacher(t.db, owner.id, classA.id, other.username)).status).toBe("added");
    expect(await removeCoTeacher(t.db, co.id, classA.id, other.id)).toBe(false);
    expect(await removeCoTeacher(t.db, other.id, classA.id, other.id)).toBe(true);
    expect(await getClassForInstructor(t.db, other.id, classA.id)).toBeUndefined();
    expect(await removeCoTeacher(t.db, owner.id, classA.id, co.id)).toBe(true);
    expect(await getClassForInstructor(t.db, co.id, classA.id)).toBeUndefined();
    expect(await listAssignmentProgress(t.db, co.id)).toEqual([]);
    expect((await addCoTeacher(t.db, owner.id, classA.id, co.username)).status).toBe("added");
  });
});

describe("a class over a term", () => {
  it("warns about a name its instructors already use, whatever the case", async () => {
    expect((await classesNamed(t.db, owner.id, "  period 2 ")).map((c) => c.id)).toEqual([classB.id]);
    expect(await classesNamed(t.db, owner.id, "Period 2", classB.id)).toEqual([]);
    expect(await classesNamed(t.db, stranger.id, "Period 2")).toEqual([]);
  });

  it("archived is read-only for everyone, gone from the student's lists, and still reviewable by its teachers", async () => {
    const joinDebateSession = await startDebate(t.db, owner.id, assignmentB, lesson.debates[0]!.id);
    expect(joinDebateSession.status).toBe("started");
    const sessionId = joinDebateSession.status === "started" ? joinDebateSession.session.id : 0;
    expect((await joinDebate(t.db, olga.id, sessionId)).status).toBe("joined");

    const archived = await setClassArchived(t.db, owner.id, classB.id, true);
    expect(archived.status).toBe("archived");
    // The live debate ended with it, and said so on its event stream.
    expect(archived.status === "archived" && archived.endedSessionIds).toEqual([sessionId]);
    expect((await getDebateForInstructor(t.db, owner.id, sessionId))?.phase).toBe("ended");

    expect(await listClassesForStudent(t.db, olga.id)).toEqual([]);
    expect(await listAssignmentsForStudent(t.db, olga.id)).toEqual([]);
    expect(await findJoinableClass(t.db, classB.joinCode)).toBeUndefined();
    expect((await joinClassByCode(t.db, sam.id, classB.joinCode)).status).toBe("bad-code");

    // Its teachers still review it…
    expect((await listClassesForInstructor(t.db, owner.id)).map((c) => [c.id, c.archivedAt !== null])).toContainEqual([classB.id, true]);
    expect((await listResponsesForAssignment(t.db, owner.id, assignmentB))?.[0]?.student.id).toBe(olga.id);
    // …and change nothing in it.
    expect(await renameClass(t.db, owner.id, classB.id, "New name")).toBe(false);
    expect(await createAssignment(t.db, owner.id, { classId: classB.id, lesson, dueAt: null })).toBeUndefined();
    expect(await regenerateJoinCode(t.db, owner.id, classB.id)).toBeUndefined();
    expect((await startDebate(t.db, owner.id, assignmentB, lesson.debates[0]!.id)).status).toBe("not-found");
    expect((await releaseFeedback(t.db, owner.id, assignmentB)).status).toBe("not-found");
    const entry = (await listGradingEntries(t.db, owner.id, assignmentB))!.find((e) => e.itemId === short.id)!;
    expect((await gradeResponse(t.db, owner.id, assignmentB, { responseId: entry.responseId, score: 1, comment: "", expectedVersion: entry.gradeVersion })).status).toBe("not-found");

    // Restored, it is as it was.
    expect((await setClassArchived(t.db, owner.id, classB.id, false)).status).toBe("restored");
    expect((await listClassesForStudent(t.db, olga.id)).map((c) => c.id)).toEqual([classB.id]);
    expect(await renameClass(t.db, owner.id, classB.id, "Period 2")).toBe(true);
  });

  it("is deleted only by its owner and only while it holds no student work", async () => {
    expect(await classWork(t.db, classB.id)).toEqual({ attempts: 1, debates: 1 });
    expect(await deleteClass(t.db, owner.id, classB.id)).toMatchObject({ status: "has-work", attempts: 1, debates: 1 });
    const mistake = await createClass(t.db, owner.id, "Period 1");
    await joinClassByCode(t.db, sam.id, mistake.joinCode);
    const unused = (await createAssignment(t.db, owner.id, { classId: mistake.id, lesson, dueAt: null }))!;
    expect((await addCoTeacher(t.db, owner.id, mistake.id, co.username)).status).toBe("added");
    // A draft is student work too.
    await saveDraftAnswers(t.db, sam.id, unused.id, { [short.id]: { text: "draft" } });
    expect((await deleteClass(t.db, owner.id, mistake.id)).status).toBe("has-work");
    const { attempts, responses } = t.db.t;
    await t.db.run(t.db.q.delete(responses).where(inArray(responses.attemptId, t.db.q.select({ id: attempts.id }).from(attempts).where(eq(attempts.assignmentId, unused.id)))));
    await t.db.run(t.db.q.delete(attempts).where(eq(attempts.assignmentId, unused.id)));
    expect((await deleteClass(t.db, stranger.id, mistake.id)).status).toBe("not-found");
    expect((await deleteClass(t.db, owner.id, mistake.id)).status).toBe("deleted");
    expect(await getClassForInstructor(t.db, owner.id, mistake.id)).toBeUndefined();
    expect((await listClassesForStudent(t.db, sam.id)).map((c) => c.id)).toEqual([classA.id]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase } from "../test-support";
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

const t = openTestDatabase();
afterAll(() => t.close());
const lesson = loadLessons().lessons[0] as Lesson;
const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;

let owner: PublicUser, co: PublicUser, stranger: PublicUser, sam: PublicUser, olga: PublicUser;
let classA: { id: number; joinCode: string }, classB: { id: number; joinCode: string };
let assignmentA: number, assignmentB: number;

beforeAll(() => {
  owner = makeUser(t.db, "instructor", "owner");
  co = makeUser(t.db, "instructor", "co");
  stranger = makeUser(t.db, "instructor", "stranger");
  sam = makeUser(t.db, "student", "sam");
  olga = makeUser(t.db, "student", "olga");
  classA = createClass(t.db, owner.id, "Period 1");
  classB = createClass(t.db, owner.id, "Period 2");
  joinClassByCode(t.db, sam.id, classA.joinCode);
  joinClassByCode(t.db, olga.id, classB.joinCode);
  assignmentA = createAssignment(t.db, owner.id, { classId: classA.id, lesson, dueAt: null })!.id;
  assignmentB = createAssignment(t.db, owner.id, { classId: classB.id, lesson, dueAt: null })!.id;
  submitAttempt(t.db, sam.id, assignmentA, { [short.id]: { text: "Sam's answer" } });
  submitAttempt(t.db, olga.id, assignmentB, { [short.id]: { text: "Olga's answer" } });
});

describe("co-teachers", () => {
  it("are added by the owner only, by username, once, and only instructors", () => {
    expect(addCoTeacher(t.db, co.id, classA.id, co.username).status).toBe("not-found");
    expect(addCoTeacher(t.db, owner.id, classA.id, sam.username).status).toBe("no-such-instructor");
    expect(addCoTeacher(t.db, owner.id, classA.id, owner.username).status).toBe("is-owner");
    expect(addCoTeacher(t.db, owner.id, classA.id, ` ${co.username.toUpperCase()} `).status).toBe("added");
    expect(addCoTeacher(t.db, owner.id, classA.id, co.username).status).toBe("already");
    // Once in, a co-teacher still cannot add others.
    expect(addCoTeacher(t.db, co.id, classA.id, stranger.username).status).toBe("not-owner");
    expect(listTeachers(t.db, co.id, classA.id)?.map((x) => [x.id, x.owner])).toEqual([
      [owner.id, true],
      [co.id, false],
    ]);
    expect(listTeachers(t.db, stranger.id, classA.id)).toBeUndefined();
  });

  it("see and do everything on the class they co-teach", () => {
    expect(listClassesForInstructor(t.db, co.id).map((c) => [c.id, c.coTeaching, c.ownerName])).toEqual([[classA.id, true, "owner"]]);
    expect(getClassForInstructor(t.db, co.id, classA.id)?.id).toBe(classA.id);
    expect(listRoster(t.db, co.id, classA.id).map((s) => s.id)).toEqual([sam.id]);
    expect(listAssignmentsForClass(t.db, co.id, classA.id).map((a) => a.id)).toEqual([assignmentA]);
    expect(getAssignmentForInstructor(t.db, co.id, assignmentA)?.id).toBe(assignmentA);
    expect(listResponsesForAssignment(t.db, co.id, assignmentA)?.map((r) => r.student.id)).toEqual([sam.id]);
    expect(getAttemptForInstructor(t.db, co.id, assignmentA, sam.id)?.attempt?.status).toBe("submitted");
    expect(listAssignmentProgress(t.db, co.id).map((a) => a.id)).toEqual([assignmentA]);
    const entry = listGradingEntries(t.db, co.id, assignmentA)!.find((e) => e.itemId === short.id)!;
    expect(gradeResponse(t.db, co.id, assignmentA, { responseId: entry.responseId, score: 1, comment: "Good", expectedVersion: entry.gradeVersion }).status).toBe("saved");
    expect(createAssignment(t.db, co.id, { classId: classA.id, lesson, dueAt: null })).toBeDefined();
    expect(regenerateJoinCode(t.db, co.id, classA.id)).toBeTypeOf("string");
    expect(releaseFeedback(t.db, co.id, assignmentA).status).toBe("released");
    const started = startDebate(t.db, co.id, assignmentA, lesson.debates[0]!.id);
    expect(started.status).toBe("started");
    if (started.status === "started") expect(getDebateForInstructor(t.db, owner.id, started.session.id)?.id).toBe(started.session.id);
    expect(renameClass(t.db, co.id, classA.id, "Period 1 (shared)")).toBe(true);
  });

  it("of class A see nothing of class B", () => {
    expect(getClassForInstructor(t.db, co.id, classB.id)).toBeUndefined();
    expect(listRoster(t.db, co.id, classB.id)).toEqual([]);
    expect(listAssignmentsForClass(t.db, co.id, classB.id)).toEqual([]);
    expect(getAssignmentForInstructor(t.db, co.id, assignmentB)).toBeUndefined();
    expect(listResponsesForAssignment(t.db, co.id, assignmentB)).toBeUndefined();
    expect(getAttemptForInstructor(t.db, co.id, assignmentB, olga.id)).toBeUndefined();
    expect(listGradingEntries(t.db, co.id, assignmentB)).toBeUndefined();
    expect(createAssignment(t.db, co.id, { classId: classB.id, lesson, dueAt: null })).toBeUndefined();
    expect(regenerateJoinCode(t.db, co.id, classB.id)).toBeUndefined();
    expect(releaseFeedback(t.db, co.id, assignmentB).status).toBe("not-found");
    expect(startDebate(t.db, co.id, assignmentB, lesson.debates[0]!.id).status).toBe("not-found");
    expect(renameClass(t.db, co.id, classB.id, "Taken over")).toBe(false);
    expect(setClassArchived(t.db, co.id, classB.id, true).status).toBe("not-found");
    expect(listTeachers(t.db, co.id, classB.id)).toBeUndefined();
  });

  it("count as teachers of the class when a password reset asks who else teaches the student", () => {
    // Sam is only in a class both teach: either may reset.
    expect(listStudentsSharedWithOtherInstructors(t.db, co.id, classA.id).has(sam.id)).toBe(false);
    expect(resetStudentPassword(t.db, co.id, classA.id, sam.id, "x").status).toBe("reset");
    expect(resetStudentPassword(t.db, co.id, classB.id, olga.id, "x").status).toBe("not-found");
  });

  it("cannot delete the class or remove the owner; may leave; the owner removes them", () => {
    expect(deleteClass(t.db, co.id, classA.id).status).toBe("not-owner");
    expect(removeCoTeacher(t.db, co.id, classA.id, owner.id)).toBe(false);
    expect(removeCoTeacher(t.db, owner.id, classA.id, owner.id)).toBe(false);
    const other = makeUser(t.db, "instructor", "other-co");
    expect(addCoTeacher(t.db, owner.id, classA.id, other.username).status).toBe("added");
    expect(removeCoTeacher(t.db, co.id, classA.id, other.id)).toBe(false);
    expect(removeCoTeacher(t.db, other.id, classA.id, other.id)).toBe(true);
    expect(getClassForInstructor(t.db, other.id, classA.id)).toBeUndefined();
    expect(removeCoTeacher(t.db, owner.id, classA.id, co.id)).toBe(true);
    expect(getClassForInstructor(t.db, co.id, classA.id)).toBeUndefined();
    expect(listAssignmentProgress(t.db, co.id)).toEqual([]);
    expect(addCoTeacher(t.db, owner.id, classA.id, co.username).status).toBe("added");
  });
});

describe("a class over a term", () => {
  it("warns about a name its instructors already use, whatever the case", () => {
    expect(classesNamed(t.db, owner.id, "  period 2 ").map((c) => c.id)).toEqual([classB.id]);
    expect(classesNamed(t.db, owner.id, "Period 2", classB.id)).toEqual([]);
    expect(classesNamed(t.db, stranger.id, "Period 2")).toEqual([]);
  });

  it("archived is read-only for everyone, gone from the student's lists, and still reviewable by its teachers", () => {
    const joinDebateSession = startDebate(t.db, owner.id, assignmentB, lesson.debates[0]!.id);
    expect(joinDebateSession.status).toBe("started");
    const sessionId = joinDebateSession.status === "started" ? joinDebateSession.session.id : 0;
    expect(joinDebate(t.db, olga.id, sessionId).status).toBe("joined");

    const archived = setClassArchived(t.db, owner.id, classB.id, true);
    expect(archived.status).toBe("archived");
    // The live debate ended with it, and said so on its event stream.
    expect(archived.status === "archived" && archived.endedSessionIds).toEqual([sessionId]);
    expect(getDebateForInstructor(t.db, owner.id, sessionId)?.phase).toBe("ended");

    expect(listClassesForStudent(t.db, olga.id)).toEqual([]);
    expect(listAssignmentsForStudent(t.db, olga.id)).toEqual([]);
    expect(findJoinableClass(t.db, classB.joinCode)).toBeUndefined();
    expect(joinClassByCode(t.db, sam.id, classB.joinCode).status).toBe("bad-code");

    // Its teachers still review it…
    expect(listClassesForInstructor(t.db, owner.id).map((c) => [c.id, c.archivedAt !== null])).toContainEqual([classB.id, true]);
    expect(listResponsesForAssignment(t.db, owner.id, assignmentB)?.[0]?.student.id).toBe(olga.id);
    // …and change nothing in it.
    expect(renameClass(t.db, owner.id, classB.id, "New name")).toBe(false);
    expect(createAssignment(t.db, owner.id, { classId: classB.id, lesson, dueAt: null })).toBeUndefined();
    expect(regenerateJoinCode(t.db, owner.id, classB.id)).toBeUndefined();
    expect(startDebate(t.db, owner.id, assignmentB, lesson.debates[0]!.id).status).toBe("not-found");
    expect(releaseFeedback(t.db, owner.id, assignmentB).status).toBe("not-found");
    const entry = listGradingEntries(t.db, owner.id, assignmentB)!.find((e) => e.itemId === short.id)!;
    expect(gradeResponse(t.db, owner.id, assignmentB, { responseId: entry.responseId, score: 1, comment: "", expectedVersion: entry.gradeVersion }).status).toBe("not-found");

    // Restored, it is as it was.
    expect(setClassArchived(t.db, owner.id, classB.id, false).status).toBe("restored");
    expect(listClassesForStudent(t.db, olga.id).map((c) => c.id)).toEqual([classB.id]);
    expect(renameClass(t.db, owner.id, classB.id, "Period 2")).toBe(true);
  });

  it("is deleted only by its owner and only while it holds no student work", () => {
    expect(classWork(t.db, classB.id)).toEqual({ attempts: 1, debates: 1 });
    expect(deleteClass(t.db, owner.id, classB.id)).toMatchObject({ status: "has-work", attempts: 1, debates: 1 });
    const mistake = createClass(t.db, owner.id, "Period 1");
    joinClassByCode(t.db, sam.id, mistake.joinCode);
    const unused = createAssignment(t.db, owner.id, { classId: mistake.id, lesson, dueAt: null })!;
    expect(addCoTeacher(t.db, owner.id, mistake.id, co.username).status).toBe("added");
    // A draft is student work too.
    saveDraftAnswers(t.db, sam.id, unused.id, { [short.id]: { text: "draft" } });
    expect(deleteClass(t.db, owner.id, mistake.id).status).toBe("has-work");
    t.db.$client.prepare("delete from responses where attempt_id in (select id from attempts where assignment_id = ?)").run(unused.id);
    t.db.$client.prepare("delete from attempts where assignment_id = ?").run(unused.id);
    expect(deleteClass(t.db, stranger.id, mistake.id).status).toBe("not-found");
    expect(deleteClass(t.db, owner.id, mistake.id).status).toBe("deleted");
    expect(getClassForInstructor(t.db, owner.id, mistake.id)).toBeUndefined();
    expect(listClassesForStudent(t.db, sam.id).map((c) => c.id)).toEqual([classA.id]);
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { closedMessage } from "@/lib/write-window";
import { assignments, attempts, attemptSubmissions, responses } from "../schema";
import { makeUser, openTestDatabase } from "../test-support";
import {
  createAssignment,
  getAssignmentForStudent,
  listAssignmentsForClass,
  listAssignmentsForStudent,
  removeExtension,
  restoreAssignment,
  setExtension,
  unassign,
  updateAssignment,
} from "./assignments";
import {
  AttemptError,
  getStudentAttempt,
  listEarlierSubmissions,
  listResponsesForAssignment,
  returnAttempt,
  saveDraftAnswers,
  submitAttempt,
  writeWindowFor,
} from "./attempts";
import { createClass, joinClassByCode } from "./classes";
import { gradeResponse } from "./grading";
import { startDebate } from "./debates";
import type { PublicUser } from "./users";

const t = openTestDatabase();
afterAll(() => t.close());

const lesson = loadLessons().lessons.find((l) => l.id === "north-korea-legacy") as Lesson;
const questions = lesson.excerpts.flatMap((x) => x.questions);
const single = questions.find((q) => q.type === "single")! as Extract<Lesson["excerpts"][number]["questions"][number], { type: "single" }>;
const shorts = questions.filter((q) => q.type === "short");
const [short, short2] = [shorts[0]!, shorts[1] ?? shorts[0]!];
const correct = single.choices.find((c) => c.correct)!.id;
const wrong = single.choices.find((c) => !c.correct)!.id;

let instructor: PublicUser, colleague: PublicUser, ana: PublicUser, ben: PublicUser;
let classId: number;
const HOUR = 3_600_000;

beforeAll(() => {
  instructor = makeUser(t.db, "instructor");
  colleague = makeUser(t.db, "instructor");
  ana = makeUser(t.db, "student");
  ben = makeUser(t.db, "student");
  const cls = createClass(t.db, instructor.id, "Term");
  classId = cls.id;
  joinClassByCode(t.db, ana.id, cls.joinCode);
  joinClassByCode(t.db, ben.id, cls.joinCode);
});

const assign = (over: Partial<Parameters<typeof createAssignment>[2]> = {}) => createAssignment(t.db, instructor.id, { classId, lesson, dueAt: null, ...over })!;
const rowOf = (assignmentId: number, studentId: number) => listResponsesForAssignment(t.db, instructor.id, assignmentId)!.find((r) => r.student.id === studentId)!;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AttemptError) return error;
    throw error;
  }
  throw new Error("not refused");
};

describe("returning a submission and resubmitting", () => {
  it("keeps submission 1 with its grades in the history; scores use the latest; a changed answer is graded afresh", () => {
    const a = assign();
    submitAttempt(t.db, ana.id, a.id, { [single.id]: { choice: wrong }, [short.id]: { text: "First try" }, [short2.id]: { text: "Unchanged answer" } }, 1000);
    const graded = t.db.select().from(responses).all().filter((r) => r.itemId === short.id || r.itemId === short2.id);
    for (const r of graded.filter((r) => r.attemptId === rowOf(a.id, ana.id).attempt!.id)) {
      expect(gradeResponse(t.db, instructor.id, a.id, { responseId: r.id, score: 1, comment: `Comment on ${r.itemId}`, expectedVersion: 0 }).status).toBe("saved");
    }
    const first = rowOf(a.id, ana.id);
    expect(first.submission).toBe(1);
    const firstScore = first.attempt!.score;

    // Someone else's class, or a draft: nothing to return.
    expect(returnAttempt(t.db, colleague.id, a.id, ana.id, "No").status).toBe("not-found");
    expect(returnAttempt(t.db, instructor.id, a.id, ben.id, "No").status).toBe("not-found");
    expect(returnAttempt(t.db, instructor.id, a.id, ana.id, "Use the text for question 1.", 2000)).toEqual({ status: "returned", number: 1 });
    expect(returnAttempt(t.db, instructor.id, a.id, ana.id, "Twice").status).toBe("not-submitted");

    const returned = getStudentAttempt(t.db, ana.id, a.id)!;
    expect(returned.attempt).toMatchObject({ status: "in_progress", returnNote: "Use the text for question 1.", returnedAt: 2000, returnedBy: instructor.id, submittedAt: null });
    expect(returned.responses.get(short.id)?.answer).toEqual({ text: "First try" });
    expect(rowOf(a.id, ana.id).submission).toBe(2);

    // The student changes two answers and resubmits: scored afresh.
    saveDraftAnswers(t.db, ana.id, a.id, { [single.id]: { choice: correct }, [short.id]: { text: "Second try" } }, 3000);
    expect(submitAttempt(t.db, ana.id, a.id, undefined, 4000).status).toBe("submitted");
    const latest = getStudentAttempt(t.db, ana.id, a.id)!;
    expect(latest.attempt).toMatchObject({ status: "submitted", submittedAt: 4000, returnedAt: null, returnNote: null });
    expect(latest.responses.get(single.id)?.score).toBe(single.points);
    // Changed: waits for a new grade, the old comment is gone from the current submission.
    expect(latest.responses.get(short.id)).toMatchObject({ score: null, comment: null, gradedBy: null, needsGrading: true });
    if (short2.id !== short.id) {
      // Unchanged: the hand grade stays.
      expect(latest.responses.get(short2.id)).toMatchObject({ score: 1, comment: `Comment on ${short2.id}`, gradedBy: instructor.id });
      expect(latest.attempt!.score).toBe(single.points + 1);
    }
    // The first submission: two hand grades of 1, the choice wrong.
    expect(firstScore).toBe(short2.id !== short.id ? 2 : 1);

    const history = listEarlierSubmissions(t.db, instructor.id, a.id, ana.id)!;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ number: 1, submittedAt: 1000, score: firstScore, returnedAt: 2000, returnNote: "Use the text for question 1." });
    const kept = new Map(history[0]!.responses.map((r) => [r.itemId, r]));
    expect(kept.get(short.id)).toMatchObject({ answer: { text: "First try" }, score: 1, comment: `Comment on ${short.id}` });
    expect(kept.get(single.id)).toMatchObject({ answer: { choice: wrong }, score: 0 });
    expect(listEarlierSubmissions(t.db, colleague.id, a.id, ana.id)).toBeUndefined();

    // The grid and exports read the latest submission, numbered 2.
    expect(rowOf(a.id, ana.id)).toMatchObject({ submission: 2, late: false });
    // A second return numbers the next one.
    expect(returnAttempt(t.db, instructor.id, a.id, ana.id, "", 5000)).toEqual({ status: "returned", number: 2 });
    expect(t.db.select().from(attemptSubmissions).where(eq(attemptSubmissions.attemptId, latest.attempt!.id)).all().map((s) => s.number)).toEqual([1, 2]);
    expect(listAssignmentsForStudent(t.db, ana.id).find((x) => x.id === a.id)?.status).toBe("returned");
  });
});

describe("late work", () => {
  it("is accepted and marked late when the policy accepts it", () => {
    const a = assign({ dueAt: 10_000 });
    submitAttempt(t.db, ana.id, a.id, { [single.id]: { choice: correct } }, 9_000);
    submitAttempt(t.db, ben.id, a.id, { [single.id]: { choice: correct } }, 11_000);
    expect(rowOf(a.id, ana.id).late).toBe(false);
    expect(rowOf(a.id, ben.id).late).toBe(true);
    expect(listAssignmentsForStudent(t.db, ben.id).find((x) => x.id === a.id)?.late).toBe(true);
    expect(listAssignmentsForStudent(t.db, ana.id).find((x) => x.id === a.id)?.late).toBe(false);
  });

  it("is refused after the due date when the lesson closes, keeping the draft; an extension or a reopen lets one student in", () => {
    const due = Date.now() - HOUR;
    const a = assign({ dueAt: due - HOUR, latePolicy: "close" });
    // Saved while it was open (the instructor moves the due date back afterwards).
    updateAssignment(t.db, instructor.id, a.id, { dueAt: Date.now() + HOUR, latePolicy: "close", feedbackMode: "immediate", instructions: null });
    saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "My draft" } });
    saveDraftAnswers(t.db, ben.id, a.id, { [short.id]: { text: "Ben's draft" } });
    updateAssignment(t.db, instructor.id, a.id, { dueAt: due, latePolicy: "close", feedbackMode: "immediate", instructions: null });

    const before = t.db.select().from(responses).all();
    for (const attempt of [() => saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "Too late" } }), () => submitAttempt(t.db, ana.id, a.id)]) {
      const error = refusal(attempt);
      expect(error.code).toBe("closed");
      expect(error.message).toBe(closedMessage(due));
    }
    expect(t.db.select().from(responses).all()).toEqual(before);
    expect(getStudentAttempt(t.db, ana.id, a.id)!.responses.get(short.id)?.answer).toEqual({ text: "My draft" });
    expect(writeWindowFor(t.db, ana.id, a.id)).toMatchObject({ ok: false, reason: "closed" });

    // Ben gets until tomorrow: he can submit, on time for him. Ana is reopened with no due date.
    expect(setExtension(t.db, colleague.id, a.id, ben.id, Date.now() + 24 * HOUR)).toBe(false);
    expect(setExtension(t.db, instructor.id, a.id, makeUser(t.db, "student").id, null)).toBe(false);
    expect(setExtension(t.db, instructor.id, a.id, ben.id, Date.now() + 24 * HOUR)).toBe(true);
    expect(submitAttempt(t.db, ben.id, a.id).status).toBe("submitted");
    expect(rowOf(a.id, ben.id)).toMatchObject({ late: false, extended: true });
    expect(listAssignmentsForStudent(t.db, ben.id).find((x) => x.id === a.id)?.dueAt).toBeGreaterThan(Date.now());

    expect(setExtension(t.db, instructor.id, a.id, ana.id, null)).toBe(true);
    expect(writeWindowFor(t.db, ana.id, a.id)).toEqual({ ok: true, dueAt: null, late: false });
    saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "Finished now" } });
    // Removing the reopen closes it again for her.
    expect(removeExtension(t.db, instructor.id, a.id, ana.id)).toBe(true);
    expect(removeExtension(t.db, instructor.id, a.id, ana.id)).toBe(false);
    expect(refusal(() => submitAttempt(t.db, ana.id, a.id)).code).toBe("closed");
    expect(getStudentAttempt(t.db, ana.id, a.id)!.responses.get(short.id)?.answer).toEqual({ text: "Finished now" });
  });

  it("an extension to an earlier date than the class's closes the lesson earlier for that student only", () => {
    const a = assign({ dueAt: Date.now() + HOUR, latePolicy: "close" });
    setExtension(t.db, instructor.id, a.id, ben.id, Date.now() - HOUR);
    expect(refusal(() => saveDraftAnswers(t.db, ben.id, a.id, { [short.id]: { text: "x" } })).code).toBe("closed");
    expect(saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "x" } }).savedAt).toBeGreaterThan(0);
  });
});

describe("unassigning", () => {
  it("deletes an assignment nobody has started", () => {
    const a = assign();
    expect(unassign(t.db, colleague.id, a.id).status).toBe("not-found");
    setExtension(t.db, instructor.id, a.id, ana.id, null);
    expect(unassign(t.db, instructor.id, a.id).status).toBe("deleted");
    expect(t.db.select().from(assignments).where(eq(assignments.id, a.id)).get()).toBeUndefined();
  });

  it("archives one with student work: hidden from students, kept for instructors, restorable", () => {
    const a = assign();
    saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "Work in progress" } });
    const attemptsBefore = t.db.select().from(attempts).all();
    const responsesBefore = t.db.select().from(responses).all();
    expect(unassign(t.db, instructor.id, a.id, 7000)).toEqual({ status: "archived", at: 7000 });
    expect(unassign(t.db, instructor.id, a.id).status).toBe("already-archived");
    expect(t.db.select().from(attempts).all()).toEqual(attemptsBefore);
    expect(t.db.select().from(responses).all()).toEqual(responsesBefore);

    expect(listAssignmentsForStudent(t.db, ana.id).some((x) => x.id === a.id)).toBe(false);
    expect(getAssignmentForStudent(t.db, ana.id, a.id)).toBeUndefined();
    expect(getStudentAttempt(t.db, ana.id, a.id)).toBeUndefined();
    expect(writeWindowFor(t.db, ana.id, a.id)).toBeUndefined();
    expect(refusal(() => saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "x" } })).code).toBe("not-found");
    // Still the instructors': listed as archived, reviewable.
    expect(listAssignmentsForClass(t.db, instructor.id, classId).find((x) => x.id === a.id)?.archivedAt).toBe(7000);
    expect(rowOf(a.id, ana.id).responses.get(short.id)?.answer).toEqual({ text: "Work in progress" });

    expect(restoreAssignment(t.db, colleague.id, a.id)).toBe(false);
    expect(restoreAssignment(t.db, instructor.id, a.id)).toBe(true);
    expect(restoreAssignment(t.db, instructor.id, a.id)).toBe(false);
    expect(getStudentAttempt(t.db, ana.id, a.id)!.responses.get(short.id)?.answer).toEqual({ text: "Work in progress" });
  });

  it("archives one with a debate session even without attempts", () => {
    const a = assign();
    expect(startDebate(t.db, instructor.id, a.id, lesson.debates[0]!.id).status).toBe("started");
    expect(unassign(t.db, instructor.id, a.id).status).toBe("archived");
  });
});

describe("editing an assignment", () => {
  it("changes its settings for the instructors who teach it, and holds feedback again when switched to release", () => {
    const a = assign({ feedbackMode: "on_release" });
    t.db.update(assignments).set({ feedbackReleasedAt: 5 }).where(eq(assignments.id, a.id)).run();
    expect(updateAssignment(t.db, colleague.id, a.id, { dueAt: 1, latePolicy: "close", feedbackMode: "immediate", instructions: "x" })).toBe(false);
    expect(updateAssignment(t.db, instructor.id, a.id, { dueAt: 99, latePolicy: "close", feedbackMode: "immediate", instructions: "  Read closely.  " })).toBe(true);
    expect(t.db.select().from(assignments).where(eq(assignments.id, a.id)).get()).toMatchObject({ dueAt: 99, latePolicy: "close", feedbackMode: "immediate", instructions: "Read closely." });
    updateAssignment(t.db, instructor.id, a.id, { dueAt: null, latePolicy: "accept", feedbackMode: "on_release", instructions: "" });
    expect(t.db.select().from(assignments).where(eq(assignments.id, a.id)).get()).toMatchObject({ dueAt: null, feedbackReleasedAt: null, instructions: null });
  });
});

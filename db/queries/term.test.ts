import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { closedMessage } from "@/lib/write-window";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
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
import { getDebateForInstructor, listLiveDebatesForStudent, listPastDebatesForStudent, startDebate } from "./debates";
import type { PublicUser } from "./users";

let t: TestDatabase;
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
/** Every response, in id order (PostgreSQL has no other order without one). */
const allResponses = () => t.db.all(t.db.q.select().from(t.db.t.responses).orderBy(asc(t.db.t.responses.id)));
const allAttempts = () => t.db.all(t.db.q.select().from(t.db.t.attempts).orderBy(asc(t.db.t.attempts.id)));
const assignmentRow = (id: number) => t.db.get(t.db.q.select().from(t.db.t.assignments).where(eq(t.db.t.assignments.id, id)));

beforeAll(async () => {
  t = await openTestDatabase();
  instructor = await makeUser(t.db, "instructor");
  colleague = await makeUser(t.db, "instructor");
  ana = await makeUser(t.db, "student");
  ben = await makeUser(t.db, "student");
  const cls = await createClass(t.db, instructor.id, "Term");
  classId = cls.id;
  await joinClassByCode(t.db, ana.id, cls.joinCode);
  await joinClassByCode(t.db, ben.id, cls.joinCode);
});

const assign = async (over: Partial<Parameters<typeof createAssignment>[2]> = {}) => (await createAssignment(t.db, instructor.id, { classId, lesson, dueAt: null, ...over }))!;
const rowOf = async (assignmentId: number, studentId: number) => (await listResponsesForAssignment(t.db, instructor.id, assignmentId))!.find((r) => r.student.id === studentId)!;
const refusal = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (error) {
    if (error instanceof AttemptError) return error;
    throw error;
  }
  throw new Error("not refused");
};

describe("returning a submission and resubmitting", () => {
  it("keeps submission 1 with its grades in the history; scores use the latest; a changed answer is graded afresh", async () => {
    const a = await assign();
    await submitAttempt(t.db, ana.id, a.id, { [single.id]: { choice: wrong }, [short.id]: { text: "First try" }, [short2.id]: { text: "Unchanged answer" } }, 1000);
    const graded = (await allResponses()).filter((r) => r.itemId === short.id || r.itemId === short2.id);
    const attemptId = (await rowOf(a.id, ana.id)).attempt!.id;
    for (const r of graded.filter((r) => r.attemptId === attemptId)) {
      expect((await gradeResponse(t.db, instructor.id, a.id, { responseId: r.id, score: 1, comment: `Comment on ${r.itemId}`, expectedVersion: 0 })).status).toBe("saved");
    }
    const first = await rowOf(a.id, ana.id);
    expect(first.submission).toBe(1);
    const firstScore = first.attempt!.score;

    // Someone else's class, or a draft: nothing to return.
    expect((await returnAttempt(t.db, colleague.id, a.id, ana.id, "No")).status).toBe("not-found");
    expect((await returnAttempt(t.db, instructor.id, a.id, ben.id, "No")).status).toBe("not-found");
    expect(await returnAttempt(t.db, instructor.id, a.id, ana.id, "Use the text for question 1.", 2000)).toEqual({ status: "returned", number: 1 });
    expect((await returnAttempt(t.db, instructor.id, a.id, ana.id, "Twice")).status).toBe("not-submitted");

    const returned = (await getStudentAttempt(t.db, ana.id, a.id))!;
    expect(returned.attempt).toMatchObject({ status: "in_progress", returnNote: "Use the text for question 1.", returnedAt: 2000, returnedBy: instructor.id, submittedAt: null });
    expect(returned.responses.get(short.id)?.answer).toEqual({ text: "First try" });
    expect((await rowOf(a.id, ana.id)).submission).toBe(2);

    // The student changes two answers and resubmits: scored afresh.
    await saveDraftAnswers(t.db, ana.id, a.id, { [single.id]: { choice: correct }, [short.id]: { text: "Second try" } }, 3000);
    expect((await submitAttempt(t.db, ana.id, a.id, undefined, 4000)).status).toBe("submitted");
    const latest = (await getStudentAttempt(t.db, ana.id, a.id))!;
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

    const history = (await listEarlierSubmissions(t.db, instructor.id, a.id, ana.id))!;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ number: 1, submittedAt: 1000, score: firstScore, returnedAt: 2000, returnNote: "Use the text for question 1." });
    const kept = new Map(history[0]!.responses.map((r) => [r.itemId, r]));
    expect(kept.get(short.id)).toMatchObject({ answer: { text: "First try" }, score: 1, comment: `Comment on ${short.id}` });
    expect(kept.get(single.id)).toMatchObject({ answer: { choice: wrong }, score: 0 });
    expect(await listEarlierSubmissions(t.db, colleague.id, a.id, ana.id)).toBeUndefined();

    // The grid and exports read the latest submission, numbered 2.
    expect(await rowOf(a.id, ana.id)).toMatchObject({ submission: 2, late: false });
    // A second return numbers the next one.
    expect(await returnAttempt(t.db, instructor.id, a.id, ana.id, "", 5000)).toEqual({ status: "returned", number: 2 });
    expect((await t.db.all(t.db.q.select().from(t.db.t.attemptSubmissions).where(eq(t.db.t.attemptSubmissions.attemptId, latest.attempt!.id)).orderBy(asc(t.db.t.attemptSubmissions.number)))).map((s) => s.number)).toEqual([1, 2]);
    expect((await listAssignmentsForStudent(t.db, ana.id)).find((x) => x.id === a.id)?.status).toBe("returned");
  });
});

describe("late work", () => {
  it("is accepted and marked late when the policy accepts it", async () => {
    const a = await assign({ dueAt: 10_000 });
    await submitAttempt(t.db, ana.id, a.id, { [single.id]: { choice: correct } }, 9_000);
    await submitAttempt(t.db, ben.id, a.id, { [single.id]: { choice: correct } }, 11_000);
    expect((await rowOf(a.id, ana.id)).late).toBe(false);
    expect((await rowOf(a.id, ben.id)).late).toBe(true);
    expect((await listAssignmentsForStudent(t.db, ben.id)).find((x) => x.id === a.id)?.late).toBe(true);
    expect((await listAssignmentsForStudent(t.db, ana.id)).find((x) => x.id === a.id)?.late).toBe(false);
  });

  it("is refused after the due date when the lesson closes, keeping the draft; an extension or a reopen lets one student in", async () => {
    const due = Date.now() - HOUR;
    const a = await assign({ dueAt: due - HOUR, latePolicy: "close" });
    // Saved while it was open (the instructor moves the due date back afterwards).
    await updateAssignment(t.db, instructor.id, a.id, { dueAt: Date.now() + HOUR, latePolicy: "close", feedbackMode: "immediate", instructions: null });
    await saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "My draft" } });
    await saveDraftAnswers(t.db, ben.id, a.id, { [short.id]: { text: "Ben's draft" } });
    await updateAssignment(t.db, instructor.id, a.id, { dueAt: due, latePolicy: "close", feedbackMode: "immediate", instructions: null });

    const before = (await allResponses());
    for (const attempt of [() => saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "Too late" } }), () => submitAttempt(t.db, ana.id, a.id)]) {
      const error = await refusal(attempt);
      expect(error.code).toBe("closed");
      expect(error.message).toBe(closedMessage(due));
    }
    expect((await allResponses())).toEqual(before);
    expect((await getStudentAttempt(t.db, ana.id, a.id))!.responses.get(short.id)?.answer).toEqual({ text: "My draft" });
    expect(await writeWindowFor(t.db, ana.id, a.id)).toMatchObject({ ok: false, reason: "closed" });

    // Ben gets until tomorrow: he can submit, on time for him. Ana is reopened with no due date.
    expect(await setExtension(t.db, colleague.id, a.id, ben.id, Date.now() + 24 * HOUR)).toBe(false);
    expect(await setExtension(t.db, instructor.id, a.id, (await makeUser(t.db, "student")).id, null)).toBe(false);
    expect(await setExtension(t.db, instructor.id, a.id, ben.id, Date.now() + 24 * HOUR)).toBe(true);
    expect((await submitAttempt(t.db, ben.id, a.id)).status).toBe("submitted");
    expect(await rowOf(a.id, ben.id)).toMatchObject({ late: false, extended: true });
    expect((await listAssignmentsForStudent(t.db, ben.id)).find((x) => x.id === a.id)?.dueAt).toBeGreaterThan(Date.now());

    expect(await setExtension(t.db, instructor.id, a.id, ana.id, null)).toBe(true);
    expect(await writeWindowFor(t.db, ana.id, a.id)).toEqual({ ok: true, dueAt: null, late: false });
    await saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "Finished now" } });
    // Removing the reopen closes it again for her.
    expect(await removeExtension(t.db, instructor.id, a.id, ana.id)).toBe(true);
    expect(await removeExtension(t.db, instructor.id, a.id, ana.id)).toBe(false);
    expect((await refusal(() => submitAttempt(t.db, ana.id, a.id))).code).toBe("closed");
    expect((await getStudentAttempt(t.db, ana.id, a.id))!.responses.get(short.id)?.answer).toEqual({ text: "Finished now" });
  });

  it("a submission returned for revision after the lesson closed can be revised and resubmitted; the lesson stays closed for the rest", async () => {
    const a = await assign({ dueAt: Date.now() + HOUR, latePolicy: "close" });
    await submitAttempt(t.db, ana.id, a.id, { [short.id]: { text: "First try" } });
    await saveDraftAnswers(t.db, ben.id, a.id, { [short.id]: { text: "Ben's draft" } });
    await updateAssignment(t.db, instructor.id, a.id, { dueAt: Date.now() - HOUR, latePolicy: "close", feedbackMode: "immediate", instructions: null });
    expect((await returnAttempt(t.db, instructor.id, a.id, ana.id, "Quote the text.")).status).toBe("returned");

    expect(await writeWindowFor(t.db, ana.id, a.id)).toMatchObject({ ok: true });
    await saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "Second try, quoting the text" } });
    expect((await submitAttempt(t.db, ana.id, a.id)).status).toBe("submitted");
    expect((await getStudentAttempt(t.db, ana.id, a.id))!.responses.get(short.id)?.answer).toEqual({ text: "Second try, quoting the text" });
    // Resubmitted, it is closed again like everyone else's; Ben was never returned anything.
    expect(await writeWindowFor(t.db, ana.id, a.id)).toMatchObject({ ok: false, reason: "closed" });
    expect((await refusal(() => saveDraftAnswers(t.db, ben.id, a.id, { [short.id]: { text: "x" } }))).code).toBe("closed");
  });

  it("an extension to an earlier date than the class's closes the lesson earlier for that student only", async () => {
    const a = await assign({ dueAt: Date.now() + HOUR, latePolicy: "close" });
    await setExtension(t.db, instructor.id, a.id, ben.id, Date.now() - HOUR);
    expect((await refusal(() => saveDraftAnswers(t.db, ben.id, a.id, { [short.id]: { text: "x" } }))).code).toBe("closed");
    expect((await saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "x" } })).savedAt).toBeGreaterThan(0);
  });
});

describe("unassigning", () => {
  it("deletes an assignment nobody has started", async () => {
    const a = await assign();
    expect((await unassign(t.db, colleague.id, a.id)).status).toBe("not-found");
    await setExtension(t.db, instructor.id, a.id, ana.id, null);
    expect((await unassign(t.db, instructor.id, a.id)).status).toBe("deleted");
    expect((await assignmentRow(a.id))).toBeUndefined();
  });

  it("archives one with student work: hidden from students, kept for instructors, restorable", async () => {
    const a = await assign();
    await saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "Work in progress" } });
    const attemptsBefore = (await allAttempts());
    const responsesBefore = (await allResponses());
    expect(await unassign(t.db, instructor.id, a.id, 7000)).toEqual({ status: "archived", at: 7000, endedDebates: [], endedSessionIds: [] });
    expect((await unassign(t.db, instructor.id, a.id)).status).toBe("already-archived");
    expect((await allAttempts())).toEqual(attemptsBefore);
    expect((await allResponses())).toEqual(responsesBefore);

    expect((await listAssignmentsForStudent(t.db, ana.id)).some((x) => x.id === a.id)).toBe(false);
    expect(await getAssignmentForStudent(t.db, ana.id, a.id)).toBeUndefined();
    expect(await getStudentAttempt(t.db, ana.id, a.id)).toBeUndefined();
    expect(await writeWindowFor(t.db, ana.id, a.id)).toBeUndefined();
    expect((await refusal(() => saveDraftAnswers(t.db, ana.id, a.id, { [short.id]: { text: "x" } }))).code).toBe("not-found");
    // Still the instructors': listed as archived, reviewable.
    expect((await listAssignmentsForClass(t.db, instructor.id, classId)).find((x) => x.id === a.id)?.archivedAt).toBe(7000);
    expect((await rowOf(a.id, ana.id)).responses.get(short.id)?.answer).toEqual({ text: "Work in progress" });

    expect(await restoreAssignment(t.db, colleague.id, a.id)).toBe(false);
    expect(await restoreAssignment(t.db, instructor.id, a.id)).toBe(true);
    expect(await restoreAssignment(t.db, instructor.id, a.id)).toBe(false);
    expect((await getStudentAttempt(t.db, ana.id, a.id))!.responses.get(short.id)?.answer).toEqual({ text: "Work in progress" });
  });

  it("archives one with a debate session even without attempts, ending the debate if it is still running", async () => {
    const a = await assign();
    const started = await startDebate(t.db, instructor.id, a.id, lesson.debates[0]!.id);
    if (started.status !== "started") throw new Error(started.status);
    const result = await unassign(t.db, instructor.id, a.id, 8000);
    expect(result).toMatchObject({ status: "archived", endedSessionIds: [started.session.id], endedDebates: [{ type: "phase", data: { phase: "ended" } }] });
    expect(await getDebateForInstructor(t.db, instructor.id, started.session.id)).toMatchObject({ phase: "ended", endedAt: 8000 });
    expect(await listLiveDebatesForStudent(t.db, ana.id)).toEqual([]);
    // Not among the class's past debates either: the lesson is gone for students.
    expect(await listPastDebatesForStudent(t.db, ana.id)).toEqual([]);
    await restoreAssignment(t.db, instructor.id, a.id);
    expect((await listPastDebatesForStudent(t.db, ana.id)).map((d) => d.id)).toEqual([started.session.id]);
  });
});

describe("editing an assignment", () => {
  it("changes its settings for the instructors who teach it, and holds feedback again when switched to release", async () => {
    const a = await assign({ feedbackMode: "on_release" });
    await t.db.run(t.db.q.update(t.db.t.assignments).set({ feedbackReleasedAt: 5 }).where(eq(t.db.t.assignments.id, a.id)));
    expect(await updateAssignment(t.db, colleague.id, a.id, { dueAt: 1, latePolicy: "close", feedbackMode: "immediate", instructions: "x" })).toBe(false);
    expect(await updateAssignment(t.db, instructor.id, a.id, { dueAt: 99, latePolicy: "close", feedbackMode: "immediate", instructions: "  Read closely.  " })).toBe(true);
    expect((await assignmentRow(a.id))).toMatchObject({ dueAt: 99, latePolicy: "close", feedbackMode: "immediate", instructions: "Read closely." });
    await updateAssignment(t.db, instructor.id, a.id, { dueAt: null, latePolicy: "accept", feedbackMode: "on_release", instructions: "" });
    expect((await assignmentRow(a.id))).toMatchObject({ dueAt: null, feedbackReleasedAt: null, instructions: null });
  });
});

describe("an unassigned lesson's work", () => {
  it("is not returned for revision until the lesson is restored: its students could not see it", async () => {
    const a = await assign();
    await submitAttempt(t.db, ana.id, a.id, { [short.id]: { text: "Handed in" } });
    expect(await unassign(t.db, instructor.id, a.id)).toMatchObject({ status: "archived" });
    expect(await returnAttempt(t.db, instructor.id, a.id, ana.id, "Try again")).toEqual({ status: "archived" });
    expect((await getStudentAttempt(t.db, ana.id, a.id))).toBeUndefined();
    expect(await restoreAssignment(t.db, instructor.id, a.id)).toBe(true);
    expect((await getStudentAttempt(t.db, ana.id, a.id))!.attempt).toMatchObject({ status: "submitted", returnedAt: null });
    expect(await returnAttempt(t.db, instructor.id, a.id, ana.id, "Try again")).toMatchObject({ status: "returned" });
  });
});

describe("a student's dashboard", () => {
  it("orders lessons by the due date that applies to the student: their own, where they have one", async () => {
    const room = await createClass(t.db, instructor.id, "Own dates");
    const [cai, dee] = [await makeUser(t.db, "student"), await makeUser(t.db, "student")];
    for (const s of [cai, dee]) await joinClassByCode(t.db, s.id, room.joinCode);
    const now = Date.now();
    const sooner = (await createAssignment(t.db, instructor.id, { classId: room.id, lesson, dueAt: now + 24 * HOUR }))!.id;
    const later = (await createAssignment(t.db, instructor.id, { classId: room.id, lesson, dueAt: now + 48 * HOUR }))!.id;
    const open = (await createAssignment(t.db, instructor.id, { classId: room.id, lesson, dueAt: null }))!.id;
    // Cai has until next week for the sooner one; Dee has a due date of her own, in 12 hours, for the open one.
    expect(await setExtension(t.db, instructor.id, sooner, cai.id, now + 7 * 24 * HOUR)).toBe(true);
    expect(await setExtension(t.db, instructor.id, open, dee.id, now + 12 * HOUR)).toBe(true);
    const order = async (studentId: number) => (await listAssignmentsForStudent(t.db, studentId)).filter((a) => a.classId === room.id).map((a) => a.id);
    expect(await order(cai.id)).toEqual([later, sooner, open]);
    expect(await order(dee.id)).toEqual([open, sooner, later]);
  });
});

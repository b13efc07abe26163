import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import { createAssignment, releaseFeedback } from "./assignments";
import { getStudentAttempt, submitAttempt } from "./attempts";
import { createClass, joinClassByCode } from "./classes";
import { addSnippet, gradeResponse, listGradingEntries, listSnippets } from "./grading";
import type { PublicUser } from "./users";

let t: TestDatabase;
afterAll(() => t?.close());
const lesson = loadLessons().lessons[0] as Lesson;
const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
const debate = lesson.debates[0]!;

let owner: PublicUser, other: PublicUser, students: PublicUser[];
let assignmentId: number;

beforeAll(async () => {
  t = await openTestDatabase();
  owner = await makeUser(t.db, "instructor");
  other = await makeUser(t.db, "instructor");
  const cls = await createClass(t.db, owner.id, "Grading");
  assignmentId = (await createAssignment(t.db, owner.id, { classId: cls.id, lesson, dueAt: null, feedbackMode: "on_release" }))!.id;
  students = [];
  for (const name of ["Zed", "Amy", "Mo", "Lia", "Bo"]) students.push(await makeUser(t.db, "student", name));
  for (const s of students) {
    await joinClassByCode(t.db, s.id, cls.joinCode);
    await submitAttempt(t.db, s.id, assignmentId, {
      [short.id]: { text: `${s.displayName}'s answer` },
      [debate.id]: { stance: 4, argument: "An argument", citations: [] },
    });
  }
});

const entryFor = async (studentId: number, itemId = short.id) =>
  (await listGradingEntries(t.db, owner.id, assignmentId))!.find((e) => e.studentId === studentId && e.itemId === itemId)!;

describe("the grading queue", () => {
  it("lists every hand-graded response of submitted attempts, question by question", async () => {
    const entries = (await listGradingEntries(t.db, owner.id, assignmentId))!;
    expect(entries).toHaveLength(students.length * 2);
    expect(entries.slice(0, 5).every((e) => e.itemId === short.id)).toBe(true);
    expect(entries.slice(0, 5).map((e) => e.studentName)).toEqual(["Amy", "Bo", "Lia", "Mo", "Zed"]);
  });

  it("anonymised, does not follow the roster's order", async () => {
    const names = (await listGradingEntries(t.db, owner.id, assignmentId, true))!.slice(0, 5).map((e) => e.studentName);
    expect([...names].sort()).toEqual(["Amy", "Bo", "Lia", "Mo", "Zed"]);
    expect(names).not.toEqual(["Amy", "Bo", "Lia", "Mo", "Zed"]);
  });

  it("is nobody else's", async () => {
    expect(await listGradingEntries(t.db, other.id, assignmentId)).toBeUndefined();
  });
});

describe("a grade", () => {
  it("is saved within 0..points and counted in the attempt's total", async () => {
    const student = students[0]!;
    const entry = await entryFor(student.id);
    const before = (await getStudentAttempt(t.db, student.id, assignmentId))!.attempt!.score!;
    expect(await gradeResponse(t.db, owner.id, assignmentId, { responseId: entry.responseId, score: short.points + 1, comment: "", expectedVersion: 0 })).toEqual({
      status: "out-of-range",
      max: short.points,
    });
    expect((await gradeResponse(t.db, owner.id, assignmentId, { responseId: entry.responseId, score: -1, comment: "", expectedVersion: 0 })).status).toBe("out-of-range");
    expect(await gradeResponse(t.db, owner.id, assignmentId, { responseId: entry.responseId, score: 2, comment: "Good use of the text.", expectedVersion: 0 })).toEqual({
      status: "saved",
      version: 1,
    });
    const after = (await getStudentAttempt(t.db, student.id, assignmentId))!;
    expect(after.responses.get(short.id)).toMatchObject({ score: 2, comment: "Good use of the text." });
    expect(after.attempt!.score).toBe(before + 2);
  });

  it("can be changed later", async () => {
    const entry = await entryFor(students[0]!.id);
    const saved = await gradeResponse(t.db, owner.id, assignmentId, { responseId: entry.responseId, score: 3, comment: "Revised.", expectedVersion: entry.gradeVersion });
    expect(saved.status).toBe("saved");
    expect(await entryFor(students[0]!.id)).toMatchObject({ score: 3, comment: "Revised.", gradeVersion: 2 });
  });

  it("made without seeing a newer grade is refused and the newer one shown; replacing it names the grade seen", async () => {
    const entry = await entryFor(students[1]!.id);
    const grade = (score: number, comment: string, expectedVersion: number) =>
      gradeResponse(t.db, owner.id, assignmentId, { responseId: entry.responseId, score, comment, expectedVersion });
    expect((await grade(1, "First grader", 0)).status).toBe("saved");
    // The same grade sent again (its answer lost on the way back) is already saved, not a conflict with oneself.
    expect(await grade(1, "First grader ", 0)).toEqual({ status: "saved", version: 1 });
    const late = await grade(3, "Second grader", 0);
    expect(late).toMatchObject({ status: "conflict", current: { score: 1, comment: "First grader", version: 1 } });
    expect(await entryFor(students[1]!.id)).toMatchObject({ score: 1, comment: "First grader" });
    // Meanwhile a third grader saves: the second grader's "replace version 1" must not erase it unseen.
    expect((await grade(2, "Third grader", 1)).status).toBe("saved");
    expect(await grade(3, "Second grader", 1)).toMatchObject({ status: "conflict", current: { comment: "Third grader", version: 2 } });
    expect((await grade(3, "Second grader", 2)).status).toBe("saved");
    expect(await entryFor(students[1]!.id)).toMatchObject({ score: 3, comment: "Second grader" });
  });

  it("from two graders at the same moment: one is saved, the other told of it (on PostgreSQL, concurrent transactions)", async () => {
    const entry = await entryFor(students[3]!.id);
    const results = await Promise.all(
      [0, 1, 2, 3].map((n) =>
        gradeResponse(t.db, owner.id, assignmentId, { responseId: entry.responseId, score: Math.min(n, short.points), comment: `Grader ${n}`, expectedVersion: entry.gradeVersion }),
      ),
    );
    expect(results.filter((r) => r.status === "saved")).toHaveLength(1);
    expect(results.filter((r) => r.status === "conflict")).toHaveLength(3);
    const kept = await entryFor(students[3]!.id);
    expect(kept.gradeVersion).toBe(entry.gradeVersion + 1);
    expect(kept.comment).toMatch(/^Grader \d$/);
  });

  it("of another instructor's response is not found and changes nothing", async () => {
    const entry = await entryFor(students[2]!.id);
    expect(await gradeResponse(t.db, other.id, assignmentId, { responseId: entry.responseId, score: 1, comment: "", expectedVersion: 0 })).toEqual({ status: "not-found" });
    expect((await entryFor(students[2]!.id)).score).toBeNull();
  });
});

describe("comment snippets", () => {
  it("are kept per question, once, for the owner only", async () => {
    expect(await addSnippet(t.db, owner.id, assignmentId, short.id, "Cite the text.")).toBe(true);
    expect(await addSnippet(t.db, owner.id, assignmentId, short.id, "Cite the text.")).toBe(true);
    expect(await addSnippet(t.db, other.id, assignmentId, short.id, "Sneaky")).toBe(false);
    expect(await addSnippet(t.db, owner.id, assignmentId, "no-such-item", "x")).toBe(false);
    expect((await listSnippets(t.db, owner.id, assignmentId, short.id)).map((s) => s.text)).toEqual(["Cite the text."]);
    expect(await listSnippets(t.db, owner.id, assignmentId, debate.id)).toEqual([]);
    expect(await listSnippets(t.db, other.id, assignmentId, short.id)).toEqual([]);
  });

  it("saved by several graders at once are kept once", async () => {
    const saved = await Promise.all(Array.from({ length: 6 }, () => addSnippet(t.db, owner.id, assignmentId, debate.id, "Which line shows it?")));
    expect(saved).toEqual(Array(6).fill(true));
    expect((await listSnippets(t.db, owner.id, assignmentId, debate.id)).map((s) => s.text)).toEqual(["Which line shows it?"]);
  });
});

describe("releasing feedback", () => {
  it("happens once, by the owner", async () => {
    expect(await releaseFeedback(t.db, other.id, assignmentId)).toEqual({ status: "not-found" });
    expect(await releaseFeedback(t.db, owner.id, assignmentId, 1000)).toEqual({ status: "released", at: 1000 });
    expect(await releaseFeedback(t.db, owner.id, assignmentId, 2000)).toEqual({ status: "already-released", at: 1000 });
  });
});

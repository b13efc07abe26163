import { afterAll, beforeAll, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase, type TestDatabase } from "../test-support";
import { createAssignment, listAssignmentsForStudent } from "./assignments";
import { submitAttempt } from "./attempts";
import { createClass, joinClassByCode } from "./classes";
import { gradeResponse, listGradingEntries } from "./grading";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());
const lesson = loadLessons().lessons[0] as Lesson;
const short = lesson.excerpts.flatMap((x) => x.questions).find((q) => q.type === "short")!;
const debate = lesson.debates[0]!;

it("tells the student how many of their answers still wait for a grade, down to none", async () => {
  const instructor = await makeUser(t.db, "instructor");
  const cls = await createClass(t.db, instructor.id, "Partial");
  const assignment = (await createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null }))!;
  const student = await makeUser(t.db, "student");
  const unanswered = await makeUser(t.db, "student");
  await joinClassByCode(t.db, student.id, cls.joinCode);
  await joinClassByCode(t.db, unanswered.id, cls.joinCode);
  const toGrade = async (id: number) => (await listAssignmentsForStudent(t.db, id)).find((a) => a.id === assignment.id)!.toGrade;

  expect(await toGrade(student.id)).toBe(0);
  await submitAttempt(t.db, student.id, assignment.id, { [short.id]: { text: "An answer" }, [debate.id]: { stance: 2, argument: "Because", citations: [] } });
  // Left blank, a hand-graded item is a final 0: nothing waits.
  await submitAttempt(t.db, unanswered.id, assignment.id, {});
  expect(await toGrade(student.id)).toBe(2);
  expect(await toGrade(unanswered.id)).toBe(0);

  const entries = (await listGradingEntries(t.db, instructor.id, assignment.id))!.filter((e) => e.studentId === student.id);
  expect(entries).toHaveLength(2);
  for (const [i, entry] of entries.entries()) {
    await gradeResponse(t.db, instructor.id, assignment.id, { responseId: entry.responseId, score: 1, comment: "", expectedVersion: 0 });
    expect(await toGrade(student.id)).toBe(entries.length - i - 1);
  }
});

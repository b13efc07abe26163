import { afterAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase } from "../test-support";
import { createAssignment, listAssignmentProgress } from "./assignments";
import { listResponsesForAssignment, submitAttempt } from "./attempts";
import { createClass, joinClassByCode } from "./classes";
import { listGradingEntries } from "./grading";

const t = openTestDatabase();
afterAll(() => t.close());
const lesson = loadLessons().lessons[0] as Lesson;
const questions = lesson.excerpts.flatMap((x) => x.questions);

/** How many SQL statements `run` sends to SQLite. */
function countQueries(run: () => unknown): number {
  const client = t.db.$client;
  const original = client.prepare.bind(client);
  let n = 0;
  client.prepare = ((source: string) => {
    n++;
    return original(source);
  }) as typeof client.prepare;
  try {
    run();
  } finally {
    client.prepare = original;
  }
  return n;
}

describe("the instructor's views of a class of 200", () => {
  it("take a fixed number of queries, not one per student or response", () => {
    const instructor = makeUser(t.db, "instructor");
    const cls = createClass(t.db, instructor.id, "Big class");
    const assignmentId = createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null })!.id;
    const short = questions.find((q) => q.type === "short")!;
    const tf = questions.find((q) => q.type === "truefalse")!;
    for (let i = 0; i < 200; i++) {
      const student = makeUser(t.db, "student", `Student${i}`);
      joinClassByCode(t.db, student.id, cls.joinCode);
      submitAttempt(t.db, student.id, assignmentId, { [short.id]: { text: `answer ${i}` }, [tf.id]: { value: i % 2 === 0 } });
    }

    let rows: ReturnType<typeof listResponsesForAssignment>;
    expect(countQueries(() => (rows = listResponsesForAssignment(t.db, instructor.id, assignmentId)))).toBeLessThanOrEqual(3);
    expect(rows!).toHaveLength(200);
    expect(rows!.every((r) => r.responses.size === 2)).toBe(true);

    let entries: ReturnType<typeof listGradingEntries>;
    expect(countQueries(() => (entries = listGradingEntries(t.db, instructor.id, assignmentId)))).toBeLessThanOrEqual(3);
    expect(entries!).toHaveLength(200);

    let progress: ReturnType<typeof listAssignmentProgress>;
    expect(countQueries(() => (progress = listAssignmentProgress(t.db, instructor.id)))).toBe(1);
    expect(progress!).toEqual([expect.objectContaining({ submitted: 200, students: 200, toGrade: 200 })]);
  });
});

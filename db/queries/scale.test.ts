import { afterAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { makeUser, openTestDatabase } from "../test-support";
import { createAssignment, listAssignmentProgress } from "./assignments";
import { countToGrade, listResponsesForAssignment, listReviewRows, submitAttempt } from "./attempts";
import { createClass, joinClassByCode } from "./classes";
import { listGradingEntries } from "./grading";

const t = openTestDatabase();
afterAll(() => t.close());
const lesson = loadLessons().lessons[0] as Lesson;
const questions = lesson.excerpts.flatMap((x) => x.questions);

/** The SQL statements `run` sends to SQLite, in order. */
function statementsOf(run: () => unknown): string[] {
  const client = t.db.$client;
  const original = client.prepare.bind(client);
  const sources: string[] = [];
  client.prepare = ((source: string) => {
    sources.push(source);
    return original(source);
  }) as typeof client.prepare;
  try {
    run();
  } finally {
    client.prepare = original;
  }
  return sources;
}

/** How many SQL statements `run` sends to SQLite. */
const countQueries = (run: () => unknown): number => statementsOf(run).length;

/** SQLite's plan for every statement `run` sends, one line per step. */
function plansOf(run: () => unknown): string[] {
  // The plan does not depend on the values, so every parameter (drizzle writes each as "?") is bound to null.
  const nulls = (source: string) => new Array((source.match(/\?/g) ?? []).length).fill(null);
  return statementsOf(run).flatMap((source) => (t.db.$client.prepare(`explain query plan ${source}`).all(...nulls(source)) as { detail: string }[]).map((r) => r.detail));
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

    // A page of the grid: every row for the counts, the responses of only the 50 shown.
    let page: ReturnType<typeof listReviewRows>;
    expect(countQueries(() => (page = listReviewRows(t.db, instructor.id, assignmentId, (all) => all.slice(50, 100))))).toBeLessThanOrEqual(3);
    expect(page!.all).toHaveLength(200);
    expect(page!.picked.map((r) => r.student.id)).toEqual(rows!.slice(50, 100).map((r) => r.student.id));
    expect(page!.picked.every((r) => r.responses.size === 2)).toBe(true);
    expect(countToGrade(t.db, assignmentId)).toBe(200);
    expect(plansOf(() => countToGrade(t.db, assignmentId)).join("\n")).toMatch(/USING INDEX responses_to_grade_idx/);

    let entries: ReturnType<typeof listGradingEntries>;
    expect(countQueries(() => (entries = listGradingEntries(t.db, instructor.id, assignmentId)))).toBeLessThanOrEqual(3);
    expect(entries!).toHaveLength(200);

    let progress: ReturnType<typeof listAssignmentProgress>;
    expect(countQueries(() => (progress = listAssignmentProgress(t.db, instructor.id)))).toBe(1);
    expect(progress!).toEqual([expect.objectContaining({ submitted: 200, students: 200, toGrade: 200 })]);
    // Its counts read indexes only: the submitted attempts from a covering index, and of their responses only
    // those still waiting for a grade (a partial index), so /teach does not read every response there is.
    const plan = plansOf(() => listAssignmentProgress(t.db, instructor.id)).join("\n");
    expect(plan).toMatch(/SEARCH \w+ USING COVERING INDEX attempts_assignment_status_idx/);
    expect(plan).toMatch(/SEARCH \w+ USING INDEX responses_to_grade_idx/);
    expect(plan).not.toMatch(/responses_attempt_item_unique|SCAN (r|responses)\b/);
  });
});

describe("the instructor's home page over a term", () => {
  it("lists the latest three assignments of each class, and how many the class has in all", () => {
    const instructor = makeUser(t.db, "instructor");
    const busy = createClass(t.db, instructor.id, "Busy class");
    const quiet = createClass(t.db, instructor.id, "Quiet class");
    const ids = Array.from({ length: 5 }, () => createAssignment(t.db, instructor.id, { classId: busy.id, lesson, dueAt: null })!.id);
    const single = createAssignment(t.db, instructor.id, { classId: quiet.id, lesson, dueAt: null })!.id;
    const progress = listAssignmentProgress(t.db, instructor.id);
    const ofBusy = progress.filter((p) => p.classId === busy.id);
    expect(ofBusy.map((p) => p.id)).toEqual(ids.slice(2).reverse());
    expect(ofBusy.every((p) => p.inClass === 5)).toBe(true);
    expect(progress.filter((p) => p.classId === quiet.id)).toEqual([expect.objectContaining({ id: single, inClass: 1 })]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { sqliteDatabase, type Database } from "../database";
import type { Db } from "../open";
import { makeUser, openSqliteTestFile, openTestDatabase, testDialect, type TestDatabase } from "../test-support";
import { createAssignment, listAssignmentProgress } from "./assignments";
import { countToGrade, listResponsesForAssignment, listReviewRows, submitAttempt } from "./attempts";
import { createClass, joinClassByCode } from "./classes";
import { listGradingEntries } from "./grading";

let t: TestDatabase;
/** On SQLite, the raw connection under `t.db`, to ask it for its query plans. */
let sqlite: Db["$client"] | null = null;
beforeAll(async () => {
  if (testDialect() === "sqlite") {
    const file = openSqliteTestFile();
    sqlite = file.db.$client;
    t = { db: sqliteDatabase(file.db), dialect: "sqlite", close: async () => file.close() };
  } else {
    t = await openTestDatabase();
  }
});
afterAll(() => t?.close());
const lesson = loadLessons().lessons[0] as Lesson;
const questions = lesson.excerpts.flatMap((x) => x.questions);

/** The SQL of every statement `run` sends through the data layer (given to it as `db`), in order. */
async function statementsOf(run: (db: Database) => Promise<unknown>): Promise<string[]> {
  const sources: string[] = [];
  const record = (query: unknown) => {
    sources.push((query as { toSQL(): { sql: string } }).toSQL().sql);
  };
  const recording = (db: Database): Database => ({
    ...db,
    all: (query) => (record(query), db.all(query)),
    get: (query) => (record(query), db.get(query)),
    run: (query) => (record(query), db.run(query)),
    prepared: (name, build) => {
      const prepared = db.prepared(name, build);
      return {
        all: (params) => (record(build(db)), prepared.all(params)),
        get: (params) => (record(build(db)), prepared.get(params)),
        run: (params) => (record(build(db)), prepared.run(params)),
      };
    },
    transaction: (fn) => db.transaction((tx) => fn(recording(tx))),
  });
  await run(recording(t.db));
  return sources;
}

/** How many SQL statements `run` sends. */
const countQueries = async (run: (db: Database) => Promise<unknown>): Promise<number> => (await statementsOf(run)).length;

/** SQLite's plan for every statement `run` sends, one line per step. */
async function plansOf(run: (db: Database) => Promise<unknown>): Promise<string[]> {
  // The plan does not depend on the values, so every parameter (drizzle writes each as "?") is bound to null.
  const nulls = (source: string) => new Array((source.match(/\?/g) ?? []).length).fill(null);
  return (await statementsOf(run)).flatMap((source) => (sqlite!.prepare(`explain query plan ${source}`).all(...nulls(source)) as { detail: string }[]).map((r) => r.detail));
}

describe("the instructor's views of a class of 200", () => {
  it("take a fixed number of queries, not one per student or response", async () => {
    const instructor = await makeUser(t.db, "instructor");
    const cls = await createClass(t.db, instructor.id, "Big class");
    const assignmentId = (await createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null }))!.id;
    const short = questions.find((q) => q.type === "short")!;
    const tf = questions.find((q) => q.type === "truefalse")!;
    for (let i = 0; i < 200; i++) {
      const student = await makeUser(t.db, "student", `Student${i}`);
      await joinClassByCode(t.db, student.id, cls.joinCode);
      await submitAttempt(t.db, student.id, assignmentId, { [short.id]: { text: `answer ${i}` }, [tf.id]: { value: i % 2 === 0 } });
    }

    let rows: Awaited<ReturnType<typeof listResponsesForAssignment>>;
    expect(await countQueries(async (db) => (rows = await listResponsesForAssignment(db, instructor.id, assignmentId)))).toBeLessThanOrEqual(3);
    expect(rows!).toHaveLength(200);
    expect(rows!.every((r) => r.responses.size === 2)).toBe(true);

    // A page of the grid: every row for the counts, the responses of only the 50 shown.
    let page: Awaited<ReturnType<typeof listReviewRows>>;
    expect(await countQueries(async (db) => (page = await listReviewRows(db, instructor.id, assignmentId, (all) => all.slice(50, 100))))).toBeLessThanOrEqual(3);
    expect(page!.all).toHaveLength(200);
    expect(page!.picked.map((r) => r.student.id)).toEqual(rows!.slice(50, 100).map((r) => r.student.id));
    expect(page!.picked.every((r) => r.responses.size === 2)).toBe(true);
    expect(await countToGrade(t.db, assignmentId)).toBe(200);

    let entries: Awaited<ReturnType<typeof listGradingEntries>>;
    expect(await countQueries(async (db) => (entries = await listGradingEntries(db, instructor.id, assignmentId)))).toBeLessThanOrEqual(3);
    expect(entries!).toHaveLength(200);

    let progress: Awaited<ReturnType<typeof listAssignmentProgress>>;
    expect(await countQueries(async (db) => (progress = await listAssignmentProgress(db, instructor.id)))).toBe(1);
    expect(progress!).toEqual([expect.objectContaining({ submitted: 200, students: 200, toGrade: 200 })]);

    // SQLite's plans (PostgreSQL plans by its statistics, which a test's few rows do not settle).
    if (sqlite) {
      expect((await plansOf((db) => countToGrade(db, assignmentId))).join("\n")).toMatch(/USING INDEX responses_to_grade_idx/);
      // Its counts read indexes only: the submitted attempts from a covering index, and of their responses only
      // those still waiting for a grade (a partial index), so /teach does not read every response there is.
      const plan = (await plansOf((db) => listAssignmentProgress(db, instructor.id))).join("\n");
      expect(plan).toMatch(/SEARCH \w+ USING COVERING INDEX attempts_assignment_status_idx/);
      expect(plan).toMatch(/SEARCH \w+ USING INDEX responses_to_grade_idx/);
      expect(plan).not.toMatch(/responses_attempt_item_unique|SCAN (r|responses)\b/);
    }
  });
});

describe("the instructor's home page over a term", () => {
  it("lists the latest three assignments of each class, and how many the class has in all", async () => {
    const instructor = await makeUser(t.db, "instructor");
    const busy = await createClass(t.db, instructor.id, "Busy class");
    const quiet = await createClass(t.db, instructor.id, "Quiet class");
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createAssignment(t.db, instructor.id, { classId: busy.id, lesson, dueAt: null }))!.id);
    const single = (await createAssignment(t.db, instructor.id, { classId: quiet.id, lesson, dueAt: null }))!.id;
    const progress = await listAssignmentProgress(t.db, instructor.id);
    const ofBusy = progress.filter((p) => p.classId === busy.id);
    expect(ofBusy.map((p) => p.id)).toEqual(ids.slice(2).reverse());
    expect(ofBusy.every((p) => p.inClass === 5)).toBe(true);
    expect(progress.filter((p) => p.classId === quiet.id)).toEqual([expect.objectContaining({ id: single, inClass: 1 })]);
  });
});

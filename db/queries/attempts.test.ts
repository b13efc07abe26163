import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { openPostgres, sqliteDatabase, type Database } from "../database";
import type { Db } from "../open";
import { createTestPostgresDatabase } from "../test-postgres";
import { makeUser, openSqliteTestFile, testDialect } from "../test-support";
import { createAssignment } from "./assignments";
import { AttemptError, getStudentAttempt, listResponsesForAssignment, parseSeen, saveDraftAnswers, submitAttempt } from "./attempts";
import { createClass, joinClassByCode } from "./classes";
import type { PublicUser } from "./users";

/**
 * This file's database (SQLite, or PostgreSQL in the "postgres" run), with what two of its tests need
 * beyond the layer: where it is (a file or a URL), for the racing processes to open, and on SQLite the raw
 * connection, to watch what it prepares.
 */
type Opened = { db: Database; target: string; sqlite: Db["$client"] | null; close: () => Promise<void> };
async function open(): Promise<Opened> {
  if (testDialect() === "postgres") {
    const target = await createTestPostgresDatabase();
    const { db, close } = await openPostgres(target.url);
    return { db, target: target.url, sqlite: null, close: async () => (await close(), await target.drop()) };
  }
  const file = openSqliteTestFile();
  return { db: sqliteDatabase(file.db), target: file.file, sqlite: file.db.$client, close: async () => file.close() };
}

let t: Opened;
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-attempts-"));
afterAll(async () => {
  await t?.close();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

const lessonFile = path.join(contentDir, "north-korea-legacy.yaml");
fs.copyFileSync(path.join(__dirname, "..", "..", "content", "lessons", "north-korea-legacy.yaml"), lessonFile);
const lesson = loadLessons(contentDir).lessons[0] as Lesson;
const questions = lesson.excerpts.flatMap((x) => x.questions);
const q = <T extends Lesson["excerpts"][number]["questions"][number]["type"]>(type: T) =>
  questions.find((x) => x.type === type) as Extract<Lesson["excerpts"][number]["questions"][number], { type: T }>;
const single = q("single");
const correctChoice = single.choices.find((c) => c.correct)!.id;
const evidence = q("evidence");
const evidenceExcerpt = lesson.excerpts.find((x) => x.questions.includes(evidence))!;

let instructor: PublicUser, student: PublicUser, outsider: PublicUser;
let assignmentId: number;
let joinCode: string;

beforeAll(async () => {
  t = await open();
  instructor = await makeUser(t.db, "instructor");
  student = await makeUser(t.db, "student");
  outsider = await makeUser(t.db, "student");
  const cls = await createClass(t.db, instructor.id, "Answers");
  await joinClassByCode(t.db, student.id, cls.joinCode);
  joinCode = cls.joinCode;
  assignmentId = (await createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null }))!.id;
});

/** Every response row, in the order they were made. */
const allResponses = () => t.db.all(t.db.q.select().from(t.db.t.responses).orderBy(asc(t.db.t.responses.id)));

describe("drafts", () => {
  it("are upserted, one row per question, and cleared by null", async () => {
    await saveDraftAnswers(t.db, student.id, assignmentId, { [single.id]: { choice: single.choices[0]!.id } });
    await saveDraftAnswers(t.db, student.id, assignmentId, { [single.id]: { choice: correctChoice }, [evidence.id]: { sentences: [evidence.key[0]] } });
    const saved = (await getStudentAttempt(t.db, student.id, assignmentId))!;
    expect(saved.attempt?.status).toBe("in_progress");
    expect(saved.responses.get(single.id)?.answer).toEqual({ choice: correctChoice });
    expect(await allResponses()).toHaveLength(2);
    expect(await t.db.all(t.db.q.select().from(t.db.t.attempts))).toHaveLength(1);

    await saveDraftAnswers(t.db, student.id, assignmentId, { [evidence.id]: null });
    expect((await getStudentAttempt(t.db, student.id, assignmentId))!.responses.has(evidence.id)).toBe(false);
    await saveDraftAnswers(t.db, student.id, assignmentId, { [evidence.id]: { sentences: evidence.key } });
  });

  // On PostgreSQL they are named prepared statements, which each pooled connection parses once.
  it.skipIf(testDialect() !== "sqlite")("prepare no statement once the connection has saved one (the cache serves every transaction)", async () => {
    const save = () => saveDraftAnswers(t.db, student.id, assignmentId, { [single.id]: { choice: correctChoice }, [evidence.id]: { sentences: evidence.key } });
    await save();
    const client = t.sqlite!;
    const prepare = client.prepare;
    const prepared: string[] = [];
    client.prepare = function (this: typeof client, source: string) {
      prepared.push(source);
      return prepare.call(this, source);
    } as typeof client.prepare;
    try {
      await save();
      await save();
    } finally {
      client.prepare = prepare;
    }
    // The transaction's own BEGIN and COMMIT (the data layer's) aside.
    expect(prepared.filter((source) => !/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(source))).toEqual([]);
  });

  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ["a question not in the lesson", { "no-such-question": { choice: "a" } }, /not a question of this lesson/],
    ["a choice that does not exist", { [single.id]: { choice: "zz" } }, /not a choice of this question/],
    ["an answer of the wrong shape", { [single.id]: { choices: ["a"] } }, /Answer:/],
    ["a sentence not in the excerpt", { [evidence.id]: { sentences: ["lessons-1-nope"] } }, /not a sentence of this excerpt/],
    ["a sentence of another excerpt", { [evidence.id]: { sentences: [lesson.excerpts.find((x) => x !== evidenceExcerpt)!.sentences[0]!.id] } }, /not a sentence of this excerpt/],
    ["an overlong answer", { [q("short").id]: { text: "x".repeat(5001) } }, /at most 5000 characters/],
  ];
  for (const [what, answers, message] of refusals) {
    it(`refuse ${what}, storing nothing of the batch`, async () => {
      const before = JSON.stringify(await allResponses());
      await expect(saveDraftAnswers(t.db, student.id, assignmentId, { [q("truefalse").id]: { value: true }, ...answers })).rejects.toThrow(message);
      expect(JSON.stringify(await allResponses())).toBe(before);
    });
  }

  it("refuse a student who is not in the class", async () => {
    await expect(saveDraftAnswers(t.db, outsider.id, assignmentId, { [single.id]: { choice: correctChoice } })).rejects.toThrow(AttemptError);
    expect(await getStudentAttempt(t.db, outsider.id, assignmentId)).toBeUndefined();
    await expect(submitAttempt(t.db, outsider.id, assignmentId)).rejects.toThrow(/not assigned to you/);
  });
});

describe("a whole form from a page that may be old (`seen`)", () => {
  const tf = q("truefalse");
  const short = q("short");
  const fresh = async () => {
    const s = await makeUser(t.db, "student");
    await joinClassByCode(t.db, s.id, joinCode);
    return s;
  };
  const seenNow = async (studentId: number) =>
    Object.fromEntries([...(await getStudentAttempt(t.db, studentId, assignmentId))!.responses].map(([id, r]) => [id, r.updatedAt]));
  const answersOf = async (studentId: number) => new Map([...(await getStudentAttempt(t.db, studentId, assignmentId))!.responses].map(([id, r]) => [id, r.answer]));

  it("leaves an answer saved since the page saw it, and different, as it is; writes the rest", async () => {
    const s = await fresh();
    await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "On the laptop" }, [single.id]: { choice: correctChoice } }, 1000);
    const page = await seenNow(s.id);
    // Another device: a newer answer, a new one, and one cleared.
    await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "On the phone" }, [tf.id]: { value: true }, [single.id]: null }, 2000);
    const form = { [short.id]: { text: "On the laptop" }, [tf.id]: null, [single.id]: { choice: correctChoice }, [evidence.id]: { sentences: evidence.key } };
    const label = (id: string) => ({ id, label: `Question ${questions.findIndex((x) => x.id === id) + 1}` });
    expect(await saveDraftAnswers(t.db, s.id, assignmentId, form, 3000, page)).toEqual({
      savedAt: 3000,
      // In lesson order, named as the page names them.
      conflicts: [short, tf, single].sort((a, b) => questions.indexOf(a) - questions.indexOf(b)).map((x) => label(x.id)),
      times: { [evidence.id]: 3000 },
    });
    expect(await answersOf(s.id)).toEqual(new Map<string, unknown>([[short.id, { text: "On the phone" }], [tf.id, { value: true }], [evidence.id, { sentences: evidence.key }]]));
    // With what the page has now, the same form is written whole; without `seen` (an autosave), as it comes.
    const now = await seenNow(s.id);
    expect((await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "Mine after all" } }, 4000, now)).conflicts).toEqual([]);
    expect((await saveDraftAnswers(t.db, s.id, assignmentId, { [tf.id]: { value: false } }, 5000, page)).conflicts).toEqual([label(tf.id)]);
    expect((await saveDraftAnswers(t.db, s.id, assignmentId, { [tf.id]: { value: false } }, 6000)).conflicts).toEqual([]);
    expect((await answersOf(s.id)).get(tf.id)).toEqual({ value: false });
  });

  it("writes an answer saved since that is the same as the page's (a save whose reply was lost)", async () => {
    const s = await fresh();
    const page = {};
    await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "Typed once" } }, 1000);
    expect(await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "Typed once" }, [tf.id]: null }, 2000, page)).toEqual({
      savedAt: 2000,
      conflicts: [],
      times: { [short.id]: 1000, [tf.id]: null },
    });
  });

  it("leaves an answer sent as it was stored alone, save time included (with `seen` or without)", async () => {
    const s = await fresh();
    await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "Unchanged" }, [tf.id]: { value: true } }, 1000);
    await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "Unchanged" }, [tf.id]: { value: false } }, 2000);
    expect(await seenNow(s.id)).toEqual({ [short.id]: 1000, [tf.id]: 2000 });
    expect((await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "Unchanged" } }, 3000, await seenNow(s.id))).times).toEqual({ [short.id]: 1000 });
    expect(await seenNow(s.id)).toEqual({ [short.id]: 1000, [tf.id]: 2000 });
  });

  it("does not submit over such an answer: the rest is saved, the attempt stays in progress", async () => {
    const s = await fresh();
    await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "Old" } }, 1000);
    const page = await seenNow(s.id);
    await saveDraftAnswers(t.db, s.id, assignmentId, { [short.id]: { text: "New, elsewhere" } }, 2000);
    const form = { [short.id]: { text: "Old" }, [single.id]: { choice: correctChoice } };
    expect(await submitAttempt(t.db, s.id, assignmentId, form, 3000, page)).toMatchObject({ status: "conflict", conflicts: [{ id: short.id }], times: { [single.id]: 3000 } });
    const after = (await getStudentAttempt(t.db, s.id, assignmentId))!;
    expect(after.attempt?.status).toBe("in_progress");
    expect(after.responses.get(short.id)?.answer).toEqual({ text: "New, elsewhere" });
    expect(after.responses.get(single.id)?.answer).toEqual({ choice: correctChoice });
    expect(await submitAttempt(t.db, s.id, assignmentId, { ...form, [short.id]: { text: "New, elsewhere" } }, 4000, await seenNow(s.id))).toMatchObject({ status: "submitted" });
  });

  it("reads a form's `seen` field: an object of save times, nothing else", () => {
    expect(parseSeen('{"a":1,"b":1700000000000}')).toEqual({ a: 1, b: 1700000000000 });
    expect(parseSeen("{}")).toEqual({});
    for (const bad of [null, 5, "", "[]", "null", '{"a":"1"}', '{"a":1.5}', '{"a":1e400}', "{", '{"a":{"b":1}}']) expect(parseSeen(bad)).toBeUndefined();
  });
});

describe("submitting", () => {
  it("scores from the assignment's snapshot even after the lesson file changed", async () => {
    // The author flips the single-choice key and drops the evidence question from the file.
    const edited = parse(fs.readFileSync(lessonFile, "utf8"));
    for (const x of edited.excerpts) {
      for (const question of x.questions) if (question.id === single.id) for (const c of question.choices) c.correct = !c.correct && c.id === single.choices.find((y) => !y.correct)!.id;
      x.questions = x.questions.filter((question: { id: string }) => question.id !== evidence.id);
    }
    fs.writeFileSync(lessonFile, stringify(edited));
    expect(loadLessons(contentDir).errors).toEqual([]);

    expect((await submitAttempt(t.db, student.id, assignmentId)).status).toBe("submitted");
    const result = (await getStudentAttempt(t.db, student.id, assignmentId))!;
    expect(result.responses.get(single.id)).toMatchObject({ score: single.points, maxScore: single.points, needsGrading: false });
    expect(result.responses.get(evidence.id)).toMatchObject({ score: evidence.points, needsGrading: false });
    expect(result.attempt).toMatchObject({ status: "submitted", score: single.points + evidence.points });
  });

  it("twice at the same moment, from two processes, gives one submission", async () => {
    const other = await makeUser(t.db, "student");
    const cls = await createClass(t.db, instructor.id, "Race");
    await joinClassByCode(t.db, other.id, cls.joinCode);
    const id = (await createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null }))!.id;
    await saveDraftAnswers(t.db, other.id, id, { [single.id]: { choice: correctChoice } });

    const tsx = path.join(__dirname, "..", "..", "node_modules", ".bin", "tsx");
    const fixture = path.join(__dirname, "..", "submit-race.fixture.ts");
    const startAt = String(Date.now() + 2500);
    const run = (choice: string) =>
      new Promise<string>((resolve, reject) => {
        execFile(tsx, [fixture, t.target, String(other.id), String(id), JSON.stringify({ [single.id]: { choice } }), startAt], (error, stdout) =>
          error ? reject(error) : resolve(stdout.trim()),
        );
      });
    const wrong = single.choices.find((c) => !c.correct)!.id;
    const results = await Promise.all([run(correctChoice), run(wrong)]);
    expect(results.sort()).toEqual(["already-submitted", "submitted"]);
    const rows = await t.db.all(t.db.q.select().from(t.db.t.attempts).where(eq(t.db.t.attempts.studentId, other.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("submitted");
  }, 30_000);

  it("makes the attempt read-only", async () => {
    const before = JSON.stringify(await allResponses());
    await expect(saveDraftAnswers(t.db, student.id, assignmentId, { [single.id]: { choice: single.choices[0]!.id } })).rejects.toThrow(/has been submitted/);
    expect((await submitAttempt(t.db, student.id, assignmentId, { [single.id]: null })).status).toBe("already-submitted");
    expect(JSON.stringify(await allResponses())).toBe(before);
  });

  it("marks short answers and debate arguments as needing grading", async () => {
    const other = await makeUser(t.db, "student");
    const cls = await createClass(t.db, instructor.id, "Grading");
    await joinClassByCode(t.db, other.id, cls.joinCode);
    const id = (await createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null }))!.id;
    const debate = lesson.debates[0]!;
    await submitAttempt(t.db, other.id, id, {
      [q("short").id]: { text: "Because the text says so." },
      [debate.id]: { stance: 2, argument: "I argue that…", citations: [lesson.excerpts[0]!.sentences[0]!.id] },
    });
    const result = (await getStudentAttempt(t.db, other.id, id))!;
    expect(result.responses.get(q("short").id)).toMatchObject({ needsGrading: true, score: null });
    expect(result.responses.get(debate.id)).toMatchObject({ needsGrading: true, score: null, maxScore: debate.points });

    const rows = (await listResponsesForAssignment(t.db, instructor.id, id))!;
    expect(rows.map((r) => [r.student.id, r.attempt?.status])).toEqual([[other.id, "submitted"]]);
    expect(await listResponsesForAssignment(t.db, (await makeUser(t.db, "instructor")).id, id)).toBeUndefined();
  });
});

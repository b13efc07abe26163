import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadLessons } from "@/lib/content/load";
import type { Lesson } from "@/lib/content/schema";
import { attempts, responses } from "../schema";
import { makeUser, openTestDatabase } from "../test-support";
import { createAssignment } from "./assignments";
import { AttemptError, getStudentAttempt, listResponsesForAssignment, saveDraftAnswers, submitAttempt } from "./attempts";
import { createClass, joinClassByCode } from "./classes";
import type { PublicUser } from "./users";

const t = openTestDatabase();
const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-attempts-"));
afterAll(() => {
  t.close();
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

beforeAll(() => {
  instructor = makeUser(t.db, "instructor");
  student = makeUser(t.db, "student");
  outsider = makeUser(t.db, "student");
  const cls = createClass(t.db, instructor.id, "Answers");
  joinClassByCode(t.db, student.id, cls.joinCode);
  assignmentId = createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null })!.id;
});

const countResponses = () => t.db.select().from(responses).all().length;

describe("drafts", () => {
  it("are upserted, one row per question, and cleared by null", () => {
    saveDraftAnswers(t.db, student.id, assignmentId, { [single.id]: { choice: single.choices[0]!.id } });
    saveDraftAnswers(t.db, student.id, assignmentId, { [single.id]: { choice: correctChoice }, [evidence.id]: { sentences: [evidence.key[0]] } });
    const saved = getStudentAttempt(t.db, student.id, assignmentId)!;
    expect(saved.attempt?.status).toBe("in_progress");
    expect(saved.responses.get(single.id)?.answer).toEqual({ choice: correctChoice });
    expect(countResponses()).toBe(2);
    expect(t.db.select().from(attempts).all()).toHaveLength(1);

    saveDraftAnswers(t.db, student.id, assignmentId, { [evidence.id]: null });
    expect(getStudentAttempt(t.db, student.id, assignmentId)!.responses.has(evidence.id)).toBe(false);
    saveDraftAnswers(t.db, student.id, assignmentId, { [evidence.id]: { sentences: evidence.key } });
  });

  it("prepare no statement once the connection has saved one (the cache serves every transaction)", () => {
    const save = () => saveDraftAnswers(t.db, student.id, assignmentId, { [single.id]: { choice: correctChoice }, [evidence.id]: { sentences: evidence.key } });
    save();
    const client = t.db.$client;
    const prepare = client.prepare;
    let prepared = 0;
    client.prepare = function (this: typeof client, source: string) {
      prepared++;
      return prepare.call(this, source);
    } as typeof client.prepare;
    try {
      save();
      save();
    } finally {
      client.prepare = prepare;
    }
    expect(prepared).toBe(0);
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
    it(`refuse ${what}, storing nothing of the batch`, () => {
      const before = JSON.stringify(t.db.select().from(responses).all());
      expect(() => saveDraftAnswers(t.db, student.id, assignmentId, { [q("truefalse").id]: { value: true }, ...answers })).toThrow(message);
      expect(JSON.stringify(t.db.select().from(responses).all())).toBe(before);
    });
  }

  it("refuse a student who is not in the class", () => {
    expect(() => saveDraftAnswers(t.db, outsider.id, assignmentId, { [single.id]: { choice: correctChoice } })).toThrow(AttemptError);
    expect(getStudentAttempt(t.db, outsider.id, assignmentId)).toBeUndefined();
    expect(() => submitAttempt(t.db, outsider.id, assignmentId)).toThrow(/not assigned to you/);
  });
});

describe("submitting", () => {
  it("scores from the assignment's snapshot even after the lesson file changed", () => {
    // The author flips the single-choice key and drops the evidence question from the file.
    const edited = parse(fs.readFileSync(lessonFile, "utf8"));
    for (const x of edited.excerpts) {
      for (const question of x.questions) if (question.id === single.id) for (const c of question.choices) c.correct = !c.correct && c.id === single.choices.find((y) => !y.correct)!.id;
      x.questions = x.questions.filter((question: { id: string }) => question.id !== evidence.id);
    }
    fs.writeFileSync(lessonFile, stringify(edited));
    expect(loadLessons(contentDir).errors).toEqual([]);

    expect(submitAttempt(t.db, student.id, assignmentId).status).toBe("submitted");
    const result = getStudentAttempt(t.db, student.id, assignmentId)!;
    expect(result.responses.get(single.id)).toMatchObject({ score: single.points, maxScore: single.points, needsGrading: false });
    expect(result.responses.get(evidence.id)).toMatchObject({ score: evidence.points, needsGrading: false });
    expect(result.attempt).toMatchObject({ status: "submitted", score: single.points + evidence.points });
  });

  it("twice at the same moment, from two processes, gives one submission", async () => {
    const other = makeUser(t.db, "student");
    const cls = createClass(t.db, instructor.id, "Race");
    joinClassByCode(t.db, other.id, cls.joinCode);
    const id = createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null })!.id;
    saveDraftAnswers(t.db, other.id, id, { [single.id]: { choice: correctChoice } });

    const tsx = path.join(__dirname, "..", "..", "node_modules", ".bin", "tsx");
    const fixture = path.join(__dirname, "..", "submit-race.fixture.ts");
    const startAt = String(Date.now() + 2500);
    const run = (choice: string) =>
      new Promise<string>((resolve, reject) => {
        execFile(tsx, [fixture, t.file, String(other.id), String(id), JSON.stringify({ [single.id]: { choice } }), startAt], (error, stdout) =>
          error ? reject(error) : resolve(stdout.trim()),
        );
      });
    const wrong = single.choices.find((c) => !c.correct)!.id;
    const results = await Promise.all([run(correctChoice), run(wrong)]);
    expect(results.sort()).toEqual(["already-submitted", "submitted"]);
    const rows = t.db.select().from(attempts).where(eq(attempts.studentId, other.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("submitted");
  }, 30_000);

  it("makes the attempt read-only", () => {
    const before = JSON.stringify(t.db.select().from(responses).all());
    expect(() => saveDraftAnswers(t.db, student.id, assignmentId, { [single.id]: { choice: single.choices[0]!.id } })).toThrow(/has been submitted/);
    expect(submitAttempt(t.db, student.id, assignmentId, { [single.id]: null }).status).toBe("already-submitted");
    expect(JSON.stringify(t.db.select().from(responses).all())).toBe(before);
  });

  it("marks short answers and debate arguments as needing grading", () => {
    const other = makeUser(t.db, "student");
    const cls = createClass(t.db, instructor.id, "Grading");
    joinClassByCode(t.db, other.id, cls.joinCode);
    const id = createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null })!.id;
    const debate = lesson.debates[0]!;
    submitAttempt(t.db, other.id, id, {
      [q("short").id]: { text: "Because the text says so." },
      [debate.id]: { stance: 2, argument: "I argue that…", citations: [lesson.excerpts[0]!.sentences[0]!.id] },
    });
    const result = getStudentAttempt(t.db, other.id, id)!;
    expect(result.responses.get(q("short").id)).toMatchObject({ needsGrading: true, score: null });
    expect(result.responses.get(debate.id)).toMatchObject({ needsGrading: true, score: null, maxScore: debate.points });

    const rows = listResponsesForAssignment(t.db, instructor.id, id)!;
    expect(rows.map((r) => [r.student.id, r.attempt?.status])).toEqual([[other.id, "submitted"]]);
    expect(listResponsesForAssignment(t.db, makeUser(t.db, "instructor").id, id)).toBeUndefined();
  });
});

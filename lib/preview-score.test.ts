import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, openTestDatabase, type TestDatabase } from "@/db/test-support";
import { createAssignment } from "@/db/queries/assignments";
import { getStudentAttempt, submitAttempt } from "@/db/queries/attempts";
import { createClass, joinClassByCode } from "@/db/queries/classes";
import { ANSWER_LIMITS } from "./answers";
import { loadLessons } from "./content/load";
import { indexLesson } from "./lesson-items";
import { checkAnswers, scoreAnswers } from "./preview-score";

const contentDir = path.join(__dirname, "..", "content", "lessons");
const lesson = loadLessons(contentDir).lessons.find((l) => l.id === "north-korea-legacy")!;
const index = indexLesson(lesson);
const questions = lesson.excerpts.flatMap((x) => x.questions);
const single = questions.find((q) => q.type === "single")!;
const multiple = questions.find((q) => q.type === "multiple")!;
const evidence = questions.find((q) => q.type === "evidence")!;
const short = questions.find((q) => q.type === "short")!;
const debate = lesson.debates[0]!;
if (single.type !== "single" || multiple.type !== "multiple" || evidence.type !== "evidence") throw new Error("lesson one changed");
const evidenceExcerpt = lesson.excerpts.find((x) => x.questions.includes(evidence))!;
const notKey = evidenceExcerpt.sentences.find((s) => !evidence.key.includes(s.id))!.id;

/** Answer sets a student might hand in: right, half right, wrong, empty, and with work left to grade. */
const ANSWER_SETS: Record<string, Record<string, unknown>> = {
  "nothing answered": {},
  "single right, evidence half": { [single.id]: { choice: single.choices.find((c) => c.correct)!.id }, [evidence.id]: { sentences: evidence.key.slice(0, Math.ceil(evidence.key.length / 2)) } },
  "single wrong, evidence with an extra": { [single.id]: { choice: single.choices.find((c) => !c.correct)!.id }, [evidence.id]: { sentences: [...evidence.key, notKey] } },
  "multiple all, short and debate to grade": {
    [multiple.id]: { choices: multiple.choices.map((c) => c.id) },
    [short.id]: { text: "Because of the text." },
    [debate.id]: { stance: 4, argument: "My case.", citations: [evidenceExcerpt.sentences[0]!.id] },
  },
};

describe("scoreAnswers", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());

  // The preview is only honest if it gives what a real submission stores, so each set is submitted for real too.
  for (const [name, raw] of Object.entries(ANSWER_SETS)) {
    it(`matches a real submission: ${name}`, async () => {
      const instructor = await makeUser(t.db, "instructor");
      const student = await makeUser(t.db, "student");
      const cls = await createClass(t.db, instructor.id, `Preview ${name}`);
      await joinClassByCode(t.db, student.id, cls.joinCode);
      const assignment = (await createAssignment(t.db, instructor.id, { classId: cls.id, lesson, dueAt: null }))!;
      await submitAttempt(t.db, student.id, assignment.id, raw);
      const stored = (await getStudentAttempt(t.db, student.id, assignment.id))!;

      const checked = checkAnswers(index, raw);
      if (!checked.ok) throw new Error(checked.error);
      const preview = scoreAnswers(index, checked.answers);
      expect({ score: preview.score, maxScore: preview.maxScore }).toEqual({ score: stored.attempt!.score, maxScore: stored.attempt!.maxScore });
      for (const [id, response] of stored.responses) {
        const item = preview.items.get(id)!;
        expect({ score: item.status === "needs-grading" ? null : item.score, max: item.max, needsGrading: item.status === "needs-grading" }).toEqual({
          score: response.score,
          max: response.maxScore,
          needsGrading: response.needsGrading,
        });
      }
      expect([...checked.answers.keys()].sort()).toEqual([...stored.responses.keys()].sort());
    });
  }

  it("scores a fully correct single choice at its points and leaves the rest unanswered", () => {
    const right = checkAnswers(index, { [single.id]: { choice: single.choices.find((c) => c.correct)!.id } });
    if (!right.ok) throw new Error(right.error);
    const scored = scoreAnswers(index, right.answers);
    expect(scored.score).toBe(single.points);
    expect(scored.items.get(single.id)).toMatchObject({ status: "scored", outcome: "correct" });
    expect(scored.items.get(evidence.id)).toMatchObject({ status: "unanswered", score: 0 });
  });
});

describe("checkAnswers", () => {
  it("refuses what a save refuses, with the same message", () => {
    expect(checkAnswers(index, { nope: { choice: "a" } })).toEqual({ ok: false, error: '"nope" is not a question of this lesson.' });
    expect(checkAnswers(index, { [single.id]: { choice: "zz" } })).toEqual({ ok: false, error: '"zz" is not a choice of this question.' });
    expect(checkAnswers(index, { [evidence.id]: { sentences: ["elsewhere"] } })).toEqual({ ok: false, error: '"elsewhere" is not a sentence of this excerpt.' });
    const long = checkAnswers(index, { [short.id]: { text: "a".repeat(ANSWER_LIMITS.textMax + 1) } });
    expect(long).toEqual({ ok: false, error: `Answer: Answers can be at most ${ANSWER_LIMITS.textMax} characters.` });
  });

  it("drops empty answers, as a save clears them", () => {
    expect(checkAnswers(index, { [single.id]: null, [short.id]: { text: "   " } })).toEqual({ ok: true, answers: new Map() });
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadLessons, parseLesson } from "./load";
import { countQuestions, crossCheckOf, formatPath, lessonSchema, type Lesson } from "./schema";

const lessonOneFile = path.join(__dirname, "..", "..", "content", "lessons", "north-korea-legacy.yaml");
const lessonOneText = fs.readFileSync(lessonOneFile, "utf8");

describe("lesson one", () => {
  const { lesson, errors } = parseLesson("north-korea-legacy.yaml", lessonOneText);

  it("is valid", () => {
    expect(errors).toEqual([]);
    expect(lesson).toBeDefined();
  });

  it("has six excerpts, at least 12 questions of every type, and at least 3 debate prompts", () => {
    const l = lesson as Lesson;
    expect(l.excerpts).toHaveLength(6);
    expect(countQuestions(l)).toBeGreaterThanOrEqual(12);
    const types = new Set(l.excerpts.flatMap((x) => x.questions.map((q) => q.type)));
    expect([...types].sort()).toEqual(["evidence", "multiple", "short", "single", "truefalse"]);
    expect(l.debates.length).toBeGreaterThanOrEqual(3);
    expect(l.author).toBe("Inyeop Lee");
  });

  it("keeps the article's typography verbatim", () => {
    const text = (lesson as Lesson).excerpts.flatMap((x) => x.sentences.map((s) => s.text)).join(" ");
    expect(text).toContain("Let’s start with what happened in the Hanoi Summit.");
    expect(text).toContain("70–80 percent");
    expect(text).toContain("“Dotard vs. Little rocket man,”");
  });

  it("is what the loader finds in content/lessons", () => {
    const loaded = loadLessons(path.dirname(lessonOneFile));
    expect(loaded.errors).toEqual([]);
    expect(loaded.lessons.map((l) => l.id)).toContain("north-korea-legacy");
  });
});

/** Lesson one as data, changed by `edit`. */
function lessonOneWith(edit: (lesson: Record<string, any>) => void): unknown {
  const data = parse(lessonOneText);
  edit(data);
  return data;
}

function issuesOf(data: unknown) {
  const result = lessonSchema.safeParse(data);
  return result.success ? [] : result.error.issues;
}

const checksOf = (data: unknown) => issuesOf(data).map(crossCheckOf).filter(Boolean);
const evidence = (l: Record<string, any>, e = 0) => l.excerpts[e].questions.find((q: any) => q.type === "evidence");

describe("lesson-wide rules", () => {
  it("rejects an evidence key that is not a sentence of its excerpt, on the key list", () => {
    const issues = issuesOf(lessonOneWith((l) => (evidence(l).key = ["hanoi-1", "bolton-1"])));
    expect(issues).toHaveLength(1);
    expect(formatPath(issues[0]!.path)).toMatch(/^excerpts\[0\]\.questions\[\d+\]\.key$/);
    expect(issues[0]!.message).toBe('"bolton-1" is not a sentence of excerpt "hanoi"');
    expect(crossCheckOf(issues[0]!)).toEqual({ kind: "key-not-in-excerpt", id: "bolton-1", excerptId: "hanoi" });
  });

  it("rejects a single-choice question without exactly one correct choice", () => {
    const all = checksOf(lessonOneWith((l) => l.excerpts[0].questions[0].choices.forEach((c: any) => (c.correct = true))));
    expect(all).toEqual([{ kind: "correct-choices", type: "single", correct: 4 }]);
    const none = checksOf(lessonOneWith((l) => l.excerpts[0].questions[0].choices.forEach((c: any) => delete c.correct)));
    expect(none).toEqual([{ kind: "correct-choices", type: "single", correct: 0 }]);
  });

  it("rejects a multiple-select question without a correct choice", () => {
    const data = lessonOneWith((l) => {
      const q = l.excerpts.flatMap((x: any) => x.questions).find((x: any) => x.type === "multiple");
      q.choices.forEach((c: any) => (c.correct = false));
    });
    expect(checksOf(data)).toEqual([{ kind: "correct-choices", type: "multiple", correct: 0 }]);
  });

  it("rejects a choice id used twice in one question, naming the first", () => {
    const issues = issuesOf(lessonOneWith((l) => (l.excerpts[0].questions[0].choices[2].id = "a")));
    expect(issues.map((i) => formatPath(i.path))).toEqual(["excerpts[0].questions[0].choices[2].id"]);
    expect(crossCheckOf(issues[0]!)).toEqual({ kind: "duplicate-choice-id", id: "a", firstAt: ["excerpts", 0, "questions", 0, "choices", 0, "id"] });
  });

  it("rejects an id used twice in the lesson, whatever the two things are", () => {
    const issues = issuesOf(lessonOneWith((l) => (l.excerpts[1].questions[0].id = l.excerpts[0].sentences[0].id)));
    expect(issues.map((i) => [formatPath(i.path), i.message])).toEqual([
      ["excerpts[1].questions[0].id", 'duplicate id "hanoi-1" (also used at excerpts[0].sentences[0].id)'],
    ]);
  });

  it("rejects a rubric level worth more than its question", () => {
    const data = lessonOneWith((l) => {
      const q = l.excerpts.flatMap((x: any) => x.questions).find((x: any) => x.type === "short");
      q.rubric[0].points = q.points + 1;
    });
    expect(checksOf(data)).toEqual([expect.objectContaining({ kind: "rubric-above-points" })]);
  });

  it("rejects a debate prompt suggesting an excerpt the lesson does not have, on the list", () => {
    const issues = issuesOf(lessonOneWith((l) => (l.debates[0].suggestedExcerpts = ["hanoi", "nowhere"])));
    expect(issues.map((i) => [formatPath(i.path), i.message])).toEqual([["debates[0].suggestedExcerpts", '"nowhere" is not an excerpt of this lesson']]);
  });
});

describe("every problem at once", () => {
  // Each breaks one field in a different way; none of them may hide a lesson-wide problem.
  const fieldErrors: Record<string, (l: Record<string, any>) => void> = {
    "a string for a number": (l) => (l.excerpts[0].questions[0].points = "two"),
    "a missing required field": (l) => delete l.title,
    "an empty text": (l) => (l.excerpts[0].sentences[0].text = " "),
    "a text too long": (l) => (l.summary = "x".repeat(1001)),
    "a fraction for a year": (l) => (l.source.year = 2019.5),
    "an invalid URL": (l) => (l.source.url = "not a url"),
    "an unknown key": (l) => (l.excerpts[2].colour = "blue"),
    "an unknown question type": (l) => (l.excerpts[2].questions[0].type = "essay"),
    "a bad id": (l) => (l.excerpts[2].questions[0].id = "Not_A_Slug"),
    "a list that is not a list": (l) => (l.excerpts[3].sentences = "one sentence"),
    "a question that is not an object": (l) => (l.excerpts[4].questions[0] = null),
    "no excerpts at all besides the first": (l) => (l.excerpts = [l.excerpts[0]]),
  };

  for (const [name, breakField] of Object.entries(fieldErrors)) {
    it(`still finds a duplicate id and a stray key sentence beside ${name}`, () => {
      const data = lessonOneWith((l) => {
        evidence(l).key = ["nowhere"];
        l.debates[1].id = l.debates[0].id;
        breakField(l);
      });
      const kinds = checksOf(data).map((c) => c!.kind);
      expect(kinds).toContain("key-not-in-excerpt");
      expect(kinds).toContain("duplicate-id");
      if (name !== "no excerpts at all besides the first") expect(issuesOf(data).length).toBeGreaterThan(2);
    });
  }

  it("never throws on data that is not a lesson at all", () => {
    for (const data of [null, 5, "lesson", [], { excerpts: "x" }, { excerpts: [null, 5, { questions: [null, { type: "evidence", key: 5 }] }] }]) {
      expect(lessonSchema.safeParse(data).success).toBe(false);
    }
  });
});

describe("valid input is read as before", () => {
  it("fills in defaults", () => {
    const result = lessonSchema.parse(
      lessonOneWith((l) => {
        delete l.source;
        delete l.debates[0].points;
        delete l.excerpts[5].questions;
      }),
    );
    expect(result.source).toEqual({});
    expect(result.debates[0]!.points).toBe(4);
    expect(result.excerpts[5]!.questions).toEqual([]);
    const q = result.excerpts[0]!.questions[0]!;
    expect(q.type === "single" && q.choices.map((c) => c.correct)).toEqual([true, false, false, false]);
  });

  it("accepts whole years from 1000 to 3000 only", () => {
    expect(lessonSchema.safeParse(lessonOneWith((l) => (l.source.year = 1000))).success).toBe(true);
    expect(lessonSchema.safeParse(lessonOneWith((l) => (l.source.year = 3000))).success).toBe(true);
    for (const year of [999, 3001, 2019.5, "2019"]) expect(lessonSchema.safeParse(lessonOneWith((l) => (l.source.year = year))).success).toBe(false);
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { formatContentError, loadLessons, parseLesson } from "./load";
import { countQuestions, type Lesson } from "./schema";

const lessonOneFile = path.join(__dirname, "..", "..", "content", "lessons", "north-korea-legacy.yaml");
const lessonOneText = fs.readFileSync(lessonOneFile, "utf8");

/** Lesson one, changed by `edit`, as the text of a file. */
function brokenLessonOne(edit: (lesson: Record<string, any>) => void): string {
  const data = parse(lessonOneText);
  edit(data);
  return stringify(data);
}

function errorsOf(source: string, file = "content/lessons/north-korea-legacy.yaml") {
  return parseLesson(file, source).errors.map(formatContentError);
}

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

describe("a broken lesson", () => {
  it("names the file and the field of a missing title", () => {
    expect(errorsOf(brokenLessonOne((l) => delete l.title))).toEqual([
      expect.stringMatching(/^content\/lessons\/north-korea-legacy\.yaml: title: /),
    ]);
  });

  it("names an evidence key that is not a sentence of its excerpt", () => {
    const errors = errorsOf(
      brokenLessonOne((l) => {
        const q = l.excerpts[0].questions.find((x: any) => x.type === "evidence");
        q.key = ["no-such-sentence"];
      }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/excerpts\[0\]\.questions\[\d+\]\.key\[0\]: "no-such-sentence" is not a sentence of excerpt "hanoi"/);
  });

  it("rejects a single-choice question with two correct choices", () => {
    const errors = errorsOf(
      brokenLessonOne((l) => {
        const q = l.excerpts[0].questions.find((x: any) => x.type === "single");
        for (const c of q.choices) c.correct = true;
      }),
    );
    expect(errors[0]).toMatch(/excerpts\[0\]\.questions\[\d+\]\.choices: needs exactly one correct choice/);
  });

  it("rejects a sentence id used twice", () => {
    const errors = errorsOf(brokenLessonOne((l) => (l.excerpts[1].sentences[0].id = l.excerpts[0].sentences[0].id)));
    expect(errors).toEqual([expect.stringMatching(/excerpts\[1\]\.sentences\[0\]\.id: duplicate id "hanoi-1"/)]);
  });

  it("reports every shape error at once, each by path", () => {
    const errors = errorsOf(
      brokenLessonOne((l) => {
        l.excerpts[2].questions[0].type = "essay";
        l.excerpts[3].colour = "blue";
      }),
    );
    expect(errors).toHaveLength(2);
    expect(errors.join("\n")).toMatch(/excerpts\[2\]\.questions\[0\]\.type: /);
    expect(errors.join("\n")).toMatch(/excerpts\[3\]: .*colour/);
  });

  it("rejects a debate prompt suggesting an excerpt the lesson does not have", () => {
    expect(errorsOf(brokenLessonOne((l) => (l.debates[0].suggestedExcerpts = ["nowhere"])))).toEqual([
      expect.stringMatching(/debates\[0\]\.suggestedExcerpts\[0\]: "nowhere" is not an excerpt/),
    ]);
  });

  it("reports YAML syntax errors with a line number", () => {
    expect(errorsOf("id: x\ntitle: [unclosed\n")[0]).toMatch(/^content\/lessons\/north-korea-legacy\.yaml: line \d+, column \d+: /);
  });

  it("must be named after its id", () => {
    expect(errorsOf(lessonOneText, "content/lessons/other-name.yaml")).toEqual([
      'content/lessons/other-name.yaml: id: is "north-korea-legacy" but must equal the file name "other-name"',
    ]);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { compareWithSource, fieldName, formatContentError, loadLessons, parseLesson } from "./load";

const lessonOneFile = path.join(__dirname, "..", "..", "content", "lessons", "north-korea-legacy.yaml");
const lessonOneText = fs.readFileSync(lessonOneFile, "utf8");
type Data = Record<string, any>;

/** Lesson one, changed by `edit`, as the text of a file. */
function brokenLessonOne(edit: (lesson: Data) => void): string {
  const data = parse(lessonOneText);
  edit(data);
  return stringify(data);
}

function errorsOf(source: string, file = "content/lessons/north-korea-legacy.yaml"): string[] {
  return parseLesson(file, source).errors.map(formatContentError);
}

const evidenceOf = (excerpt: Data) => excerpt.questions.find((q: Data) => q.type === "evidence");

describe("every error of a file at once", () => {
  it("reports a type error, a duplicate id, a key outside the excerpt and a wrong file name together", () => {
    const source = brokenLessonOne((l) => {
      l.excerpts[0].questions[0].points = "two";
      l.excerpts[1].sentences[0].id = "hanoi-1";
      evidenceOf(l.excerpts[0]).key = ["hanoi-9"];
    });
    const errors = errorsOf(source, "content/lessons/x.yaml");
    expect(errors).toHaveLength(4);
    expect(errors).toEqual(
      expect.arrayContaining([
        'content/lessons/x.yaml: id: is "north-korea-legacy" but must equal the file name "x"',
        'content/lessons/x.yaml: excerpt "hanoi" › question "hanoi-q1" › points: Invalid input: expected number, received string',
        'content/lessons/x.yaml: excerpt "hanoi" › question "hanoi-q3" › key: "hanoi-9" is not a sentence of excerpt "hanoi"',
        'content/lessons/x.yaml: excerpt "bolton" › sentence "hanoi-1" › id: duplicate id "hanoi-1" (also used by excerpt "hanoi" › sentence "hanoi-1")',
      ]),
    );
    expect(parseLesson("content/lessons/x.yaml", source).lesson).toBeUndefined();
  });

  it("lists the errors in the order of the file", () => {
    const errors = errorsOf(
      brokenLessonOne((l) => {
        l.debates[0].motion = "";
        evidenceOf(l.excerpts[0]).key = ["nowhere"];
        l.title = "";
      }),
    );
    expect(errors.map((e) => e.split(": ")[1])).toEqual(["title", 'excerpt "hanoi" › question "hanoi-q3" › key', 'debate "cvid-vs-incremental" › motion']);
  });

  it("reports a wrong file name even when the lesson is otherwise valid, and only then", () => {
    expect(errorsOf(lessonOneText, "content/lessons/other-name.yaml")).toEqual([
      'content/lessons/other-name.yaml: id: is "north-korea-legacy" but must equal the file name "other-name"',
    ]);
    expect(errorsOf(lessonOneText)).toEqual([]);
  });

  it("reports a non-integer year and what it hides", () => {
    const errors = errorsOf(
      brokenLessonOne((l) => {
        l.source.year = 2019.5;
        l.excerpts[1].sentences[0].id = "hanoi-1";
      }),
    );
    expect(errors).toEqual([
      "content/lessons/north-korea-legacy.yaml: source.year: must be a whole number",
      expect.stringMatching(/sentence "hanoi-1" › id: duplicate id "hanoi-1"/),
    ]);
  });
});

describe("fields named by id", () => {
  it("names excerpts, questions, choices, sentences and debates by their id", () => {
    const errors = errorsOf(
      brokenLessonOne((l) => {
        l.excerpts[0].questions[0].choices[1].text = "";
        l.excerpts[0].sentences[2].text = " ";
        l.debates[1].sides.against = "";
      }),
    );
    expect(errors).toEqual([
      'content/lessons/north-korea-legacy.yaml: excerpt "hanoi" › sentence "hanoi-3" › text: must not be empty',
      'content/lessons/north-korea-legacy.yaml: excerpt "hanoi" › question "hanoi-q1" › choice "b" › text: must not be empty',
      expect.stringMatching(/: debate "[a-z-]+" › sides\.against: must not be empty$/),
    ]);
  });

  it("names an item by position when its id is missing, invalid or shared with a sibling", () => {
    const data = parse(lessonOneText) as Data;
    delete data.excerpts[2].id;
    data.excerpts[0].questions[1].id = "Bad_Id";
    data.excerpts[1].sentences[1].id = data.excerpts[1].sentences[0].id;
    expect(fieldName(data, ["excerpts", 2, "heading"])).toBe("excerpt 3 › heading");
    expect(fieldName(data, ["excerpts", 0, "questions", 1, "prompt"])).toBe('excerpt "hanoi" › question 2 › prompt');
    expect(fieldName(data, ["excerpts", 1, "sentences", 1, "id"])).toBe('excerpt "bolton" › sentence 2 › id');
  });

  it("names rubric levels and entries of id lists by position", () => {
    const data = parse(lessonOneText) as Data;
    const at = data.excerpts.findIndex((x: Data) => x.questions.some((q: Data) => q.type === "short"));
    const q = data.excerpts[at].questions.findIndex((x: Data) => x.type === "short");
    expect(fieldName(data, ["excerpts", at, "questions", q, "rubric", 1, "points"])).toMatch(/^excerpt "[a-z-]+" › question "[a-z0-9-]+" › rubric level 2 › points$/);
    expect(fieldName(data, ["debates", 0, "suggestedExcerpts", 1])).toBe('debate "cvid-vs-incremental" › suggestedExcerpts entry 2');
    expect(fieldName(data, [])).toBe("(top level)");
  });

  it("names an unknown key's object", () => {
    expect(errorsOf(brokenLessonOne((l) => (l.excerpts[3].colour = "blue")))).toEqual([
      'content/lessons/north-korea-legacy.yaml: excerpt "train": Unrecognized key: "colour"',
    ]);
  });

  it("says when the file is empty", () => {
    expect(errorsOf("")).toEqual([expect.stringMatching(/: \(top level\): the file is empty$/)]);
  });
});

describe("YAML syntax errors, explained", () => {
  const one = (source: string) => {
    const errors = parseLesson("content/lessons/x.yaml", source).errors;
    expect(errors).toHaveLength(1);
    return errors[0]!;
  };

  it("an unquoted value containing ': '", () => {
    const error = one("id: x\ntitle: The summit: what went wrong\n");
    expect(error.field).toBe("line 2, column 8");
    expect(error.message).toMatch(/^The value contains ": ", which YAML reads as the start of another field\. Put the text in single quotes and double any apostrophe: 'Trump''s legacy'\./);
    expect(error.message).toContain("(YAML: Nested mappings are not allowed in compact mappings at line 2, column 8)");
  });

  it("an unquoted value in a list item containing ': '", () => {
    const error = one("excerpts:\n  - id: a\n    sentences:\n      - id: a-1\n        text: Kim said: no deal.\n");
    expect(error.field).toBe("line 5, column 15");
    expect(error.message).toMatch(/^The value contains ": "/);
  });

  it("an unquoted value wrapped onto a line that contains ': '", () => {
    const error = one("prompt: Why does\n  the author say: no?\nid: x\n");
    expect(error.field).toBe("line 2, column 1");
    expect(error.message).toMatch(/^The text of an unquoted value, continued on line 2, contains ": "/);
  });

  it("a line that is not a field (Implicit map keys need to be followed by map values)", () => {
    const error = one("id: x\ntitle: A title\nsummary\n");
    expect(error.field).toBe("line 3, column 1");
    expect(error.message).toMatch(/^Line 3 is not a "field: value" line\..*add the missing ": " after the field name/);
    expect(error.message).toContain("(YAML: Implicit map keys need to be followed by map values at line 3, column 1)");
  });

  it("an apostrophe inside a single-quoted string", () => {
    const error = one("id: x\ntitle: 'Trump's legacy'\n");
    expect(error.field).toBe("line 2, column 15");
    expect(error.message).toMatch(/^An apostrophe ends the single-quoted text early.*double every apostrophe: 'Trump''s legacy'/);
    expect(error.message).toContain("(YAML: Unexpected scalar at node end at line 2, column 15)");
  });

  it("a straight double quote inside a double-quoted string", () => {
    const error = one('id: x\nprompt: "Why "meaningful"?"\n');
    expect(error.message).toMatch(/^A straight double quote ends the double-quoted text early.*curly quotes “ ”/);
  });

  it("an unbalanced single quote, pointed at the line where it opens", () => {
    const error = one("id: x\nprompt: \"The author's view\"\ntitle: 'The summit\nauthor: Jane\nsummary: ok\n");
    expect(error.field).toBe("line 3, column 8");
    expect(error.message).toMatch(/^The text that starts with a single quote \(\'\) on line 3 is never closed: end it with ' on the same line\./);
    expect(error.message).toMatch(/\(YAML: Missing closing 'quote at line 6, column 1\)$/);
  });

  it("an unbalanced double quote", () => {
    const error = one('excerpts:\n  - id: a\n    heading: "The summit\n  - id: b\n    heading: "ok"\n');
    expect(error.field).toBe("line 3, column 14");
    expect(error.message).toMatch(/^The text that starts with a double quote \("\) on line 3 is never closed/);
  });

  it("a tab used for indentation", () => {
    const error = one("id: x\nsource:\n\tpublication: The Example Gazette\n");
    expect(error.field).toBe("line 3, column 1");
    expect(error.message).toMatch(/^Line 3 is indented with a tab: YAML allows only spaces\./);
    expect(error.message).toContain("(YAML: Tabs are not allowed as indentation");
  });

  it("a field indented further than its neighbours", () => {
    const error = one("id: x\nsource:\n  publication: The Example Gazette\n   year: 2020\n");
    expect(error.field).toBe("line 4, column 1");
    expect(error.message).toMatch(/^Line 4 is indented further than the field above it/);
  });

  it("a field indented less than its neighbours", () => {
    const error = one("excerpts:\n  - id: a\n    heading: A\n  sentences: []\n");
    expect(error.field).toBe("line 4, column 1");
    expect(error.message).toMatch(/^Line 4 is not lined up with the lines above it/);
    expect(error.message).toContain("All mapping items must start at the same column");
  });

  it("a line of a >- block indented less than the first", () => {
    const error = one("explanation: >-\n  The author grants the saving\n and argues it is not worth it.\nid: x\n");
    expect(error.field).toBe("line 3, column 1");
    expect(error.message).toMatch(/In a >- block, indent every line at least as far as the first\./);
  });

  it("a field written twice", () => {
    expect(one("id: x\ntitle: A\ntitle: B\n").message).toMatch(/^The field "title" appears twice in the same object: keep one of them\./);
  });

  it("an unclosed [ list", () => {
    expect(one("key: [hanoi-1, hanoi-2\nid: x\n").message).toMatch(/^A list or mapping opened with \[ is not closed: end it with \] on the same line\./);
  });

  it("a value starting with a reserved character", () => {
    expect(one("id: x\nauthor: @jane\n").message).toMatch(/^A value cannot start with @ unless it is quoted\./);
  });

  it("a second document in the file", () => {
    expect(one("id: x\n---\nid: y\n").message).toMatch(/^A line "---" starts a second document here/);
  });

  it("reports every broken line, once each", () => {
    const errors = errorsOf("id: x\ntitle: Trump: the legacy\nsubtitle: 'Kim's turn'\nsummary: Hanoi: the talks\n");
    expect(errors.map((e) => e.split(": ")[1])).toEqual(["line 2, column 8", "line 3, column 16", "line 4, column 10"]);
  });
});

describe("loadLessons", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-load-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("loads the valid files and reports every error of the broken ones", () => {
    fs.writeFileSync(path.join(dir, "north-korea-legacy.yaml"), lessonOneText);
    fs.writeFileSync(
      path.join(dir, "broken.yaml"),
      brokenLessonOne((l) => {
        l.excerpts[0].questions[0].points = "two";
        evidenceOf(l.excerpts[0]).key = ["hanoi-9"];
      }),
    );
    fs.writeFileSync(path.join(dir, "syntax.yaml"), "id: syntax\ntitle: 'Trump's legacy'\n");
    const { lessons, errors } = loadLessons(dir);
    expect(lessons.map((l) => l.id)).toEqual(["north-korea-legacy"]);
    const lines = errors.map(formatContentError);
    expect(lines).toHaveLength(4);
    expect(lines.filter((e) => e.includes("broken.yaml: "))).toHaveLength(3);
    expect(lines.join("\n")).toMatch(/syntax\.yaml: line 2, column 15: An apostrophe/);
  });
});

describe("compareWithSource", () => {
  const lesson = parseLesson("content/lessons/north-korea-legacy.yaml", lessonOneText).lesson!;
  const paragraphs = lesson.excerpts.map((x) => x.sentences.map((s) => s.text).join(" "));

  it("accepts a source whose paragraphs are the excerpts, even hard-wrapped", () => {
    const wrapped = paragraphs.map((p) => p.replace(/\. /g, ".\n  ")).join("\n\n \n");
    expect(compareWithSource("article.txt", lesson, `Headline\n\n${wrapped}\n\nA closing paragraph.\n`)).toEqual([]);
  });

  it("names each excerpt that differs, and where", () => {
    const source = paragraphs.map((p, i) => (i === 0 ? p.replace("70–80 percent", "70-80 percent") : i === 1 ? p.replace("Bolton", "Boltin") : p)).join("\n\n");
    const errors = compareWithSource("article.txt", lesson, source).map(formatContentError);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^article\.txt: excerpt "hanoi": .* differ from the closest one at character \d+, "…s responsible for 70–80 percent of their…" in the lesson, "…s responsible for 70-80 percent of their…" in the source$/);
    expect(errors[1]).toMatch(/^article\.txt: excerpt "bolton": /);
  });

  it("does not accept two sentences joined by anything but a single space", () => {
    const source = paragraphs.map((p, i) => (i === 0 ? p.replace(". ", ".  ") : p)).join("\n\n");
    expect(compareWithSource("article.txt", lesson, source).map((e) => e.field)).toEqual(['excerpt "hanoi"']);
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { questionSchema, type Question } from "@/lib/content/schema";
import { GIFT_SUPPORTED, GIFT_UNSUPPORTED, parseGift, type ImportResult } from "./gift";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "fixtures", "formats", name), "utf8");

function questionsOf(result: ImportResult): Question[] {
  if (!result.ok) throw new Error(`expected the import to succeed, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.questions;
}

function errorsOf(result: ImportResult) {
  if (result.ok) throw new Error("expected the import to be refused");
  return result.errors;
}

function only(source: string): Question {
  const questions = questionsOf(parseGift(source));
  expect(questions).toHaveLength(1);
  return questions[0]!;
}

/** Valid under the lesson schema, apart from the explanation the author still has to write. */
function expectValid(q: Question) {
  expect(questionSchema.safeParse({ ...q, explanation: q.explanation || "To be written." }).success).toBe(true);
}

describe("the Moodle documentation's importable examples", () => {
  const questions = questionsOf(parseGift(fixture("gift-docs-importable.txt")));

  it("imports every question, each valid under the schema", () => {
    expect(questions.map((q) => q.type)).toEqual([
      "truefalse",
      "single",
      "single",
      "single",
      "multiple",
      "truefalse",
      "truefalse",
      "short",
      "short",
      "single",
      "short",
      "truefalse",
      "single",
      "single",
    ]);
    questions.forEach(expectValid);
  });

  it("gives unique temporary ids to questions and choices", () => {
    expect(questions.map((q) => q.id)).toEqual(questions.map((_, i) => `new-q${i + 1}`));
    const choiceIds = questions.flatMap((q) => ("choices" in q ? q.choices.map((c) => c.id) : []));
    expect(choiceIds).toEqual(choiceIds.map((_, i) => `new-c${i + 1}`));
  });

  it("reads a true/false question and drops its title", () => {
    expect(questions[0]).toEqual({ id: "new-q1", type: "truefalse", prompt: "1+1=2", points: 1, answer: true, explanation: "" });
    expect(questions[6]).toMatchObject({ prompt: "The sun rises in the West.", answer: false });
  });

  it("reads single choice with per-answer feedback, joined by letter into the explanation", () => {
    expect(questions[1]).toEqual({
      id: "new-q2",
      type: "single",
      prompt: "What's between orange and green in the spectrum?",
      points: 1,
      choices: [
        { id: "new-c1", text: "yellow", correct: true },
        { id: "new-c2", text: "red", correct: false },
        { id: "new-c3", text: "blue", correct: false },
      ],
      explanation: "(A) right; good! (B) wrong, it's yellow (C) wrong, it's yellow",
    });
  });

  it("reads answers written on several indented lines", () => {
    const q = questions[3]!;
    expect(q.type === "single" && q.choices.map((c) => [c.text, c.correct])).toEqual([
      ["India", false],
      ["China", true],
      ["Korea", false],
      ["Egypt", false],
    ]);
  });

  it("turns weighted answers into a select-all question: positive weight = correct", () => {
    expect(questions[4]).toMatchObject({
      type: "multiple",
      points: 2,
      choices: [
        { text: "No one", correct: false },
        { text: "Grant", correct: true },
        { text: "Grant's wife", correct: true },
        { text: "Grant's father", correct: false },
      ],
    });
  });

  it("turns accepted answers into an instructor-graded short answer with a default rubric", () => {
    expect(questions[7]).toEqual({
      id: "new-q8",
      type: "short",
      prompt: "Who's buried in Grant's tomb?",
      points: 3,
      sampleAnswer: "Accepted answers: Grant; Ulysses S. Grant; Ulysses Grant.",
      rubric: [
        { points: 3, description: "Matches an accepted answer." },
        { points: 0, description: "Missing or inaccurate." },
      ],
      explanation: "",
    });
    // The title is dropped and the wrapped question text joined with a space.
    expect(questions[8]).toMatchObject({ prompt: "Japanese characters originally came from what country?", sampleAnswer: "Accepted answer: China." });
    expect(questions[10]).toMatchObject({ explanation: "For “no one”: excellent answer! For “nobody”: excellent answer too!" });
  });

  it("uses true/false feedback as the explanation", () => {
    expect(questions[11]).toMatchObject({ type: "truefalse", answer: false, explanation: "No one is buried in Grant's tomb." });
  });

  it("unescapes the control characters", () => {
    expect(questions[12]).toMatchObject({
      choices: [
        { text: "= 2 + 2", correct: false },
        { text: "= 2 + 3", correct: true },
        { text: "= 2 + 4", correct: false },
      ],
    });
    const q = questions[13]!;
    expect(q.type === "single" && q.choices.map((c) => c.text)).toEqual(["~", "=", "#", "{", "}", "\\"]);
    expect(q.type === "single" && q.choices[5]!.correct).toBe(true);
    expect(q.explanation).toBe(
      "(A) ~ is a control character. (B) = is a control character. (C) # is a control character. (D) { is a control character. " +
        "(E) } is a control character. (F) Correct! \\ (backslash) is not a control character. BUT, it is used to escape the control characters.",
    );
  });
});

describe("the Moodle documentation's refused examples", () => {
  const errors = errorsOf(parseGift(fixture("gift-docs-refused.txt")));

  it("refuses the file, naming every unsupported feature by line", () => {
    const expected: [number, RegExp][] = [
      [5, /missing-word/], // Two plus {=two =2} equals four.
      [8, /Matching/],
      [11, /Numerical/],
      [14, /Numerical/],
      [18, /Numerical/],
      [24, /essay/],
      [27, /Matching/], // the first "->" of the capitals question
      [34, /missing-word/],
      [36, /essay/],
      [38, /description/],
      [40, /~%50%half credit answer.*partial credit/],
      [44, /~%25%Bethlehem.*partial credit/],
      [45, /~%50%Galilee.*partial credit/],
      [47, /missing-word/], // "}." — Moodle reads the full stop as text after the blank
    ];
    expect(errors.map((e) => e.line)).toEqual(expected.map(([line]) => line));
    errors.forEach((error, i) => expect(error.message).toMatch(expected[i]![1]));
  });
});

describe("parseGift", () => {
  it("refuses a whole file for one bad question and lists every error", () => {
    const result = parseGift("Good? {T}\n\nBad? {~a ~b}\n\nAlso bad? {=a ~}\n");
    expect(errorsOf(result)).toEqual([
      { line: 3, message: expect.stringMatching(/None of the answers is marked right/) },
      { line: 5, message: "An answer after “~” has no text." },
    ]);
  });

  it("refuses a file with no questions", () => {
    expect(errorsOf(parseGift(""))).toEqual([{ line: 1, message: "The file has no questions." }]);
    expect(errorsOf(parseGift("// only a comment\n\n$CATEGORY: $course$/Week 1\n"))).toHaveLength(1);
  });

  it("ignores comments and category lines, and reads CRLF files with a byte-order mark", () => {
    const source = "\uFEFF$CATEGORY: $course$/Week 1\r\n\r\n// about Paris\r\nCapital of France?\r\n// inside\r\n{=Paris ~Lyon}\r\n";
    expect(only(source)).toMatchObject({ type: "single", prompt: "Capital of France?", choices: [{ text: "Paris" }, { text: "Lyon" }] });
  });

  it("reports lines in the original file, comments counted", () => {
    expect(errorsOf(parseGift("// one\n// two\nQ? {=a\n~b\n~}\n"))).toEqual([{ line: 5, message: "An answer after “~” has no text." }]);
  });

  it("strips text-format markers and keeps HTML as literal text", () => {
    const q = only("::T::[html]<p>Is <b>this</b> bold?</p>{=[html]<i>yes</i> #[markdown]**right** ~no}");
    expect(q).toMatchObject({ prompt: "<p>Is <b>this</b> bold?</p>", choices: [{ text: "<i>yes</i>" }, { text: "no" }], explanation: "(A) **right**" });
  });

  it("keeps escaped newlines and joins source line breaks", () => {
    expect(only("First line\\nsecond line\nstill second? {T}").prompt).toBe("First line\nsecond line still second?");
  });

  it("prefers general feedback to per-answer feedback", () => {
    expect(only("Q? {=a#right ~b#wrong ####Because a.}").explanation).toBe("Because a.");
    expect(only("Q? {T#Wrong: it is true.#Well done. ####It is true.}").explanation).toBe("It is true.");
  });

  it("joins true/false feedback in Moodle's order (for a wrong answer, then for a right one)", () => {
    expect(only("Q? {TRUE#No, it is true.#Yes.}")).toMatchObject({ answer: true, explanation: "No, it is true. Yes." });
    expect(only("Q? {f}")).toMatchObject({ type: "truefalse", answer: false });
  });

  it("reads Moodle's own exports: =%100% weights and trailing empty feedback", () => {
    const q = only("::Capital::Capital of France?{\n\t=%100%Paris#\n\t=%50%paris#Mind the capital.\n}");
    expect(q).toMatchObject({ type: "short", sampleAnswer: "Accepted answers: Paris; paris (50% credit).", explanation: "For “paris”: Mind the capital." });
    expect(only("Q?{\n\t=%100%a\n\t~b\n\t~%0%c\n}")).toMatchObject({ type: "single", choices: [{ correct: true }, { correct: false }, { correct: false }] });
  });

  it("accepts {answer} without = as a short answer, as Moodle does", () => {
    expect(only("1 + 2 \\= {3}")).toMatchObject({ type: "short", prompt: "1 + 2 =", sampleAnswer: "Accepted answer: 3." });
  });

  it("refuses weights that a single-choice question cannot score", () => {
    const errors = errorsOf(parseGift("Q? {=%50%a ~b ~%-50%c}"));
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^“=%50%a” gives the right answer partial credit/),
      expect.stringMatching(/^“~%-50%c” takes marks off/),
    ]);
  });

  it("refuses two right answers in a single-choice question", () => {
    expect(errorsOf(parseGift("Q? {=a =b ~c}"))[0]!.message).toMatch(/marks 2 answers right/);
  });

  it("refuses questions with no right answer", () => {
    expect(errorsOf(parseGift("Q? {~%0%a ~%-50%b}"))[0]!.message).toMatch(/None of the answers is marked right/);
  });

  it("keeps to the schema's number of choices", () => {
    const answers = (n: number, right: string) => Array.from({ length: n }, (_, i) => (i === 0 ? right : "~x") + i).join(" ");
    expect(only(`Q? {${answers(8, "=")}}`).type).toBe("single");
    expect(errorsOf(parseGift(`Q? {${answers(9, "=")}}`))[0]!.message).toMatch(/9 answers; a single-choice question can have at most 8/);
    expect(only(`Q? {${answers(10, "~%100%")}}`).type).toBe("multiple");
    expect(errorsOf(parseGift(`Q? {${answers(11, "~%100%")}}`))[0]!.message).toMatch(/11 answers; a select-all question can have at most 10/);
    expect(errorsOf(parseGift("Q? {~%100%only}"))[0]!.message).toMatch(/at least two answers/);
  });

  it("refuses text that is too long for the schema, on the answer's line", () => {
    const errors = errorsOf(parseGift(`Q? {\n=${"x".repeat(501)}\n~b\n}`));
    expect(errors).toEqual([{ line: 2, message: "This answer is 501 characters long; Colloquy allows at most 500." }]);
  });

  it("names the structural mistakes", () => {
    const message = (source: string) => errorsOf(parseGift(source))[0]!.message;
    expect(message("Q? {=a ~b")).toMatch(/never closed/);
    expect(message("Q? =a ~b}")).toMatch(/“}” with no “{”/);
    expect(message("Q? {=a {~b}")).toMatch(/second “{”/);
    expect(message("::Title Q? {T}")).toMatch(/title starts with “::”/);
    expect(message("{T}")).toMatch(/no text before its answers/);
    expect(message("Q? {stray =a ~b}")).toMatch(/“stray” is not marked as an answer/);
    expect(message("Q1? {T}\nQ2? {F}")).toMatch(/more than one set of answers/);
    expect(message("Q? {~a ~%150%b}")).toMatch(/out of range/);
  });

  it("documents what it supports and refuses", () => {
    expect(GIFT_SUPPORTED.length).toBeGreaterThan(5);
    const refused = GIFT_UNSUPPORTED.map((u) => u.feature).join("\n");
    for (const feature of ["Matching", "Numerical", "Missing-word", "Essay", "Descriptions", "Partial credit", "8 choices", "no right answer"])
      expect(refused).toContain(feature);
    GIFT_UNSUPPORTED.forEach((u) => expect(u.why.length).toBeGreaterThan(10));
  });
});

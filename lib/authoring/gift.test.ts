import { describe, expect, it } from "vitest";
import { questionSchema } from "@/lib/content/schema";
import { parseAiken } from "./aiken";
import { parseGift } from "./gift";

/** The examples of Moodle's GIFT format page, as documented there. */
const MOODLE_GIFT = `// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// essay
::Q8:: How are you? {}
`;

const GRANT = `Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}

Grant is buried in Grant's tomb.{F}

Who's buried in Grant's tomb?{=no one =nobody}

What two people are entombed in Grant's tomb? {~%-100%No one ~%50%Grant ~%50%Grant's wife ~%-100%Grant's father ####Grant and his wife, Julia.}

[html]Is <b>this</b> text? {TRUE#Tags stay text.}

$CATEGORY: tom/x
Escapes \\{ \\} \\= \\~ and \\: stay. {=a\\=b ~c\\~d}`;

describe("parseGift", () => {
  it("reads single choice, true/false, short answer and weighted multiple select", () => {
    const result = parseGift(GRANT);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [single, tf, short, multiple, html, escaped] = result.questions;
    expect(single).toMatchObject({ type: "single", prompt: "Who's buried in Grant's tomb?", points: 1 });
    expect(single!.type === "single" && single!.choices.map((c) => [c.text, c.correct])).toEqual([["Grant", false], ["Jefferson", false], ["no one", true]]);
    expect(tf).toMatchObject({ type: "truefalse", answer: false });
    expect(short).toMatchObject({ type: "short", sampleAnswer: "Accepted answers: no one; nobody.", points: 3 });
    expect(multiple!.type === "multiple" && multiple!.choices.filter((c) => c.correct).map((c) => c.text)).toEqual(["Grant", "Grant's wife"]);
    expect(multiple).toMatchObject({ explanation: "Grant and his wife, Julia." });
    expect(html).toMatchObject({ type: "truefalse", answer: true, prompt: "Is <b>this</b> text?", explanation: "Tags stay text." });
    expect(escaped!.prompt).toBe("Escapes { } = ~ and : stay.");
    expect(escaped!.type === "single" && escaped!.choices.map((c) => c.text)).toEqual(["a=b", "c~d"]);
    // Without feedback in the file, the explanation is left for the author (the editor flags it).
    expect(single!.explanation).toBe("");
    // Every question is a valid question once it has an explanation.
    for (const q of result.questions) expect(questionSchema.safeParse({ ...q, explanation: q.explanation || "x" }).success).toBe(true);
    expect(new Set(result.questions.map((q) => q.id)).size).toBe(result.questions.length);
  });

  it("refuses the documented examples it has no question for, each by its line, and keeps nothing", () => {
    const result = parseGift(MOODLE_GIFT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([9, 12, 15, 18]);
    expect(result.errors[0]!.message).toMatch(/missing-word/i);
    expect(result.errors[1]!.message).toMatch(/matching/i);
    expect(result.errors[2]!.message).toMatch(/numerical/i);
    expect(result.errors[3]!.message).toMatch(/essay/i);
  });

  it("takes the documented feedback example: right answer's feedback as the explanation", () => {
    const result = parseGift(MOODLE_GIFT.split("\n\n").slice(0, 2).join("\n\n"));
    expect(result).toMatchObject({ ok: true, questions: [{ type: "truefalse", answer: true, prompt: "1+1=2" }, { type: "single", prompt: "What's between orange and green in the spectrum?", explanation: "right; good!" }] });
  });

  it("names what is wrong in words", () => {
    const result = parseGift("Just a description.\n\nNo end {=a ~b\n\nTwo right {=a =b ~c}\n\nNone right {~%-50%a ~%-50%b}");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 1, message: expect.stringMatching(/description/) },
      { line: 3, message: expect.stringMatching(/never end/) },
      { line: 5, message: expect.stringMatching(/exactly one right answer/) },
      { line: 7, message: expect.stringMatching(/positive weight/) },
    ]);
  });
});

describe("parseAiken", () => {
  it("reads the documented example", () => {
    const result = parseAiken(`What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
`);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.questions).toHaveLength(2);
    const [first, second] = result.questions;
    expect(first!.type === "single" && first!.choices.find((c) => c.correct)!.text).toBe("Must be this one!");
    expect(second!.type === "single" && second!.choices.map((c) => c.correct)).toEqual([true, false, false, false, false, false]);
  });

  it("refuses a file with any error, naming each line", () => {
    const result = parseAiken("Q1?\nA. a\nB. b\nANSWER: E\n\nQ2?\nA. a\nC. c\nANSWER: A\n\nQ3?\nA. a\nB. b\n\nQ4?\nA. only\nANSWER: A");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([4, 8, 11, 15]);
    expect(result.errors[0]!.message).toMatch(/names no option/);
    expect(result.errors[1]!.message).toMatch(/out of order/);
    expect(result.errors[2]!.message).toMatch(/no ANSWER line/);
    expect(result.errors[3]!.message).toMatch(/at least two options/);
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { questionSchema } from "@/lib/content/schema";
import { parseAiken, type ImportResult } from "./aiken";

// The two examples of https://docs.moodle.org/en/Aiken_format, verbatim (Aiken has no comment syntax).
const docsExample = fs.readFileSync(path.join(__dirname, "fixtures", "formats", "aiken-docs-example.txt"), "utf8");

function errorsOf(result: ImportResult) {
  if (result.ok) throw new Error("expected the import to be refused");
  return result.errors;
}

describe("parseAiken", () => {
  it("imports the Moodle documentation's example as single-choice questions", () => {
    const result = parseAiken(docsExample);
    expect(result).toEqual({
      ok: true,
      questions: [
        {
          id: "new-q1",
          type: "single",
          prompt: "What is the correct answer to this question?",
          points: 1,
          choices: [
            { id: "new-c1", text: "Is it this one?", correct: false },
            { id: "new-c2", text: "Maybe this answer?", correct: false },
            { id: "new-c3", text: "Possibly this one?", correct: false },
            { id: "new-c4", text: "Must be this one!", correct: true },
          ],
          explanation: "",
        },
        {
          id: "new-q2",
          type: "single",
          prompt: "Which LMS has the most quiz import formats?",
          points: 1,
          choices: ["Moodle", "ATutor", "Claroline", "Blackboard", "WebCT", "Ilias"].map((text, i) => ({ id: `new-c${i + 5}`, text, correct: i === 0 })),
          explanation: "",
        },
      ],
    });
    if (result.ok)
      for (const q of result.questions) expect(questionSchema.safeParse({ ...q, explanation: "To be written." }).success).toBe(true);
  });

  it("reads questions without blank lines between them, CRLF endings and a wrapped question", () => {
    const result = parseAiken("\uFEFFFirst?\r\nA. x\r\nB. y\r\nANSWER: B\r\nSecond, on\r\ntwo lines?\r\nA) p\r\nB) q\r\nANSWER: a\r\n");
    expect(result.ok && result.questions.map((q) => [q.prompt, q.type === "single" && q.choices.findIndex((c) => c.correct)])).toEqual([
      ["First?", 1],
      ["Second, on two lines?", 0],
    ]);
  });

  it("refuses a whole file for one bad question and lists every error by line", () => {
    const source = [
      "Good?", //        1
      "A. yes", //       2
      "B. no", //        3
      "ANSWER: A", //    4
      "", //             5
      "No answer?", //   6
      "A. one", //       7
      "B. two", //       8
      "", //             9
      "Wrong letter?", // 10
      "A. one", //       11
      "B. two", //       12
      "ANSWER: C", //    13
      "", //             14
      "Lonely?", //      15
      "A. only", //      16
      "ANSWER: A", //    17
      "", //             18
      "Skips?", //       19
      "A. one", //       20
      "C. three", //     21
      "ANSWER: A", //    22
    ].join("\n");
    expect(errorsOf(parseAiken(source))).toEqual([
      { line: 6, message: expect.stringMatching(/no “ANSWER:” line/) },
      { line: 13, message: "“ANSWER: C” is not one of this question's options (A, B)." },
      { line: 15, message: "This question has only one option; it needs at least two (A. …, B. …)." },
      { line: 21, message: "This option is lettered “C”, but the next option should be “B”. Letter the options A, B, C… in order." },
    ]);
  });

  it("names a missing ANSWER when the next question follows without one", () => {
    expect(errorsOf(parseAiken("One?\nA. a\nB. b\nTwo?\nA. a\nB. b\nANSWER: B"))).toEqual([{ line: 1, message: expect.stringMatching(/no “ANSWER:” line/) }]);
    expect(errorsOf(parseAiken("Last?\nA. a\nB. b"))).toEqual([{ line: 1, message: expect.stringMatching(/no “ANSWER:” line/) }]);
  });

  it("refuses answers that do not name exactly one option", () => {
    expect(errorsOf(parseAiken("Q?\nA. a\nB. b\nANSWER: A, B"))[0]!.message).toMatch(/exactly one right answer/);
    expect(errorsOf(parseAiken("Q?\nA. a\nB. b\nANSWER:"))[0]!.message).toMatch(/does not say which option/);
  });

  it("refuses options and answers without a question, and empty or too many options", () => {
    expect(errorsOf(parseAiken("A. a\nB. b\nANSWER: A"))).toEqual([
      { line: 1, message: expect.stringMatching(/option has no question before it/) },
      { line: 1, message: "This question has no question text." },
    ]);
    expect(errorsOf(parseAiken("ANSWER: A"))).toEqual([{ line: 1, message: "This “ANSWER:” line has no question before it." }]);
    const nine = ["Q?", ..."ABCDEFGHI".split("").map((l) => `${l}. ${l}`), "ANSWER: A"].join("\n");
    expect(errorsOf(parseAiken(nine))[0]!.message).toMatch(/9 options; Colloquy allows at most 8/);
    expect(errorsOf(parseAiken(`Q?\nA. ${"x".repeat(501)}\nB. b\nANSWER: B`))).toEqual([
      { line: 2, message: "Option A is 501 characters long; Colloquy allows at most 500." },
    ]);
  });

  it("refuses an option without text", () => {
    expect(errorsOf(parseAiken("Q?\nA. a\nB.\nANSWER: A"))).toEqual([{ line: 3, message: "Option B has no text." }]);
  });

  it("refuses a file with no questions", () => {
    expect(errorsOf(parseAiken("\n\n"))).toEqual([{ line: 1, message: "The file has no questions." }]);
  });
});

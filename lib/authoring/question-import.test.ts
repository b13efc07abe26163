import { describe, expect, it } from "vitest";
import { questionSchema } from "@/lib/content/schema";
import { LIMITS, importResult, schemaProblems, temporaryIds } from "./question-import";

const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: "x", correct: i === 0 }));
const accepts = (question: object) => questionSchema.safeParse({ id: "q", prompt: "Q?", points: 1, explanation: "E.", ...question }).success;

describe("LIMITS", () => {
  // The importers name the line that breaks a limit, so their copy of the limits must be the schema's.
  it("are the schema's limits", () => {
    expect(accepts({ type: "truefalse", answer: true, prompt: "x".repeat(LIMITS.prompt) })).toBe(true);
    expect(accepts({ type: "truefalse", answer: true, prompt: "x".repeat(LIMITS.prompt + 1) })).toBe(false);
    expect(accepts({ type: "truefalse", answer: true, explanation: "x".repeat(LIMITS.explanation + 1) })).toBe(false);
    expect(accepts({ type: "truefalse", answer: true, explanation: "x".repeat(LIMITS.explanation) })).toBe(true);
    expect(accepts({ type: "single", choices: choices(LIMITS.singleChoices) })).toBe(true);
    expect(accepts({ type: "single", choices: choices(LIMITS.singleChoices + 1) })).toBe(false);
    expect(accepts({ type: "multiple", choices: choices(LIMITS.multipleChoices) })).toBe(true);
    expect(accepts({ type: "multiple", choices: choices(LIMITS.multipleChoices + 1) })).toBe(false);
    expect(accepts({ type: "single", choices: [{ id: "a", text: "x".repeat(LIMITS.choice + 1) }, { id: "b", text: "y" }] })).toBe(false);
    const short = (sampleAnswer: string) => ({ type: "short", sampleAnswer, rubric: [{ points: 1, description: "d" }] });
    expect(accepts(short("x".repeat(LIMITS.sampleAnswer)))).toBe(true);
    expect(accepts(short("x".repeat(LIMITS.sampleAnswer + 1)))).toBe(false);
  });
});

describe("temporaryIds", () => {
  it("counts questions and choices separately, as valid ids", () => {
    const ids = temporaryIds();
    expect([ids.question(), ids.choice(), ids.choice(), ids.question()]).toEqual(["new-q1", "new-c1", "new-c2", "new-q2"]);
  });
});

describe("schemaProblems", () => {
  it("allows only the explanation to be missing", () => {
    expect(schemaProblems({ id: "new-q1", type: "truefalse", prompt: "Q?", points: 1, answer: true, explanation: "" }, 3)).toEqual([]);
    expect(schemaProblems({ id: "new-q1", type: "truefalse", prompt: " ", points: 1, answer: true, explanation: "" }, 3)).toEqual([
      { line: 3, message: "This question does not fit Colloquy's format (prompt: must not be empty)." },
    ]);
  });
});

describe("importResult", () => {
  it("refuses the whole file when anything is wrong, errors in line order", () => {
    const q = { id: "new-q1", type: "truefalse", prompt: "Q?", points: 1, answer: true, explanation: "" } as const;
    expect(importResult([q], [])).toEqual({ ok: true, questions: [q] });
    expect(importResult([q], [{ line: 9, message: "b" }, { line: 2, message: "a" }])).toEqual({
      ok: false,
      errors: [{ line: 2, message: "a" }, { line: 9, message: "b" }],
    });
  });
});

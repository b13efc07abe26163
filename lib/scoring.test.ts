import { describe, expect, it } from "vitest";
import type { Question } from "./content/schema";
import { indexLesson } from "./lesson-items";
import { overlapCredit, scoreItem, scoreQuestion } from "./scoring";

const base = { prompt: "p", explanation: "e" };
const single: Question = {
  ...base,
  id: "s",
  type: "single",
  points: 1,
  choices: [
    { id: "a", text: "A", correct: false },
    { id: "b", text: "B", correct: true },
  ],
};
const multiple: Question = {
  ...base,
  id: "m",
  type: "multiple",
  points: 3,
  choices: [
    { id: "a", text: "A", correct: true },
    { id: "b", text: "B", correct: true },
    { id: "c", text: "C", correct: true },
    { id: "d", text: "D", correct: false },
  ],
};
const tf: Question = { ...base, id: "t", type: "truefalse", points: 1, answer: false };
const short: Question = { ...base, id: "sh", type: "short", points: 4, sampleAnswer: "x", rubric: [{ points: 4, description: "d" }] };
const evidence: Question = { ...base, id: "e", type: "evidence", points: 2, claim: "c", key: ["x-2", "x-3"] };

describe("overlap credit", () => {
  it("gives an equal share per key item and takes one away per wrong pick, never below zero", () => {
    expect(overlapCredit(["x-2", "x-3"], ["x-2", "x-3"])).toBe(1);
    expect(overlapCredit(["x-2"], ["x-2", "x-3"])).toBe(0.5);
    expect(overlapCredit(["x-2", "x-3", "x-1"], ["x-2", "x-3"])).toBe(0.5);
    expect(overlapCredit(["x-2", "x-1"], ["x-2", "x-3"])).toBe(0);
    expect(overlapCredit(["x-1", "x-2", "x-3", "x-4", "x-5"], ["x-2", "x-3"])).toBe(0);
    expect(overlapCredit([], ["x-2"])).toBe(0);
    expect(overlapCredit(["x-2", "x-2"], ["x-2", "x-3"])).toBe(0.5);
  });
});

describe("scoring each question type", () => {
  it("single choice", () => {
    expect(scoreQuestion(single, { choice: "b" })).toEqual({ status: "scored", score: 1, max: 1, outcome: "correct" });
    expect(scoreQuestion(single, { choice: "a" })).toEqual({ status: "scored", score: 0, max: 1, outcome: "incorrect" });
  });
  it("true/false", () => {
    expect(scoreQuestion(tf, { value: false })).toMatchObject({ score: 1, outcome: "correct" });
    expect(scoreQuestion(tf, { value: true })).toMatchObject({ score: 0, outcome: "incorrect" });
  });
  it("multiple select, with partial credit", () => {
    expect(scoreQuestion(multiple, { choices: ["a", "b", "c"] })).toMatchObject({ score: 3, outcome: "correct" });
    expect(scoreQuestion(multiple, { choices: ["a", "b"] })).toMatchObject({ score: 2, outcome: "partial" });
    expect(scoreQuestion(multiple, { choices: ["a", "d"] })).toMatchObject({ score: 0, outcome: "incorrect" });
    expect(scoreQuestion(multiple, { choices: ["a", "b", "c", "d"] })).toMatchObject({ score: 2, outcome: "partial" });
  });
  it("evidence, by overlap with the key sentences", () => {
    expect(scoreQuestion(evidence, { sentences: ["x-3", "x-2"] })).toMatchObject({ score: 2, outcome: "correct" });
    expect(scoreQuestion(evidence, { sentences: ["x-3"] })).toMatchObject({ score: 1, outcome: "partial" });
    expect(scoreQuestion(evidence, { sentences: ["x-1"] })).toMatchObject({ score: 0, outcome: "incorrect" });
  });
  it("rounds to two decimals", () => {
    const third: Question = { ...multiple, points: 1 };
    expect(scoreQuestion(third, { choices: ["a"] })).toMatchObject({ score: 0.33 });
  });
  it("short answers need grading; unanswered questions score zero", () => {
    expect(scoreQuestion(short, { text: "my answer" })).toEqual({ status: "needs-grading", max: 4 });
    expect(scoreQuestion(short, null)).toEqual({ status: "unanswered", score: 0, max: 4 });
    expect(scoreQuestion(single, undefined)).toEqual({ status: "unanswered", score: 0, max: 1 });
  });
  it("debate arguments need grading, worth the prompt's points", () => {
    const index = indexLesson({
      id: "l",
      title: "t",
      author: "a",
      source: { publication: "p" },
      attribution: "a",
      summary: "s",
      excerpts: [{ id: "x", heading: "h", sentences: [{ id: "x-1", text: "t" }], questions: [] }],
      debates: [{ id: "d", motion: "m", sides: { for: "f", against: "a" }, background: "b", suggestedExcerpts: [], points: 5 }],
    });
    expect(scoreItem(index.byId.get("d")!, { stance: 2, argument: "because", citations: [] })).toEqual({ status: "needs-grading", max: 5 });
  });
});

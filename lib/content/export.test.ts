import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lessonFileName, lessonToYaml } from "./export";
import { parseLesson } from "./load";
import { lessonSchema, type Lesson } from "./schema";

const dir = path.join(__dirname, "..", "..", "content", "lessons");
const builtIn = parseLesson("north-korea-legacy.yaml", fs.readFileSync(path.join(dir, "north-korea-legacy.yaml"), "utf8")).lesson!;

/** What `npm run content:check` would make of the exported file dropped into content/lessons. */
const roundTrip = (lesson: Lesson) => parseLesson(`content/lessons/${lessonFileName(lesson)}`, lessonToYaml(lesson));

const nasty: Lesson = lessonSchema.parse({
  id: "nasty-1",
  title: "Trump's “legacy”: a #1 question",
  author: "- a dash first",
  source: { year: 2020 },
  attribution: "'quoted first', then: colons # and hashes",
  excerpts: [
    {
      id: "p1",
      sentences: [
        { id: "s1", text: "It's 70–80 percent: “true” # not a comment." },
        { id: "s2", text: "true" },
        { id: "s3", text: "123" },
        { id: "s4", text: "- starts with a dash, and has trailing words 👩🏽‍🏫" },
        { id: "s5", text: "x".repeat(1900) },
      ],
      questions: [
        { id: "q1", type: "truefalse", prompt: "null", points: 1.5, answer: false, explanation: "yes" },
        { id: "q2", type: "single", prompt: "{ braces }", points: 1, choices: [{ id: "a", text: "[not a list]", correct: true }, { id: "b", text: "@at" }], explanation: `${"A long explanation: with colons, 'apostrophes' and “quotes”. ".repeat(5)}` },
        { id: "q3", type: "evidence", prompt: "Pick", points: 2, claim: "%claim", key: ["s1", "s3"], explanation: "e" },
        { id: "q4", type: "short", prompt: "Why?", points: 3, sampleAnswer: "Because\nof two lines.", rubric: [{ points: 3, description: "ok" }, { points: 0, description: "no" }], explanation: "  leading spaces kept? trimmed by the schema" },
      ],
    },
  ],
  debates: [{ id: "d1", motion: "This house: believes", sides: { for: "For", against: "Against" }, background: "b ".repeat(60).trim(), points: 0 }],
});

describe("lessonToYaml", () => {
  it("round-trips the built-in lesson exactly", () => {
    expect(roundTrip(builtIn)).toEqual({ lesson: builtIn, errors: [] });
  });

  it("round-trips the format guide's example and a lesson of awkward text", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "content", "README.md"), "utf8");
    const example = /## Complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const lesson = parseLesson("example-library-hours.yaml", example).lesson!;
    expect(roundTrip(lesson)).toEqual({ lesson, errors: [] });
    expect(roundTrip(nasty)).toEqual({ lesson: nasty, errors: [] });
  });

  it("reads like a hand-written file: sentences single-quoted, id lists inline, defaults left out", () => {
    const text = lessonToYaml(builtIn);
    expect(text).toContain("text: 'Let’s start with what happened in the Hanoi Summit.'");
    expect(text).toContain("key: [ hanoi-3, hanoi-4 ]");
    expect(text).toMatch(/explanation: >-\n/);
    expect(text).not.toMatch(/correct: false/);
    expect(lessonToYaml(nasty)).not.toMatch(/suggestedExcerpts|questions: \[\]/);
    expect(lessonFileName(builtIn)).toBe("north-korea-legacy.yaml");
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lessonFileName, lessonToYaml } from "./export";
import { parseLesson } from "./load";
import { lessonSchema, type Lesson } from "./schema";

const root = path.join(__dirname, "..", "..");
const lessonOneText = fs.readFileSync(path.join(root, "content", "lessons", "north-korea-legacy.yaml"), "utf8");

/** The README's "Complete example" block, as an author would save it. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(root, "content", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Complete example"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("content/README.md has no complete example");
  return block[1]!;
}

function parsed(file: string, source: string): Lesson {
  const { lesson, errors } = parseLesson(file, source);
  expect(errors).toEqual([]);
  return lesson!;
}

/** Exports, reads the file back the way the server does, and expects the same lesson. */
function expectRoundTrip(lesson: Lesson): string {
  const yaml = lessonToYaml(lesson);
  const back = parseLesson(lessonFileName(lesson), yaml);
  expect(back.errors).toEqual([]);
  expect(back.lesson).toEqual(lesson);
  // A second export of what was read back is the same text: nothing drifts on each save.
  expect(lessonToYaml(back.lesson!)).toBe(yaml);
  return yaml;
}

const long = (sentence: string, length: number) => sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length).trim();

/** Every awkward value the format has to survive, in a lesson that is valid under the schema. */
const nasty: Lesson = lessonSchema.parse({
  id: "nasty-lesson",
  title: `It's a "test": # not a comment`,
  subtitle: "'Leading quote' and a trailing colon:",
  author: "- Dash at the start",
  authorBio: "true",
  source: { publication: "123", year: 1999, url: "https://example.org/a?b=c#frag" },
  attribution: long("The author’s “words”: quoted #verbatim — it's fine. ", 1000),
  excerpts: [
    {
      id: "123",
      sentences: [
        "true",
        "123",
        "null",
        "~",
        "yes",
        "0x1F",
        "1e3",
        ".inf",
        "2024-01-01",
        "- leading dash",
        "key: value # not a comment",
        "‘Curly single’ and “curly double” — dashes – too.",
        "Emoji 🎉👩🏽‍🏫 and accents: é, ü, ñ.",
        "'Straight single quotes'",
        '"Straight double quotes"',
        "It's Trump''s legacy",
        "Backslash \\ and \\n (not a newline).",
        "Line one \n line two",
        "Tab\tinside, carriage\rreturn, bell\u0007",
        "Zero\u00a0width\u200bspace and a BOM\ufeffinside",
        "--- not a document marker",
        "... nor this",
        "%percent @at `backtick *star &amp !bang |pipe >gt [bracket {brace ?question",
        "Ends with a colon:",
        long("A very long sentence, with clauses: semicolons; and # signs, that goes on and on. ", 2000),
      ].map((text, i) => ({ id: i === 6 ? "1e3" : `s-${i + 1}`, text })),
      questions: [
        {
          id: "null",
          type: "single",
          prompt: "What is this: a test?",
          points: 2.5,
          choices: [
            { id: "yes", text: ": starts with a colon", correct: true },
            { id: "no", text: "# starts with a hash" },
            { id: "on", text: "false" },
          ],
          explanation: "- Starts like a list item.\n\nSecond paragraph: with a colon # and a hash.\n  Indented line.",
        },
        {
          id: "q-multi",
          type: "multiple",
          prompt: "'Quoted' prompt",
          points: 2,
          choices: [
            { id: "a", text: "“Curly”", correct: true },
            { id: "b", text: "@handle", correct: true },
            { id: "c", text: "100%" },
          ],
          explanation: `... starts with dots and has a very long word: ${"x".repeat(300)} then more words.`,
        },
        { id: "q-tf", type: "truefalse", prompt: "true", points: 1, answer: false, explanation: "false" },
        {
          id: "q-short",
          type: "short",
          prompt: "Explain “this”.",
          points: 3,
          sampleAnswer: long("It’s long: a sample answer # with hashes. ", 3000),
          rubric: [
            { points: 3, description: "yes" },
            { points: 0.5, description: "- partial: half a point" },
            { points: 0, description: "Missing or inaccurate." },
          ],
          explanation: "🎉",
        },
        {
          id: "q-evidence",
          type: "evidence",
          prompt: "Select the sentence(s).",
          points: 2,
          claim: "'true' is a string",
          key: ["1e3", "s-1"],
          explanation: "Because.",
        },
      ],
    },
    { id: "no-questions", heading: "null", sentences: [{ id: "only", text: "Only one sentence." }] },
  ],
  debates: [
    {
      id: "debate-1",
      motion: "This house believes: yes # no",
      sides: { for: "yes", against: "- no" },
      background: "Background with ‘quotes’ and: colons.",
      points: 0,
    },
    { id: "debate-2", motion: "Plain motion", sides: { for: "For", against: "Against" }, background: "Short.", suggestedExcerpts: ["123", "no-questions"] },
  ],
});

describe("lessonToYaml", () => {
  it("round-trips lesson one", () => {
    expectRoundTrip(parsed("north-korea-legacy.yaml", lessonOneText));
  });

  it("round-trips the README's complete example", () => {
    expectRoundTrip(parsed("example-library-hours.yaml", readmeExample()));
  });

  it("round-trips a lesson full of awkward text", () => {
    expectRoundTrip(nasty);
  });

  it("round-trips a lesson with every optional field and default left out", () => {
    const minimal = lessonSchema.parse({
      id: "minimal",
      title: "Minimal",
      attribution: "Colloquy's own.",
      excerpts: [{ id: "x", sentences: [{ id: "x-1", text: "One." }] }],
    });
    const yaml = expectRoundTrip(minimal);
    expect(yaml).not.toMatch(/^\s*(?:source|subtitle|author|authorBio|summary|heading|questions|debates):/m);
    expect(yaml).toContain("\n\nid: minimal\n"); // a blank line after the header comment
  });

  it("reads like the hand-written lesson one", () => {
    const lesson = parsed("north-korea-legacy.yaml", lessonOneText);
    const yaml = lessonToYaml(lesson);
    expect(yaml).toMatch(/^# Format: see content\/README\.md/);
    // The same keys, values and quoting as the hand-written file: only the header and the wrapping of
    // folded prose differ.
    const words = (text: string) => text.replace(/^#.*\n/gm, "").split(/\s+/).filter(Boolean);
    expect(words(yaml)).toEqual(words(lessonOneText));
    // Sentences, prompts and choices stay on one line each, however long, exactly as written by hand.
    const oneLiners = lessonOneText.split("\n").filter((line) => /^\s+(?:text|prompt|claim|motion|description): ['"]/.test(line));
    expect(oneLiners.length).toBeGreaterThan(100);
    const lines = new Set(yaml.split("\n"));
    expect(oneLiners.filter((line) => !lines.has(line))).toEqual([]);
  });

  it("writes correct: only on correct choices, and leaves defaults out", () => {
    const yaml = lessonToYaml(nasty);
    const correct = nasty.excerpts.flatMap((x) => x.questions.flatMap((q) => ("choices" in q ? q.choices.filter((c) => c.correct) : [])));
    expect(yaml.match(/correct: true/g)).toHaveLength(correct.length);
    expect(yaml).not.toMatch(/correct: false/);
    expect(yaml).not.toMatch(/questions: \[\]|debates: \[\]|suggestedExcerpts: \[\]/);
    expect(yaml).toMatch(/suggestedExcerpts: \["123", no-questions\]/);
    expect(yaml.match(/^ {4}points: /gm)).toEqual(["    points: "]); // only debate-1's 0, not debate-2's default 4
  });

  it("keeps the documented key order and quoting styles", () => {
    const yaml = lessonToYaml(parsed("example-library-hours.yaml", readmeExample()));
    const topKeys = yaml.match(/^[a-zA-Z]+(?=:)/gm);
    expect(topKeys).toEqual(["id", "title", "subtitle", "author", "authorBio", "source", "attribution", "summary", "excerpts", "debates"]);
    expect(yaml).toContain("      - id: hours-1\n        text: 'The council wants to close the library at 5 p.m. to save money.'\n");
    expect(yaml).toContain(`        prompt: "What is the author's main objection to the council's plan?"\n`);
    expect(yaml).toMatch(/ {8}explanation: >-\n {10}The author describes who would lose out/);
    expect(yaml).toContain("        key: [hours-2]\n");
    const question = yaml.slice(yaml.indexOf("- id: hours-q4"), yaml.indexOf("- id: hours-q5"));
    expect(question.match(/^ {8}[a-zA-Z]+(?=:)/gm)!.map((k) => k.trim())).toEqual(["type", "prompt", "points", "sampleAnswer", "rubric", "explanation"]);
  });

  it("writes an empty explanation (an import still to be written) as an empty string", () => {
    const lesson = structuredClone(nasty);
    lesson.excerpts[0]!.questions[2]!.explanation = "";
    expect(lessonToYaml(lesson)).toContain(`        explanation: ""\n`);
  });
});

describe("lessonFileName", () => {
  it("is the lesson id with .yaml", () => {
    expect(lessonFileName(nasty)).toBe("nasty-lesson.yaml");
  });
});

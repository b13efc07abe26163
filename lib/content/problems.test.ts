import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { excerptHeading } from "./display";
import { compareFieldPaths, describeProblems, headingAt, publishable, type Problem } from "./problems";
import { lessonSchema } from "./schema";

type Data = Record<string, any>;

/** A small valid lesson: one excerpt with a heading and a question of every type, one without a heading. */
function lesson(): Data {
  return {
    id: "library-hours",
    title: "Keep the Library Open Late",
    attribution: "Quoted for classroom study.",
    source: { publication: "The Example Gazette", year: 2024, url: "https://example.org/library-hours" },
    excerpts: [
      {
        id: "hours",
        heading: "Who comes at night",
        sentences: [
          { id: "hours-1", text: "The council wants to close the library at 5 p.m." },
          { id: "hours-2", text: "Most evening visitors are students." },
          { id: "hours-3", text: "They have no quiet place to study at home." },
        ],
        questions: [
          {
            id: "hours-q1",
            type: "single",
            prompt: "What is the author's objection?",
            points: 1,
            choices: [
              { id: "a", text: "Students lose a study space.", correct: true },
              { id: "b", text: "It saves no money." },
              { id: "c", text: "Nobody was asked." },
            ],
            explanation: "Students have “no quiet place”.",
          },
          {
            id: "hours-q2",
            type: "multiple",
            prompt: "Which does the author rely on?",
            points: 2,
            choices: [
              { id: "a", text: "A count of visitors", correct: true },
              { id: "b", text: "A comparison of costs", correct: true },
              { id: "c", text: "A survey" },
            ],
            explanation: "Both are cited.",
          },
          { id: "hours-q3", type: "truefalse", prompt: "True or false: it saves money.", points: 1, answer: true, explanation: "It does." },
          {
            id: "hours-q4",
            type: "short",
            prompt: "Why a “second classroom”?",
            points: 3,
            sampleAnswer: "Because students study there.",
            rubric: [
              { points: 3, description: "Explains the metaphor." },
              { points: 0, description: "Missing." },
            ],
            explanation: "The metaphor follows from the sentence before.",
          },
          { id: "hours-q5", type: "evidence", prompt: "Select the support.", points: 2, claim: "Students are affected.", key: ["hours-2"], explanation: "The second sentence." },
        ],
      },
      {
        id: "budget",
        sentences: [{ id: "budget-1", text: "The savings are small." }],
        questions: [{ id: "budget-q1", type: "truefalse", prompt: "True or false: the savings are large.", points: 1, answer: false, explanation: "They are “small”." }],
      },
    ],
    debates: [
      {
        id: "library-budget",
        motion: "This house would keep the library open.",
        sides: { for: "Keep evening hours", against: "Cut hours" },
        background: "The council proposes closing at 5 p.m.",
        suggestedExcerpts: ["hours"],
      },
    ],
  };
}

/** The problems of the small lesson after `edit`. */
function problemsAfter(edit: (l: Data) => void): Problem[] {
  const draft = lesson();
  edit(draft);
  return describeProblems(draft);
}

const q = (l: Data, i: number) => l.excerpts[0].questions[i];

describe("a valid draft", () => {
  it("has no problems and is publishable", () => {
    expect(describeProblems(lesson())).toEqual([]);
    expect(publishable(lesson())).toBe(true);
  });

  it("includes the real lesson one", () => {
    const lessonOne = parse(fs.readFileSync(path.join(__dirname, "..", "..", "content", "lessons", "north-korea-legacy.yaml"), "utf8"));
    expect(describeProblems(lessonOne)).toEqual([]);
    expect(publishable(lessonOne)).toBe(true);
  });
});

describe("lesson fields, named by their label", () => {
  it.each<[string, (l: Data) => void, Problem]>([
    ["an empty title", (l) => (l.title = ""), { path: "title", message: "Title: must not be empty" }],
    ["a blank title", (l) => (l.title = "   "), { path: "title", message: "Title: must not be empty" }],
    ["a missing title", (l) => delete l.title, { path: "title", message: "Title: must not be empty" }],
    ["a title of 301 characters", (l) => (l.title = "x".repeat(301)), { path: "title", message: "Title: must be at most 300 characters (it has 301)" }],
    ["a title that is a number", (l) => (l.title = 2024), { path: "title", message: "Title: must be text" }],
    ["an empty subtitle", (l) => (l.subtitle = " "), { path: "subtitle", message: "Subtitle: must not be empty" }],
    ["an empty author", (l) => (l.author = ""), { path: "author", message: "Author: must not be empty" }],
    ["an author bio too long", (l) => (l.authorBio = "x".repeat(1001)), { path: "authorBio", message: "Author bio: must be at most 1000 characters (it has 1001)" }],
    ["an empty publication", (l) => (l.source.publication = ""), { path: "source.publication", message: "Publication: must not be empty" }],
    ["a fraction for a year", (l) => (l.source.year = 2024.5), { path: "source.year", message: "Year: must be a whole number" }],
    ["a year too early", (l) => (l.source.year = 999), { path: "source.year", message: "Year: must be a number from 1000 to 3000" }],
    ["a year too late", (l) => (l.source.year = 3001), { path: "source.year", message: "Year: must be at most 3000" }],
    ["a year as text", (l) => (l.source.year = "2024"), { path: "source.year", message: "Year: must be a number from 1000 to 3000" }],
    ["an invalid URL", (l) => (l.source.url = "example.org"), { path: "source.url", message: "Source URL: must be a full web address, such as https://example.org/article" }],
    ["a source that is text", (l) => (l.source = "The Gazette"), { path: "source", message: "Source: must be a set of fields (publication, year, url)" }],
    ["an empty attribution", (l) => (l.attribution = ""), { path: "attribution", message: "Attribution: must not be empty" }],
    ["a summary too long", (l) => (l.summary = " " + "x".repeat(1001)), { path: "summary", message: "Summary: must be at most 1000 characters (it has 1001)" }],
    ["a missing lesson id", (l) => delete l.id, { path: "id", message: "Lesson id: is missing" }],
    ["an invalid lesson id", (l) => (l.id = "Library Hours"), { path: "id", message: "Lesson id: must be lowercase letters, digits and single hyphens, at most 60 characters (e.g. hanoi-2)" }],
    ["no excerpts", (l) => ((l.excerpts = []), (l.debates = [])), { path: "excerpts", message: "Lesson: add at least one excerpt" }],
    ["missing excerpts", (l) => (delete l.excerpts, (l.debates = [])), { path: "excerpts", message: "Lesson: add at least one excerpt" }],
    ["debates that are not a list", (l) => (l.debates = "none"), { path: "debates", message: "Lesson: debate prompts must be a list" }],
    ["an unknown field", (l) => (l.colour = "blue"), { path: "colour", message: 'Lesson: unknown field "colour"' }],
  ])("%s", (_, edit, problem) => {
    expect(problemsAfter(edit)).toEqual([problem]);
  });

  it("a draft that is not a lesson at all", () => {
    expect(describeProblems(null)).toEqual([{ path: "(top level)", message: "Lesson: is empty" }]);
    expect(publishable(null)).toBe(false);
  });
});

describe("excerpts and sentences, named by heading and position", () => {
  it.each<[string, (l: Data) => void, Problem]>([
    ["an empty heading", (l) => (l.excerpts[0].heading = " "), { path: "excerpts[0].heading", message: "'Excerpt 1': the heading is empty" }],
    ["no sentences", (l) => (l.excerpts[1].sentences = []), { path: "excerpts[1].sentences", message: "'Excerpt 2': add at least one sentence" }],
    ["sentences that are not a list", (l) => (l.excerpts[1].sentences = "The savings are small."), { path: "excerpts[1].sentences", message: "'Excerpt 2': sentences must be a list" }],
    ["questions that are not a list", (l) => (l.excerpts[1].questions = {}), { path: "excerpts[1].questions", message: "'Excerpt 2': questions must be a list" }],
    ["an excerpt that is empty", (l) => (l.excerpts[1] = null), { path: "excerpts[1]", message: "'Excerpt 2': is empty" }],
    ["an unknown excerpt field", (l) => (l.excerpts[1].colour = "blue"), { path: "excerpts[1].colour", message: "'Excerpt 2': unknown field \"colour\"" }],
    ["an empty sentence", (l) => (l.excerpts[0].sentences[2].text = ""), { path: "excerpts[0].sentences[2].text", message: "Sentence 3 of 'Excerpt 1 · Who comes at night': the text is empty" }],
    ["a sentence too long", (l) => (l.excerpts[1].sentences[0].text = "x".repeat(2001)), { path: "excerpts[1].sentences[0].text", message: "Sentence 1 of 'Excerpt 2': the text must be at most 2000 characters (it has 2001)" }],
    ["a sentence without an id", (l) => delete l.excerpts[0].sentences[2].id, { path: "excerpts[0].sentences[2].id", message: "Sentence 3 of 'Excerpt 1 · Who comes at night': the id is missing" }],
    ["an invalid sentence id", (l) => (l.excerpts[0].sentences[2].id = "Hours_3"), { path: "excerpts[0].sentences[2].id", message: "Sentence 3 of 'Excerpt 1 · Who comes at night': the id must be lowercase letters, digits and single hyphens, at most 60 characters (e.g. hanoi-2)" }],
    [
      "a sentence id used twice",
      (l) => (l.excerpts[1].sentences[0].id = "hours-3"),
      { path: "excerpts[1].sentences[0].id", message: "Sentence 1 of 'Excerpt 2': its id \"hours-3\" is also used by sentence 3 of 'Excerpt 1 · Who comes at night'" },
    ],
    [
      "an excerpt id used by a question",
      (l) => (l.excerpts[1].id = "hours-q1"),
      { path: "excerpts[1].id", message: "'Excerpt 2': its id \"hours-q1\" is also used by question 1 on 'Excerpt 1 · Who comes at night'" },
    ],
    [
      "a question id used by an excerpt",
      (l) => (l.excerpts[1].questions[0].id = "hours"),
      { path: "excerpts[1].questions[0].id", message: "Question 1 on 'Excerpt 2': its id \"hours\" is also used by the excerpt 'Excerpt 1 · Who comes at night'" },
    ],
  ])("%s", (_, edit, problem) => {
    expect(problemsAfter(edit)).toEqual([problem]);
  });

  it("names excerpts as every page does", () => {
    const draft = lesson();
    expect([0, 1].map((i) => headingAt(draft, i))).toEqual([0, 1].map((i) => excerptHeading(lessonSchema.parse(draft), draft.excerpts[i].id)));
    expect(headingAt(draft, 1)).toBe("Excerpt 2");
  });
});

describe("questions, named by position on their excerpt", () => {
  it.each<[string, (l: Data) => void, Problem]>([
    ["an empty prompt", (l) => (l.excerpts[1].questions[0].prompt = ""), { path: "excerpts[1].questions[0].prompt", message: "Question 1 on 'Excerpt 2': the prompt is empty" }],
    ["a prompt too long", (l) => (q(l, 0).prompt = "x".repeat(1001)), { path: "excerpts[0].questions[0].prompt", message: "Question 1 on 'Excerpt 1 · Who comes at night': the prompt must be at most 1000 characters (it has 1001)" }],
    ["points left empty", (l) => delete q(l, 2).points, { path: "excerpts[0].questions[2].points", message: "Question 3 on 'Excerpt 1 · Who comes at night': points must be a number more than 0" }],
    ["points as text", (l) => (q(l, 2).points = "two"), { path: "excerpts[0].questions[2].points", message: "Question 3 on 'Excerpt 1 · Who comes at night': points must be a number more than 0" }],
    ["zero points", (l) => (q(l, 2).points = 0), { path: "excerpts[0].questions[2].points", message: "Question 3 on 'Excerpt 1 · Who comes at night': points must be a number more than 0" }],
    ["too many points", (l) => (q(l, 2).points = 101), { path: "excerpts[0].questions[2].points", message: "Question 3 on 'Excerpt 1 · Who comes at night': points must be at most 100" }],
    ["an empty explanation", (l) => (q(l, 2).explanation = ""), { path: "excerpts[0].questions[2].explanation", message: "Question 3 on 'Excerpt 1 · Who comes at night': the explanation is empty" }],
    ["an unknown type", (l) => (q(l, 2).type = "essay"), { path: "excerpts[0].questions[2].type", message: "Question 3 on 'Excerpt 1 · Who comes at night': choose a question type" }],
    ["no type", (l) => delete q(l, 2).type, { path: "excerpts[0].questions[2].type", message: "Question 3 on 'Excerpt 1 · Who comes at night': choose a question type" }],
    ["an unknown question field", (l) => (q(l, 2).hint = "x"), { path: "excerpts[0].questions[2].hint", message: "Question 3 on 'Excerpt 1 · Who comes at night': unknown field \"hint\"" }],
    ["a question that is empty", (l) => (l.excerpts[1].questions[0] = null), { path: "excerpts[1].questions[0]", message: "Question 1 on 'Excerpt 2': is empty" }],
    ["no answer to a true/false question", (l) => delete q(l, 2).answer, { path: "excerpts[0].questions[2].answer", message: "Question 3 on 'Excerpt 1 · Who comes at night': choose true or false as the answer" }],
    ["one choice", (l) => (q(l, 0).choices = [q(l, 0).choices[0]]), { path: "excerpts[0].questions[0].choices", message: "Question 1 on 'Excerpt 1 · Who comes at night': add at least two choices" }],
    ["no choices", (l) => delete q(l, 0).choices, { path: "excerpts[0].questions[0].choices", message: "Question 1 on 'Excerpt 1 · Who comes at night': add at least two choices" }],
    [
      "nine choices",
      (l) => (q(l, 0).choices = [...q(l, 0).choices, ...["d", "e", "f", "g", "h", "i"].map((id) => ({ id, text: id }))]),
      { path: "excerpts[0].questions[0].choices", message: "Question 1 on 'Excerpt 1 · Who comes at night': at most 8 choices (there are 9)" },
    ],
    ["an empty choice", (l) => (q(l, 0).choices[1].text = " "), { path: "excerpts[0].questions[0].choices[1].text", message: "Question 1 on 'Excerpt 1 · Who comes at night', choice B: the text is empty" }],
    ["a choice marked with text", (l) => (q(l, 0).choices[1].correct = "no"), { path: "excerpts[0].questions[0].choices[1].correct", message: "Question 1 on 'Excerpt 1 · Who comes at night', choice B: “correct” must be true or false" }],
    [
      "two correct single choices",
      (l) => (q(l, 0).choices[2].correct = true),
      { path: "excerpts[0].questions[0].choices", message: "Question 1 on 'Excerpt 1 · Who comes at night': mark exactly one choice as correct (2 are marked)" },
    ],
    [
      "no correct single choice",
      (l) => delete q(l, 0).choices[0].correct,
      { path: "excerpts[0].questions[0].choices", message: "Question 1 on 'Excerpt 1 · Who comes at night': mark exactly one choice as correct (none is marked)" },
    ],
    [
      "no correct multiple choice",
      (l) => q(l, 1).choices.forEach((c: Data) => (c.correct = false)),
      { path: "excerpts[0].questions[1].choices", message: "Question 2 on 'Excerpt 1 · Who comes at night': mark at least one choice as correct" },
    ],
    [
      "a choice id used twice",
      (l) => (q(l, 1).choices[2].id = "b"),
      { path: "excerpts[0].questions[1].choices[2].id", message: "Question 2 on 'Excerpt 1 · Who comes at night', choice C: its id \"b\" is also used by choice B" },
    ],
    ["an empty sample answer", (l) => (q(l, 3).sampleAnswer = ""), { path: "excerpts[0].questions[3].sampleAnswer", message: "Question 4 on 'Excerpt 1 · Who comes at night': the sample answer is empty" }],
    ["no rubric", (l) => (q(l, 3).rubric = []), { path: "excerpts[0].questions[3].rubric", message: "Question 4 on 'Excerpt 1 · Who comes at night': add at least one rubric level" }],
    [
      "a rubric level below 0",
      (l) => (q(l, 3).rubric[1].points = -1),
      { path: "excerpts[0].questions[3].rubric[1].points", message: "Question 4 on 'Excerpt 1 · Who comes at night', rubric level 2: points must be a number from 0 to 100" },
    ],
    [
      "a rubric level without points",
      (l) => delete q(l, 3).rubric[1].points,
      { path: "excerpts[0].questions[3].rubric[1].points", message: "Question 4 on 'Excerpt 1 · Who comes at night', rubric level 2: points must be a number from 0 to 100" },
    ],
    [
      "an empty rubric description",
      (l) => (q(l, 3).rubric[0].description = ""),
      { path: "excerpts[0].questions[3].rubric[0].description", message: "Question 4 on 'Excerpt 1 · Who comes at night', rubric level 1: the description is empty" },
    ],
    [
      "a rubric level above the question",
      (l) => (q(l, 3).rubric[0].points = 5),
      { path: "excerpts[0].questions[3].rubric", message: "Question 4 on 'Excerpt 1 · Who comes at night': a rubric level gives 5 points, more than the question's 3" },
    ],
    ["an empty claim", (l) => (q(l, 4).claim = ""), { path: "excerpts[0].questions[4].claim", message: "Question 5 on 'Excerpt 1 · Who comes at night': the claim is empty" }],
    ["no key sentence", (l) => (q(l, 4).key = []), { path: "excerpts[0].questions[4].key", message: "Question 5 on 'Excerpt 1 · Who comes at night': pick at least one key sentence" }],
    ["a missing key", (l) => delete q(l, 4).key, { path: "excerpts[0].questions[4].key", message: "Question 5 on 'Excerpt 1 · Who comes at night': pick at least one key sentence" }],
    [
      "key sentences from another excerpt",
      (l) => (q(l, 4).key = ["hours-2", "budget-1", "gone"]),
      { path: "excerpts[0].questions[4].key", message: "Question 5 on 'Excerpt 1 · Who comes at night': choose key sentences from 'Excerpt 1 · Who comes at night'" },
    ],
    ["an invalid key entry", (l) => (q(l, 4).key = ["hours-2", 7]), { path: "excerpts[0].questions[4].key", message: "Question 5 on 'Excerpt 1 · Who comes at night': choose key sentences from 'Excerpt 1 · Who comes at night'" }],
  ])("%s", (_, edit, problem) => {
    expect(problemsAfter(edit)).toEqual([problem]);
  });
});

describe("debate prompts, named by position", () => {
  it.each<[string, (l: Data) => void, Problem]>([
    ["an empty motion", (l) => (l.debates[0].motion = ""), { path: "debates[0].motion", message: "Debate prompt 1: the motion is empty" }],
    ["no sides", (l) => delete l.debates[0].sides, { path: "debates[0].sides", message: "Debate prompt 1: the labels of the two sides are missing" }],
    ["an empty side for", (l) => (l.debates[0].sides.for = ""), { path: "debates[0].sides.for", message: "Debate prompt 1: the label of the side for the motion is empty" }],
    ["a side label too long", (l) => (l.debates[0].sides.against = "x".repeat(81)), { path: "debates[0].sides.against", message: "Debate prompt 1: the label of the side against must be at most 80 characters (it has 81)" }],
    ["an empty background", (l) => (l.debates[0].background = ""), { path: "debates[0].background", message: "Debate prompt 1: the background is empty" }],
    ["a suggested excerpt not in the lesson", (l) => (l.debates[0].suggestedExcerpts = ["hours", "elsewhere"]), { path: "debates[0].suggestedExcerpts", message: "Debate prompt 1: choose suggested excerpts from this lesson" }],
    ["points too many", (l) => (l.debates[0].points = 101), { path: "debates[0].points", message: "Debate prompt 1: points must be at most 100" }],
    ["points below 0", (l) => (l.debates[0].points = -1), { path: "debates[0].points", message: "Debate prompt 1: points must be a number from 0 to 100" }],
    ["a debate id used twice", (l) => (l.debates[0].id = "budget"), { path: "debates[0].id", message: "Debate prompt 1: its id \"budget\" is also used by the excerpt 'Excerpt 2'" }],
  ])("%s", (_, edit, problem) => {
    expect(problemsAfter(edit)).toEqual([problem]);
  });
});

describe("every problem at once", () => {
  const broken = () =>
    problemsAfter((l) => {
      l.title = "";
      q(l, 0).points = "two";
      q(l, 0).choices[2].correct = true;
      q(l, 4).key = [];
      l.excerpts[1].questions[0].prompt = "";
      l.excerpts[1].sentences[0].id = "hours-1";
      l.debates[0].suggestedExcerpts = ["elsewhere"];
    });

  it("reports each, in the order of the lesson", () => {
    expect(broken()).toEqual([
      { path: "title", message: "Title: must not be empty" },
      { path: "excerpts[0].questions[0].choices", message: "Question 1 on 'Excerpt 1 · Who comes at night': mark exactly one choice as correct (2 are marked)" },
      { path: "excerpts[0].questions[0].points", message: "Question 1 on 'Excerpt 1 · Who comes at night': points must be a number more than 0" },
      { path: "excerpts[0].questions[4].key", message: "Question 5 on 'Excerpt 1 · Who comes at night': pick at least one key sentence" },
      { path: "excerpts[1].sentences[0].id", message: "Sentence 1 of 'Excerpt 2': its id \"hours-1\" is also used by sentence 1 of 'Excerpt 1 · Who comes at night'" },
      { path: "excerpts[1].questions[0].prompt", message: "Question 1 on 'Excerpt 2': the prompt is empty" },
      { path: "debates[0].suggestedExcerpts", message: "Debate prompt 1: choose suggested excerpts from this lesson" },
    ]);
  });

  it("never names a thing by index or by id", () => {
    for (const { message } of broken().filter((p) => !p.message.includes("its id"))) {
      expect(message).not.toMatch(/\[\d+\]|hours|budget|library-budget|Too small|Invalid input/);
    }
  });

  it("is not publishable", () => {
    const draft = lesson();
    draft.excerpts[0].questions[4].key = [];
    expect(publishable(draft)).toBe(false);
  });
});

describe("compareFieldPaths", () => {
  it("orders by list position, then by where a field sits in the editor", () => {
    const paths = [["debates", 0, "motion"], ["excerpts", 1, "id"], ["excerpts", 0, "questions", 0, "explanation"], ["excerpts", 0, "questions", 0, "points"], ["title"], ["excerpts", 0, "sentences", 0, "text"], ["excerpts", 0, "questions", 0, "prompt"]];
    expect(paths.sort(compareFieldPaths)).toEqual([
      ["title"],
      ["excerpts", 0, "sentences", 0, "text"],
      ["excerpts", 0, "questions", 0, "prompt"],
      ["excerpts", 0, "questions", 0, "points"],
      ["excerpts", 0, "questions", 0, "explanation"],
      ["excerpts", 1, "id"],
      ["debates", 0, "motion"],
    ]);
  });
});

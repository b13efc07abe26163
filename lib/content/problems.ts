import type { z } from "zod";
import { excerptName } from "./display";
import { crossCheckOf, formatPath, lessonSchema, type CrossCheck } from "./schema";

/*
 * A draft lesson's problems in the words of the editor: things are named as the author sees them
 * (Question 3 on 'Excerpt 1 · Hanoi', Sentence 4 of 'Excerpt 2', Debate prompt 1, Title), never by id or array index.
 * Imported by the lesson editor (a client component): no node-only modules here.
 */

/** `path` is the formatPath() of the field concerned ("excerpts[2].questions[0].key"): the editor finds the field by it. */
export type Problem = { path: string; message: string };

/** Every problem of the draft at once (the schema's lesson-wide checks run even when fields are invalid). */
export function describeProblems(draft: unknown): Problem[] {
  const result = lessonSchema.safeParse(draft);
  if (result.success) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const issues = [...result.error.issues].sort((a, b) => compareFieldPaths(a.path, b.path));
  for (const issue of issues) {
    for (const problem of describeIssue(draft, issue)) {
      // Two bad entries of one list (say two stale key sentences) read the same: say it once.
      const key = `${problem.path}\n${problem.message}`;
      if (!seen.has(key)) problems.push(problem);
      seen.add(key);
    }
  }
  return problems;
}

/** Whether the draft is a valid lesson, ready to publish. */
export function publishable(draft: unknown): boolean {
  return lessonSchema.safeParse(draft).success;
}

// ------------------------------------------------------------------------------------------- where a field is

/** Fields in the order the editor shows them (wherever the name occurs), so problems read from top to bottom. */
const fieldOrder = [
  "id", "title", "subtitle", "author", "authorBio", "source", "publication", "year", "url", "attribution", "summary",
  "excerpts", "heading", "sentences", "text", "questions", "type", "prompt", "claim", "key", "choices", "correct", "answer",
  "sampleAnswer", "rubric", "motion", "sides", "for", "against", "background", "suggestedExcerpts", "points",
  "description", "explanation", "debates",
];

/** Orders schema paths as the fields appear in a lesson: by position in lists, by `fieldOrder` in objects. */
export function compareFieldPaths(a: readonly PropertyKey[], b: readonly PropertyKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    const rank = (key: PropertyKey) => (fieldOrder.includes(String(key)) ? fieldOrder.indexOf(String(key)) : fieldOrder.length);
    return rank(x ?? "") - rank(y ?? "");
  }
  return a.length - b.length;
}

type Path = readonly PropertyKey[];
type Container = "lesson" | "excerpt" | "sentence" | "question" | "choice" | "level" | "debate";
type Place = { container: Container; subject: string; field: string };

/** The lists whose items are named things, and what their items are. */
const itemLists: Partial<Record<Container, Record<string, Container>>> = {
  lesson: { excerpts: "excerpt", debates: "debate" },
  excerpt: { sentences: "sentence", questions: "question" },
  question: { choices: "choice", rubric: "level" },
};

/** Lists of ids: a problem with one entry is shown on the list, where the editor has one picker. */
const idLists = new Set(["key", "suggestedExcerpts"]);

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** The field a path points at, for the editor: an entry of a list of ids is the list. */
function fieldPath(path: Path): Path {
  const last = path.length - 1;
  return typeof path[last] === "number" && idLists.has(String(path[last - 1])) ? path.slice(0, last) : path;
}

/** As lib/content/display.ts `excerptHeading`, by position: a draft's excerpt ids may be missing or shared. */
export function headingAt(draft: unknown, index: number): string {
  const excerpts = isRecord(draft) && Array.isArray(draft.excerpts) ? draft.excerpts : [];
  const excerpt: unknown = excerpts[index];
  const heading = isRecord(excerpt) && typeof excerpt.heading === "string" ? excerpt.heading.trim() : "";
  return excerptName(index + 1, heading);
}

const choiceLetter = (index: number) => String.fromCharCode(65 + index);

/** Which named thing a path is inside, how the author knows it, and the field within it ("sides.for"). */
function locate(draft: unknown, path: Path): Place {
  let container: Container = "lesson";
  let subject = "Lesson";
  let excerpt = "";
  let question = "";
  let i = 0;
  for (; i + 1 < path.length; i += 2) {
    const item: Container | undefined = itemLists[container]?.[String(path[i])];
    const index = path[i + 1];
    if (!item || typeof index !== "number") break;
    container = item;
    if (item === "excerpt") subject = excerpt = `'${headingAt(draft, index)}'`;
    else if (item === "sentence") subject = `Sentence ${index + 1} of ${excerpt}`;
    else if (item === "question") subject = question = `Question ${index + 1} on ${excerpt}`;
    else if (item === "choice") subject = `${question}, choice ${choiceLetter(index)}`;
    else if (item === "level") subject = `${question}, rubric level ${index + 1}`;
    else subject = `Debate prompt ${index + 1}`;
  }
  return { container, subject, field: path.slice(i).map(String).join(".") };
}

/** The thing at a path, named in the middle of a sentence ("sentence 1 of 'Hanoi'", "the excerpt 'Hanoi'"). */
function nameInSentence(draft: unknown, path: Path): string {
  const { container, subject } = locate(draft, path);
  if (container === "excerpt") return `the excerpt ${subject}`;
  return subject.charAt(0).toLowerCase() + subject.slice(1);
}

// ------------------------------------------------------------------------------------------- what each field is

type Field =
  | { kind: "text"; noun?: string }
  | { kind: "id" }
  | { kind: "number"; noun?: string; range: string }
  | { kind: "boolean"; wrong: string }
  | { kind: "list"; noun: string; fewer?: string }
  | { kind: "url" }
  | { kind: "type" }
  | { kind: "object"; missing: string };

/** Top-level fields are the subject of their problem ("Title: must not be empty"), labelled as in the editor. */
const lessonLabels: Record<string, string> = {
  id: "Lesson id",
  title: "Title",
  subtitle: "Subtitle",
  author: "Author",
  authorBio: "Author bio",
  source: "Source",
  "source.publication": "Publication",
  "source.year": "Year",
  "source.url": "Source URL",
  attribution: "Attribution",
  summary: "Summary",
};

const fieldsOf: Record<Container, Record<string, Field>> = {
  lesson: {
    id: { kind: "id" },
    title: { kind: "text" },
    subtitle: { kind: "text" },
    author: { kind: "text" },
    authorBio: { kind: "text" },
    source: { kind: "object", missing: "must be a set of fields (publication, year, url)" },
    "source.publication": { kind: "text" },
    "source.year": { kind: "number", range: "from 1000 to 3000" },
    "source.url": { kind: "url" },
    attribution: { kind: "text" },
    summary: { kind: "text" },
    excerpts: { kind: "list", noun: "excerpts", fewer: "add at least one excerpt" },
    debates: { kind: "list", noun: "debate prompts" },
  },
  excerpt: {
    id: { kind: "id" },
    heading: { kind: "text", noun: "the heading" },
    sentences: { kind: "list", noun: "sentences", fewer: "add at least one sentence" },
    questions: { kind: "list", noun: "questions" },
  },
  sentence: { id: { kind: "id" }, text: { kind: "text", noun: "the text" } },
  question: {
    id: { kind: "id" },
    type: { kind: "type" },
    prompt: { kind: "text", noun: "the prompt" },
    points: { kind: "number", noun: "points", range: "more than 0" },
    explanation: { kind: "text", noun: "the explanation" },
    choices: { kind: "list", noun: "choices", fewer: "add at least two choices" },
    answer: { kind: "boolean", wrong: "choose true or false as the answer" },
    sampleAnswer: { kind: "text", noun: "the sample answer" },
    rubric: { kind: "list", noun: "rubric levels", fewer: "add at least one rubric level" },
    claim: { kind: "text", noun: "the claim" },
    key: { kind: "list", noun: "key sentences", fewer: "pick at least one key sentence" },
  },
  choice: {
    id: { kind: "id" },
    text: { kind: "text", noun: "the text" },
    correct: { kind: "boolean", wrong: "“correct” must be true or false" },
  },
  level: {
    points: { kind: "number", noun: "points", range: "from 0 to 100" },
    description: { kind: "text", noun: "the description" },
  },
  debate: {
    id: { kind: "id" },
    motion: { kind: "text", noun: "the motion" },
    sides: { kind: "object", missing: "the labels of the two sides are missing" },
    "sides.for": { kind: "text", noun: "the label of the side for the motion" },
    "sides.against": { kind: "text", noun: "the label of the side against" },
    background: { kind: "text", noun: "the background" },
    suggestedExcerpts: { kind: "list", noun: "suggested excerpts" },
    points: { kind: "number", noun: "points", range: "from 0 to 100" },
  },
};

// ------------------------------------------------------------------------------------------- messages

function valueAt(draft: unknown, path: Path): unknown {
  let node = draft;
  for (const key of path) node = node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

function describeIssue(draft: unknown, issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === "unrecognized_keys") {
    const { subject } = locate(draft, issue.path);
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `${subject}: unknown field "${key}"` }));
  }
  const path = fieldPath(issue.path);
  const place = locate(draft, path);
  const check = crossCheckOf(issue);
  const words = check ? crossCheckWords(draft, path, check) : fieldWords(draft, path, place, issue);
  const label = place.container === "lesson" ? lessonLabels[place.field] : undefined;
  return [{ path: formatPath(path), message: `${label ?? place.subject}: ${words}` }];
}

function crossCheckWords(draft: unknown, path: Path, check: CrossCheck): string {
  switch (check.kind) {
    case "duplicate-id":
      return `its id "${check.id}" is also used by ${nameInSentence(draft, check.firstAt.slice(0, -1))}`;
    case "duplicate-choice-id":
      return `its id "${check.id}" is also used by choice ${choiceLetter(Number(check.firstAt[check.firstAt.length - 2]))}`;
    case "correct-choices":
      if (check.type === "multiple") return "mark at least one choice as correct";
      return `mark exactly one choice as correct (${check.correct === 0 ? "none is" : `${check.correct} are`} marked)`;
    case "key-not-in-excerpt":
      return `choose key sentences from ${excerptOf(draft, path)}`;
    case "rubric-above-points":
      return `a rubric level gives ${check.top} points, more than the question's ${check.points}`;
    case "unknown-excerpt":
      return "choose suggested excerpts from this lesson";
  }
}

/** A field's own problem in plain words; zod's generic wording only where no field is known. */
function fieldWords(draft: unknown, path: Path, place: Place, issue: z.core.$ZodIssue): string {
  const field = fieldsOf[place.container][place.field];
  const value = valueAt(draft, path);
  if (!field) return place.field === "" && value == null ? "is empty" : issue.message;
  // Top-level fields are the subject themselves: "Title: must not be empty", not "Title: the title is empty".
  const noun = place.container === "lesson" ? undefined : "noun" in field ? field.noun : undefined;
  const must = (rest: string) => (noun ? `${noun} must ${rest}` : `must ${rest}`);

  switch (field.kind) {
    case "text":
      if (issue.code === "too_big") return must(`be at most ${String(issue.maximum)} characters (it has ${typeof value === "string" ? value.trim().length : "more"})`);
      if (value === undefined || typeof value === "string") return noun ? `${noun} is empty` : "must not be empty";
      return must("be text");
    case "id":
      if (value === undefined) return place.container === "lesson" ? "is missing" : "the id is missing";
      return `${place.container === "lesson" ? "" : "the id "}must be lowercase letters, digits and single hyphens, at most 60 characters (e.g. hanoi-2)`;
    case "number":
      if (issue.code === "too_big") return must(`be at most ${String(issue.maximum)}`);
      if (issue.code === "not_multiple_of") return must("be a whole number");
      return must(`be a number ${field.range}`);
    case "boolean":
      return field.wrong;
    case "list":
      if (issue.code === "too_big") return `at most ${String(issue.maximum)} ${field.noun} (there are ${Array.isArray(value) ? value.length : "more"})`;
      if (field.fewer && (issue.code === "too_small" || value === undefined)) return field.fewer;
      if (idLists.has(place.field)) return place.field === "key" ? `choose key sentences from ${excerptOf(draft, path)}` : "choose suggested excerpts from this lesson";
      return `${field.noun} must be a list`;
    case "url":
      return "must be a full web address, such as https://example.org/article";
    case "type":
      return "choose a question type";
    case "object":
      return field.missing;
  }
}

/** The excerpt a question path is in, as the author knows it. */
function excerptOf(draft: unknown, path: Path): string {
  return typeof path[1] === "number" ? `'${headingAt(draft, path[1])}'` : "its excerpt";
}

import { z } from "zod";

/*
 * The lesson file format (content/lessons/<id>.yaml), documented for authors in content/README.md.
 * Sentences are explicit in the file with ids of their own: evidence answers and debate citations
 * store those ids, so they must never be re-derived by splitting text at run time.
 */

const idSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and single hyphens (e.g. hanoi-2)")
  .max(60);

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

export const sentenceSchema = z.strictObject({
  id: idSchema,
  text: text(2000),
});

const choiceSchema = z.strictObject({
  id: idSchema,
  text: text(500),
  correct: z.boolean().default(false),
});

const questionBase = {
  id: idSchema,
  prompt: text(1000),
  points: z.number().positive("must be more than 0").max(100),
  explanation: text(2000),
};

export const singleChoiceSchema = z.strictObject({
  ...questionBase,
  type: z.literal("single"),
  choices: z.array(choiceSchema).min(2, "needs at least two choices").max(8),
});

export const multipleChoiceSchema = z.strictObject({
  ...questionBase,
  type: z.literal("multiple"),
  choices: z.array(choiceSchema).min(2, "needs at least two choices").max(10),
});

export const trueFalseSchema = z.strictObject({
  ...questionBase,
  type: z.literal("truefalse"),
  answer: z.boolean(),
});

export const shortAnswerSchema = z.strictObject({
  ...questionBase,
  type: z.literal("short"),
  sampleAnswer: text(3000),
  rubric: z
    .array(z.strictObject({ points: z.number().min(0).max(100), description: text(500) }))
    .min(1, "needs at least one rubric level"),
});

export const evidenceSchema = z.strictObject({
  ...questionBase,
  type: z.literal("evidence"),
  claim: text(1000),
  /** Ids of the sentences of this question's excerpt that support the claim. */
  key: z.array(idSchema).min(1, "needs at least one key sentence"),
});

export const questionSchema = z.discriminatedUnion("type", [
  singleChoiceSchema,
  multipleChoiceSchema,
  trueFalseSchema,
  shortAnswerSchema,
  evidenceSchema,
]);

export const excerptSchema = z.strictObject({
  id: idSchema,
  /** Optional: without one the excerpt is shown as "Excerpt N" (see `excerptHeading`). */
  heading: text(200).optional(),
  sentences: z.array(sentenceSchema).min(1, "needs at least one sentence"),
  questions: z.array(questionSchema).default([]),
});

export const debatePromptSchema = z.strictObject({
  id: idSchema,
  motion: text(500),
  sides: z.strictObject({ for: text(80), against: text(80) }),
  background: text(3000),
  suggestedExcerpts: z.array(idSchema).default([]),
  /** What the written argument is worth when the instructor grades it. */
  points: z.number().min(0).max(100).default(4),
});

export const lessonSchema = z
  .strictObject({
    id: idSchema,
    title: text(300),
    subtitle: text(500).optional(),
    /** Optional: an unsigned editorial or a teacher's own text has none (see `byline`). */
    author: text(200).optional(),
    authorBio: text(1000).optional(),
    source: z
      .strictObject({
        publication: text(200).optional(),
        // multipleOf, not int(): a failed int() aborts the whole parse, and the lesson-wide checks would not run.
        year: z.number().multipleOf(1, "must be a whole number").min(1000).max(3000).optional(),
        url: z.url().optional(),
      })
      .default({}),
    attribution: text(1000),
    summary: text(1000).optional(),
    excerpts: z.array(excerptSchema).min(1, "needs at least one excerpt"),
    debates: z.array(debatePromptSchema).default([]),
  })
  // Runs even when fields above failed (`when`), so a type error anywhere does not hide a duplicate id or a
  // stray key sentence: the author sees every problem of the file at once. The value may then be only partly
  // valid, so it is read as `unknown`.
  .superRefine((lesson, ctx) => checkCrossReferences(lesson, ctx), { when: () => true });

/**
 * What a lesson-wide check found, carried in its issue's `params.check`, so that each reader (the command
 * line, the editor) can name the items involved in its own words. `firstAt` is the schema path of the first use.
 */
export type CrossCheck =
  | { kind: "duplicate-id"; id: string; firstAt: (string | number)[] }
  | { kind: "duplicate-choice-id"; id: string; firstAt: (string | number)[] }
  | { kind: "correct-choices"; type: "single" | "multiple"; correct: number }
  | { kind: "key-not-in-excerpt"; id: string; excerptId: string }
  | { kind: "rubric-above-points"; top: number; points: number }
  | { kind: "unknown-excerpt"; id: string };

/** The finding behind a lesson-wide issue, or undefined for a field's own issue. */
export function crossCheckOf(issue: z.core.$ZodIssue): CrossCheck | undefined {
  return issue.code === "custom" ? (issue.params?.check as CrossCheck | undefined) : undefined;
}

const fields = (x: unknown): Record<string, unknown> => (x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
const items = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const stringOf = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);

type Path = (string | number)[];
type Report = (path: Path, message: string, check: CrossCheck) => void;

function checkCrossReferences(data: unknown, ctx: z.RefinementCtx): void {
  const report: Report = (path, message, check) => ctx.addIssue({ code: "custom", path, message, params: { check } });
  const lesson = fields(data);
  const seen = new Map<string, Path>();
  const unique = (raw: unknown, path: Path) => {
    const id = stringOf(raw);
    if (id === undefined) return;
    const first = seen.get(id);
    if (first) report(path, `duplicate id "${id}" (also used at ${formatPath(first)})`, { kind: "duplicate-id", id, firstAt: first });
    else seen.set(id, path);
  };

  const excerpts = items(lesson.excerpts);
  excerpts.forEach((raw, e) => {
    const excerpt = fields(raw);
    unique(excerpt.id, ["excerpts", e, "id"]);
    items(excerpt.sentences).forEach((s, i) => unique(fields(s).id, ["excerpts", e, "sentences", i, "id"]));
    items(excerpt.questions).forEach((q, i) => {
      const at: Path = ["excerpts", e, "questions", i];
      unique(fields(q).id, [...at, "id"]);
      checkQuestion(fields(q), excerpt, at, report);
    });
  });

  const excerptIds = new Set(excerpts.map((x) => fields(x).id));
  items(lesson.debates).forEach((raw, i) => {
    const debate = fields(raw);
    unique(debate.id, ["debates", i, "id"]);
    for (const id of items(debate.suggestedExcerpts)) {
      if (typeof id === "string" && !excerptIds.has(id))
        report(["debates", i, "suggestedExcerpts"], `"${id}" is not an excerpt of this lesson`, { kind: "unknown-excerpt", id });
    }
  });
}

/** A question's rules that span its fields (or its excerpt); fields the schema rejected are skipped. */
function checkQuestion(q: Record<string, unknown>, excerpt: Record<string, unknown>, at: Path, report: Report): void {
  if (q.type === "single" || q.type === "multiple") {
    const choices = items(q.choices).map(fields);
    const correct = choices.filter((c) => c.correct === true).length;
    if (Array.isArray(q.choices) && q.type === "single" && correct !== 1)
      report([...at, "choices"], `needs exactly one correct choice, has ${correct}`, { kind: "correct-choices", type: "single", correct });
    if (Array.isArray(q.choices) && q.type === "multiple" && correct < 1)
      report([...at, "choices"], "needs at least one correct choice", { kind: "correct-choices", type: "multiple", correct });
    const choiceIds = new Map<string, Path>();
    choices.forEach((c, k) => {
      const id = stringOf(c.id);
      if (id === undefined) return;
      const first = choiceIds.get(id);
      if (first) report([...at, "choices", k, "id"], `duplicate choice id "${id}"`, { kind: "duplicate-choice-id", id, firstAt: first });
      else choiceIds.set(id, [...at, "choices", k, "id"]);
    });
  }
  // Without a list of sentences there is nothing to compare the key with (that list is reported already).
  if (q.type === "evidence" && Array.isArray(excerpt.sentences)) {
    const sentenceIds = new Set(excerpt.sentences.map((s) => fields(s).id));
    const excerptId = stringOf(excerpt.id) ?? "";
    for (const id of items(q.key)) {
      if (typeof id === "string" && !sentenceIds.has(id))
        report([...at, "key"], `"${id}" is not a sentence of excerpt "${excerptId}"`, { kind: "key-not-in-excerpt", id, excerptId });
    }
  }
  if (q.type === "short" && typeof q.points === "number") {
    const levels = items(q.rubric).map((r) => fields(r).points).filter((p): p is number => typeof p === "number");
    const top = Math.max(...levels);
    if (levels.length > 0 && top > q.points)
      report([...at, "rubric"], `a rubric level gives ${top} points, more than the question's ${q.points}`, { kind: "rubric-above-points", top, points: q.points });
  }
}

export type Lesson = z.infer<typeof lessonSchema>;
export type Excerpt = Lesson["excerpts"][number];
export type Sentence = Excerpt["sentences"][number];
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question["type"];
export type DebatePrompt = Lesson["debates"][number];

/** `excerpts[2].questions[0].key[1]` — how authors find the field in their file. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(top level)";
}

/** Points of every question and debate argument: the most an attempt can score. */
export function totalPoints(lesson: Lesson): number {
  const questions = lesson.excerpts.reduce((sum, x) => sum + x.questions.reduce((s, q) => s + q.points, 0), 0);
  return questions + lesson.debates.reduce((sum, d) => sum + d.points, 0);
}

export function countQuestions(lesson: Lesson): number {
  return lesson.excerpts.reduce((n, x) => n + x.questions.length, 0);
}


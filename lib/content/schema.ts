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
  /** Optional: without one the excerpt is shown as "Paragraph N" (see `excerptHeading`). */
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
        year: z.number().int().min(1000).max(3000).optional(),
        url: z.url().optional(),
      })
      .default({}),
    attribution: text(1000),
    summary: text(1000).optional(),
    excerpts: z.array(excerptSchema).min(1, "needs at least one excerpt"),
    debates: z.array(debatePromptSchema).default([]),
  })
  .superRefine((lesson, ctx) => {
    const seen = new Map<string, string>();
    const unique = (id: string, path: (string | number)[]) => {
      const first = seen.get(id);
      if (first) ctx.addIssue({ code: "custom", path, message: `duplicate id "${id}" (also used at ${first})` });
      else seen.set(id, formatPath(path));
    };

    lesson.excerpts.forEach((excerpt, e) => {
      unique(excerpt.id, ["excerpts", e, "id"]);
      const sentenceIds = new Set(excerpt.sentences.map((s) => s.id));
      excerpt.sentences.forEach((s, i) => unique(s.id, ["excerpts", e, "sentences", i, "id"]));

      excerpt.questions.forEach((q, i) => {
        const at = ["excerpts", e, "questions", i];
        unique(q.id, [...at, "id"]);
        if (q.type === "single" || q.type === "multiple") {
          const correct = q.choices.filter((c) => c.correct).length;
          if (q.type === "single" && correct !== 1)
            ctx.addIssue({ code: "custom", path: [...at, "choices"], message: `needs exactly one correct choice, has ${correct}` });
          if (q.type === "multiple" && correct < 1)
            ctx.addIssue({ code: "custom", path: [...at, "choices"], message: "needs at least one correct choice" });
          const choiceIds = new Set<string>();
          q.choices.forEach((c, k) => {
            if (choiceIds.has(c.id))
              ctx.addIssue({ code: "custom", path: [...at, "choices", k, "id"], message: `duplicate choice id "${c.id}"` });
            choiceIds.add(c.id);
          });
        }
        if (q.type === "evidence") {
          q.key.forEach((id, k) => {
            if (!sentenceIds.has(id))
              ctx.addIssue({
                code: "custom",
                path: [...at, "key", k],
                message: `"${id}" is not a sentence of excerpt "${excerpt.id}"`,
              });
          });
        }
        if (q.type === "short") {
          const top = Math.max(...q.rubric.map((r) => r.points));
          if (top > q.points)
            ctx.addIssue({ code: "custom", path: [...at, "rubric"], message: `a rubric level gives ${top} points, more than the question's ${q.points}` });
        }
      });
    });

    const excerptIds = new Set(lesson.excerpts.map((x) => x.id));
    lesson.debates.forEach((d, i) => {
      unique(d.id, ["debates", i, "id"]);
      d.suggestedExcerpts.forEach((id, k) => {
        if (!excerptIds.has(id))
          ctx.addIssue({ code: "custom", path: ["debates", i, "suggestedExcerpts", k], message: `"${id}" is not an excerpt of this lesson` });
      });
    });
  });

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


import { z } from "zod";
import type { Lesson, Question } from "@/lib/content/schema";
import { AUTHORING_LIMITS } from "./limits";

/*
 * A lesson while it is being written: the shape of lib/content `Lesson`, but nothing is required yet
 * (a question may have no prompt, an evidence key may be empty). The editor edits this, the server
 * stores it as it is typed, and `draftToLesson` turns it into the input the lesson schema judges.
 * Only the structure and the sizes are enforced here, so a hand-made request cannot store garbage.
 */

const str = (max: number) => z.string().max(max).default("");
const id = z.string().max(80);
// Any number the field can hold is stored (the lesson schema then says what is wrong with 2024.5 or -3):
// a draft is refused only when it could not have come from the editor.
const points = z.number().min(-1e9).max(1e9).nullable().default(null);

const choice = z.object({ id, text: str(500), correct: z.boolean().default(false) });
const common = { id, prompt: str(1000), points, explanation: str(2000) };

export const draftQuestionSchema = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("single"), choices: z.array(choice).max(8) }),
  z.object({ ...common, type: z.literal("multiple"), choices: z.array(choice).max(10) }),
  z.object({ ...common, type: z.literal("truefalse"), answer: z.boolean().nullable().default(null) }),
  z.object({
    ...common,
    type: z.literal("short"),
    sampleAnswer: str(3000),
    rubric: z.array(z.object({ points, description: str(500) })).max(10),
  }),
  z.object({ ...common, type: z.literal("evidence"), claim: str(1000), key: z.array(id).max(200) }),
]);

export const draftLessonSchema = z.object({
  id,
  title: str(300),
  subtitle: str(500),
  author: str(200),
  authorBio: str(1000),
  source: z.object({ publication: str(200), year: z.number().min(-1e9).max(1e9).nullable().default(null), url: str(2000) }).default({ publication: "", year: null, url: "" }),
  attribution: str(1000),
  summary: str(1000),
  excerpts: z
    .array(
      z.object({
        id,
        heading: str(200),
        // Longer than a sentence may be (2,000): a paragraph that did not split is stored, and flagged.
        sentences: z.array(z.object({ id, text: str(AUTHORING_LIMITS.paragraphChars) })).max(400),
        questions: z.array(draftQuestionSchema).max(50),
      }),
    )
    .max(200),
  debates: z
    .array(
      z.object({
        id,
        motion: str(500),
        sides: z.object({ for: str(80), against: str(80) }),
        background: str(3000),
        suggestedExcerpts: z.array(id).max(200),
        points,
      }),
    )
    .max(20),
});

export type DraftLesson = z.infer<typeof draftLessonSchema>;
export type DraftExcerpt = DraftLesson["excerpts"][number];
export type DraftSentence = DraftExcerpt["sentences"][number];
export type DraftQuestion = z.infer<typeof draftQuestionSchema>;
export type DraftDebate = DraftLesson["debates"][number];

/** What a stored draft may weigh, as JSON: far above any real lesson (the sample lesson is ≈ 60 kB). */
export const DRAFT_MAX_BYTES = 1_000_000;

const optional = (value: string) => (value.trim() === "" ? undefined : value);

/**
 * The draft as lesson-schema input: empty optional fields are left out, so the schema reports only what
 * is really missing; everything else is passed as typed, for the schema to judge.
 */
export function draftToLesson(draft: DraftLesson): unknown {
  return {
    id: draft.id,
    title: draft.title,
    subtitle: optional(draft.subtitle),
    author: optional(draft.author),
    authorBio: optional(draft.authorBio),
    source: {
      publication: optional(draft.source.publication),
      year: draft.source.year ?? undefined,
      url: optional(draft.source.url),
    },
    attribution: draft.attribution,
    summary: optional(draft.summary),
    excerpts: draft.excerpts.map((x) => ({
      id: x.id,
      heading: optional(x.heading),
      sentences: x.sentences,
      questions: x.questions.map(questionToLesson),
    })),
    debates: draft.debates.map((d) => ({ ...d, points: d.points ?? undefined })),
  };
}

function questionToLesson(q: DraftQuestion): unknown {
  const base = { id: q.id, type: q.type, prompt: q.prompt, points: q.points ?? undefined, explanation: q.explanation };
  switch (q.type) {
    case "single":
    case "multiple":
      return { ...base, choices: q.choices.map((c) => (c.correct ? c : { id: c.id, text: c.text })) };
    case "truefalse":
      return { ...base, answer: q.answer ?? undefined };
    case "short":
      return { ...base, sampleAnswer: q.sampleAnswer, rubric: q.rubric.map((r) => ({ points: r.points ?? undefined, description: r.description })) };
    case "evidence":
      return { ...base, claim: q.claim, key: q.key };
  }
}

/** A valid lesson as a draft, to edit it (a duplicate, an imported file, a new version of a published one). */
export function lessonToDraft(lesson: Lesson): DraftLesson {
  return {
    id: lesson.id,
    title: lesson.title,
    subtitle: lesson.subtitle ?? "",
    author: lesson.author ?? "",
    authorBio: lesson.authorBio ?? "",
    source: { publication: lesson.source.publication ?? "", year: lesson.source.year ?? null, url: lesson.source.url ?? "" },
    attribution: lesson.attribution,
    summary: lesson.summary ?? "",
    excerpts: lesson.excerpts.map((x) => ({
      id: x.id,
      heading: x.heading ?? "",
      sentences: x.sentences.map((s) => ({ ...s })),
      questions: x.questions.map(questionToDraft),
    })),
    debates: lesson.debates.map((d) => ({ ...d, sides: { ...d.sides }, suggestedExcerpts: [...d.suggestedExcerpts] })),
  };
}

export function questionToDraft(q: Question): DraftQuestion {
  switch (q.type) {
    case "single":
    case "multiple":
      return { ...q, choices: q.choices.map((c) => ({ ...c })) };
    case "truefalse":
      return { ...q };
    case "short":
      return { ...q, rubric: q.rubric.map((r) => ({ ...r })) };
    case "evidence":
      return { ...q, key: [...q.key] };
  }
}

/** A new, empty question of a type, as the editor adds it (ids are minted by the server on save). */
export function blankQuestion(type: DraftQuestion["type"], tempId: (kind: "question" | "choice") => string): DraftQuestion {
  const common = { id: tempId("question"), prompt: "", explanation: "" };
  switch (type) {
    case "single":
      return { ...common, type, points: 1, choices: [0, 1, 2].map(() => ({ id: tempId("choice"), text: "", correct: false })) };
    case "multiple":
      return { ...common, type, points: 2, choices: [0, 1, 2, 3].map(() => ({ id: tempId("choice"), text: "", correct: false })) };
    case "truefalse":
      return { ...common, type, points: 1, answer: null };
    case "short":
      return {
        ...common,
        type,
        points: 3,
        sampleAnswer: "",
        rubric: [
          { points: 3, description: "" },
          { points: 0, description: "Missing or inaccurate." },
        ],
      };
    case "evidence":
      return { ...common, type, points: 2, prompt: "Select the sentence(s) that support the claim below.", claim: "", key: [] };
  }
}

/** Whether a draft fits what the editor can save (the shape and the size above): refuse it before storing it. */
export function storableDraft(draft: DraftLesson): { ok: true } | { ok: false; message: string } {
  if (!draftLessonSchema.safeParse(draft).success)
    return { ok: false, message: "The lesson is larger than the editor takes (at most 200 excerpts, 400 sentences and 50 questions each, 20 debate prompts, 10 rubric levels). Split it into two lessons." };
  if (JSON.stringify(draft).length > DRAFT_MAX_BYTES) return { ok: false, message: "The lesson is too long for one lesson (about 1 MB of text). Split it into two lessons." };
  return { ok: true };
}

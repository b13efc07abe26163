import { z } from "zod";
import type { FormItem } from "./answer-form";
import type { LessonIndex, LessonItem } from "./lesson-items";
import { withoutNul } from "./text-input";

/*
 * The shape of a stored answer for each kind of item, and its validation against the assignment's
 * lesson snapshot: an answer naming a choice or sentence the item does not have is refused, not stored.
 */

export const ANSWER_LIMITS = { textMax: 5000, sentencesMax: 60 } as const;

const text = z
  .string()
  .max(ANSWER_LIMITS.textMax, `Answers can be at most ${ANSWER_LIMITS.textMax} characters.`)
  .transform(withoutNul);
const ids = z.array(z.string().max(80)).max(ANSWER_LIMITS.sentencesMax);

export const answerSchemas = {
  single: z.strictObject({ choice: z.string().max(80) }),
  multiple: z.strictObject({ choices: ids }),
  truefalse: z.strictObject({ value: z.boolean() }),
  short: z.strictObject({ text }),
  evidence: z.strictObject({ sentences: ids }),
  debate: z.strictObject({ stance: z.number().int().min(1).max(5).nullable(), argument: text, citations: ids }),
};

export type SingleAnswer = z.infer<typeof answerSchemas.single>;
export type MultipleAnswer = z.infer<typeof answerSchemas.multiple>;
export type TrueFalseAnswer = z.infer<typeof answerSchemas.truefalse>;
export type ShortAnswer = z.infer<typeof answerSchemas.short>;
export type EvidenceAnswer = z.infer<typeof answerSchemas.evidence>;
export type DebateAnswer = z.infer<typeof answerSchemas.debate>;
export type Answer = SingleAnswer | MultipleAnswer | TrueFalseAnswer | ShortAnswer | EvidenceAnswer | DebateAnswer;

export type AnswerCheck = { ok: true; answer: Answer | null } | { ok: false; error: string };

const unique = (values: string[]) => [...new Set(values)];

/**
 * Validates one answer for one item of the lesson. `null` (and an empty answer) means "no answer":
 * the draft is cleared. Returns the normalised answer to store.
 */
export function checkAnswer(index: LessonIndex, itemId: string, raw: unknown): AnswerCheck {
  const item = index.byId.get(itemId);
  if (!item) return { ok: false, error: `"${itemId.slice(0, 80)}" is not a question of this lesson.` };
  if (raw === null) return { ok: true, answer: null };
  const kind = item.kind === "debate" ? "debate" : item.question.type;
  const parsed = answerSchemas[kind].safeParse(raw);
  if (!parsed.success) return { ok: false, error: `${label(item)}: ${parsed.error.issues[0]?.message ?? "that answer has the wrong shape"}` };
  return checkAgainstItem(index, item, parsed.data as Answer);
}

function label(item: LessonItem): string {
  return item.kind === "debate" ? "Debate argument" : "Answer";
}

function checkAgainstItem(index: LessonIndex, item: LessonItem, answer: Answer): AnswerCheck {
  if (item.kind === "debate") {
    const a = answer as DebateAnswer;
    const citations = unique(a.citations);
    const unknown = citations.find((id) => !index.sentenceIds.has(id));
    if (unknown) return { ok: false, error: `"${unknown.slice(0, 80)}" is not a sentence of this lesson.` };
    const argument = a.argument.trim() ? a.argument : "";
    if (a.stance === null && !argument && citations.length === 0) return { ok: true, answer: null };
    return { ok: true, answer: { stance: a.stance, argument, citations } };
  }
  const q = item.question;
  switch (q.type) {
    case "single": {
      const a = answer as SingleAnswer;
      if (!q.choices.some((c) => c.id === a.choice)) return { ok: false, error: `"${a.choice.slice(0, 80)}" is not a choice of this question.` };
      return { ok: true, answer: a };
    }
    case "multiple": {
      const choices = unique((answer as MultipleAnswer).choices);
      const unknown = choices.find((id) => !q.choices.some((c) => c.id === id));
      if (unknown) return { ok: false, error: `"${unknown.slice(0, 80)}" is not a choice of this question.` };
      return { ok: true, answer: choices.length ? { choices } : null };
    }
    case "truefalse":
      return { ok: true, answer };
    case "short": {
      const a = answer as ShortAnswer;
      return { ok: true, answer: a.text.trim() ? a : null };
    }
    case "evidence": {
      const sentences = unique((answer as EvidenceAnswer).sentences);
      const own = new Set(item.excerpt.sentences.map((s) => s.id));
      const unknown = sentences.find((id) => !own.has(id));
      if (unknown) return { ok: false, error: `"${unknown.slice(0, 80)}" is not a sentence of this excerpt.` };
      return { ok: true, answer: sentences.length ? { sentences } : null };
    }
  }
}

/** The items of a lesson as the form reader sees them. */
export function formItems(index: LessonIndex): FormItem[] {
  return index.items.map((item) => ({ id: item.id, kind: item.kind === "debate" ? "debate" : item.question.type }));
}

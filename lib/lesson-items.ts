import type { DebatePrompt, Excerpt, Lesson, Question } from "./content/schema";

/**
 * Everything a student answers in a lesson: its questions (each with its excerpt) and its debate prompts,
 * in reading order, looked up by id. Built once per lesson snapshot and cached by the caller.
 */
export type LessonItem =
  | { kind: "question"; id: string; number: number; label: string; question: Question; excerpt: Excerpt }
  | { kind: "debate"; id: string; number: number; label: string; debate: DebatePrompt };

export type LessonIndex = {
  lesson: Lesson;
  items: LessonItem[];
  byId: Map<string, LessonItem>;
  /** Every sentence id of the lesson (what a debate argument may cite). */
  sentenceIds: Set<string>;
  sentenceText: Map<string, string>;
};

export function indexLesson(lesson: Lesson): LessonIndex {
  const items: LessonItem[] = [];
  let n = 0;
  for (const excerpt of lesson.excerpts)
    for (const question of excerpt.questions) items.push({ kind: "question", id: question.id, number: ++n, label: `Question ${n}`, question, excerpt });
  lesson.debates.forEach((debate, i) => items.push({ kind: "debate", id: debate.id, number: i + 1, label: `Debate ${i + 1}`, debate }));
  const sentenceText = new Map(lesson.excerpts.flatMap((x) => x.sentences.map((s) => [s.id, s.text] as const)));
  return { lesson, items, byId: new Map(items.map((item) => [item.id, item])), sentenceIds: new Set(sentenceText.keys()), sentenceText };
}

/** What an item is worth: a question's points, or a debate prompt's (for the graded argument). */
export function itemPoints(item: LessonItem): number {
  return item.kind === "debate" ? item.debate.points : item.question.points;
}

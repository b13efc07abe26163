import { checkAnswer, type Answer } from "./answers";
import type { LessonIndex } from "./lesson-items";
import { scoreItem, type ItemScore } from "./scoring";

/*
 * Scoring answers that are never stored: an instructor's preview of a lesson. The same checks and the same
 * per-item scoring as a student's submission (db/queries/attempts.ts), in memory.
 */

export type CheckedAnswers = { ok: true; answers: Map<string, Answer> } | { ok: false; error: string };

/** Every answer checked against the lesson as a save checks it: all valid (empty ones dropped), or the first problem. */
export function checkAnswers(index: LessonIndex, raw: Record<string, unknown>): CheckedAnswers {
  const answers = new Map<string, Answer>();
  for (const [itemId, value] of Object.entries(raw)) {
    const check = checkAnswer(index, itemId, value);
    if (!check.ok) return { ok: false, error: check.error };
    if (check.answer !== null) answers.set(itemId, check.answer);
  }
  return { ok: true, answers };
}

export type ScoredAnswers = {
  /** Points from automatically scored items; what waits for the instructor counts nothing yet. */
  score: number;
  maxScore: number;
  items: Map<string, ItemScore>;
};

/** The attempt's totals as a submission computes them: every item's maximum, the automatic scores summed. */
export function scoreAnswers(index: LessonIndex, answers: ReadonlyMap<string, Answer>): ScoredAnswers {
  const items = new Map<string, ItemScore>();
  let score = 0;
  let maxScore = 0;
  for (const item of index.items) {
    const result = scoreItem(item, answers.get(item.id));
    items.set(item.id, result);
    maxScore += result.max;
    if (result.status !== "needs-grading") score += result.score;
  }
  return { score: Math.round(score * 100) / 100, maxScore, items };
}

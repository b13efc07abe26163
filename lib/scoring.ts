import type { Answer, EvidenceAnswer, MultipleAnswer, SingleAnswer, TrueFalseAnswer } from "./answers";
import type { Question } from "./content/schema";
import { itemPoints, type LessonItem } from "./lesson-items";

/*
 * Automatic scoring, from the assignment's snapshot of the lesson. The rules are documented for authors
 * and instructors in content/README.md ("Scoring").
 */

export type ItemScore =
  | { status: "scored"; score: number; max: number; outcome: "correct" | "partial" | "incorrect" }
  | { status: "needs-grading"; max: number }
  | { status: "unanswered"; score: 0; max: number };

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Shares of credit for picking from a set with a key (multiple select; evidence sentences): each key item
 * picked earns an equal share, each non-key item picked takes one share away, never below zero. So picking
 * everything earns nothing, and half the key with nothing wrong earns half the points.
 */
export function overlapCredit(picked: readonly string[], key: readonly string[]): number {
  if (key.length === 0) return 0;
  const keySet = new Set(key);
  const chosen = new Set(picked);
  let hits = 0;
  let extras = 0;
  for (const id of chosen) keySet.has(id) ? hits++ : extras++;
  return Math.max(0, (hits - extras) / keySet.size);
}

function scored(fraction: number, max: number): ItemScore {
  const score = round(fraction * max);
  return { status: "scored", score, max, outcome: fraction >= 1 ? "correct" : fraction > 0 ? "partial" : "incorrect" };
}

export function scoreQuestion(question: Question, answer: Answer | null | undefined): ItemScore {
  const max = question.points;
  if (question.type === "short") return answer ? { status: "needs-grading", max } : { status: "unanswered", score: 0, max };
  if (!answer) return { status: "unanswered", score: 0, max };
  switch (question.type) {
    case "single":
      return scored(question.choices.find((c) => c.id === (answer as SingleAnswer).choice)?.correct ? 1 : 0, max);
    case "truefalse":
      return scored((answer as TrueFalseAnswer).value === question.answer ? 1 : 0, max);
    case "multiple":
      return scored(
        overlapCredit(
          (answer as MultipleAnswer).choices,
          question.choices.filter((c) => c.correct).map((c) => c.id),
        ),
        max,
      );
    case "evidence":
      return scored(overlapCredit((answer as EvidenceAnswer).sentences, question.key), max);
  }
}

/** Debate arguments, like short answers, are graded by the instructor. */
export function scoreItem(item: LessonItem, answer: Answer | null | undefined): ItemScore {
  const max = itemPoints(item);
  if (item.kind === "debate") return answer ? { status: "needs-grading", max } : { status: "unanswered", score: 0, max };
  return scoreQuestion(item.question, answer);
}

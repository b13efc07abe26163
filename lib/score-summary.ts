import { plural } from "./format";

/** Points as people write them: at most two decimals, no trailing zeros (12.5, not 12.50). */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/**
 * A submitted attempt's score in words. While answers still wait for the instructor's grade the score is
 * partial, and says so: "12 of 49 points" alone reads as final and can alarm a student (or a parent).
 */
export function describeScore(score: number | null, maxScore: number | null, toGrade: number): string {
  const points = `${formatPoints(score ?? 0)} of ${formatPoints(maxScore ?? 0)} points`;
  return toGrade > 0 ? `${points} so far · ${plural(toGrade, "answer")} still to be graded` : points;
}

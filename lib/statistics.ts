/*
 * Item statistics for one question over the submitted attempts of an assignment, computed as Moodle's
 * quiz statistics do (classical test theory). Pure functions: they take plain numbers.
 */

/** Facility: the mean score on the item as a share of its maximum (0 = nobody got it, 1 = everyone did). */
export function facilityIndex(itemScores: readonly number[], max: number): number | null {
  if (itemScores.length === 0 || max <= 0) return null;
  return itemScores.reduce((a, b) => a + b, 0) / (itemScores.length * max);
}

export const DISCRIMINATION_MIN_ATTEMPTS = 10;

/**
 * Discrimination by upper and lower groups: sort attempts by total score, take the top and bottom 27%,
 * and subtract the lower group's mean item score from the upper group's (both as shares of the item's
 * maximum). +1: only strong students get it; 0: it does not tell them apart; negative: weak students do
 * better. Null below DISCRIMINATION_MIN_ATTEMPTS attempts, where the groups are too small to mean much.
 */
export function discriminationIndex(attempts: readonly { total: number; item: number }[], max: number): number | null {
  if (attempts.length < DISCRIMINATION_MIN_ATTEMPTS || max <= 0) return null;
  const sorted = [...attempts].sort((a, b) => b.total - a.total);
  const size = Math.max(1, Math.round(attempts.length * 0.27));
  const mean = (group: typeof sorted) => group.reduce((sum, a) => sum + a.item / max, 0) / group.length;
  return mean(sorted.slice(0, size)) - mean(sorted.slice(-size));
}

/** How many times each option was picked: every option listed, in order, with its share of respondents. */
export function distribution(options: readonly string[], picks: readonly (readonly string[])[]): { option: string; count: number; share: number }[] {
  const counts = new Map(options.map((o) => [o, 0]));
  for (const picked of picks) for (const o of new Set(picked)) if (counts.has(o)) counts.set(o, counts.get(o)! + 1);
  return options.map((option) => ({ option, count: counts.get(option)!, share: picks.length ? counts.get(option)! / picks.length : 0 }));
}

/** One submitted attempt seen from one item: its total so far, and the item's score, null while it awaits grading. */
export type ItemObservation = { total: number; item: number | null };

export type ItemStatistics = {
  /** Attempts whose score on the item is known: graded by hand, scored automatically, or unanswered (0). */
  graded: number;
  /** Attempts whose answer to the item is still to be graded: left out of both indices until it is. */
  pending: number;
  facility: number | null;
  discrimination: number | null;
};

/**
 * Facility and discrimination over the graded answers only. An answer waiting for its grade is not a 0:
 * counting it as one made a hand-graded question look impossible ("Facility 0%") before anyone graded it.
 */
export function itemStatistics(observations: readonly ItemObservation[], max: number): ItemStatistics {
  const graded = observations.flatMap((o) => (o.item === null ? [] : [{ total: o.total, item: o.item }]));
  return {
    graded: graded.length,
    pending: observations.length - graded.length,
    facility: facilityIndex(
      graded.map((o) => o.item),
      max,
    ),
    discrimination: discriminationIndex(graded, max),
  };
}

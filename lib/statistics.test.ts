import { describe, expect, it } from "vitest";
import { DISCRIMINATION_MIN_ATTEMPTS, discriminationIndex, distribution, facilityIndex, itemStatistics } from "./statistics";

describe("facility index", () => {
  it("is the mean score as a share of the maximum", () => {
    expect(facilityIndex([2, 1, 0, 2], 2)).toBeCloseTo(5 / 8);
    expect(facilityIndex([], 2)).toBeNull();
  });
});

describe("discrimination index", () => {
  // Hand-computed fixture: 11 attempts; 27% of 11 = 2.97 → groups of 3.
  // Top 3 totals (20, 18, 17) scored the item 1, 1, 0 → 2/3. Bottom 3 (3, 2, 1) scored 0, 1, 0 → 1/3.
  const attempts = [
    { total: 20, item: 1 },
    { total: 18, item: 1 },
    { total: 17, item: 0 },
    { total: 15, item: 1 },
    { total: 12, item: 0 },
    { total: 10, item: 1 },
    { total: 9, item: 0 },
    { total: 5, item: 1 },
    { total: 3, item: 0 },
    { total: 2, item: 1 },
    { total: 1, item: 0 },
  ];
  it("is the upper 27% group's mean minus the lower group's", () => {
    expect(discriminationIndex(attempts, 1)).toBeCloseTo(2 / 3 - 1 / 3);
  });
  it("is +1 when only the strong get it and negative when the weak do better", () => {
    const perfect = attempts.map((a, i) => ({ ...a, item: i < 3 ? 1 : 0 }));
    expect(discriminationIndex(perfect, 1)).toBe(1);
    const reversed = attempts.map((a, i) => ({ ...a, item: i >= 8 ? 2 : 0 }));
    expect(discriminationIndex(reversed, 2)).toBe(-1);
  });
  it("is not given for fewer than 10 attempts", () => {
    expect(discriminationIndex(attempts.slice(0, 9), 1)).toBeNull();
  });
});

describe("answer distribution (and the evidence heat map)", () => {
  it("counts each option once per respondent, listing unpicked options too", () => {
    expect(distribution(["a", "b", "c"], [["a"], ["a", "b"], ["b", "b"], []])).toEqual([
      { option: "a", count: 2, share: 0.5 },
      { option: "b", count: 2, share: 0.5 },
      { option: "c", count: 0, share: 0 },
    ]);
    expect(distribution(["s1", "s2"], [])).toEqual([
      { option: "s1", count: 0, share: 0 },
      { option: "s2", count: 0, share: 0 },
    ]);
  });
});

describe("item statistics while answers wait for grading", () => {
  it("says nothing about an item no one has graded yet, rather than 0%", () => {
    const waiting = Array.from({ length: 12 }, (_, i) => ({ total: i, item: null }));
    expect(itemStatistics(waiting, 2)).toEqual({ graded: 0, pending: 12, facility: null, discrimination: null });
  });

  it("computes facility over the graded answers only, and counts the rest as pending", () => {
    // Two graded (2 and 1 of 2), five waiting: 3/4, not 3/14.
    const partly = [{ total: 9, item: 2 }, { total: 4, item: 1 }, ...Array.from({ length: 5 }, () => ({ total: 3, item: null }))];
    expect(itemStatistics(partly, 2)).toMatchObject({ graded: 2, pending: 5, facility: 0.75, discrimination: null });
  });

  it("gives discrimination once enough answers are graded, from those alone", () => {
    const graded = Array.from({ length: DISCRIMINATION_MIN_ATTEMPTS }, (_, i) => ({ total: i, item: i >= 5 ? 1 : 0 }));
    const waiting = Array.from({ length: 4 }, () => ({ total: 100, item: null }));
    const stats = itemStatistics([...graded, ...waiting], 1);
    expect(stats).toMatchObject({ graded: DISCRIMINATION_MIN_ATTEMPTS, pending: 4, facility: 0.5 });
    // Groups of 3 among the graded: the top three all got it, the bottom three none — the waiting high totals play no part.
    expect(stats.discrimination).toBe(1);
    expect(itemStatistics(graded, 1)).toEqual({ ...stats, pending: 0 });
  });

  it("treats an unanswered item as a graded 0: there is nothing left to grade", () => {
    expect(itemStatistics([{ total: 0, item: 0 }, { total: 5, item: null }], 2)).toMatchObject({ graded: 1, pending: 1, facility: 0 });
  });
});

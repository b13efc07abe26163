import { describe, expect, it } from "vitest";
import { discriminationIndex, distribution, facilityIndex } from "./statistics";

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

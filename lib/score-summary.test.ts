import { describe, expect, it } from "vitest";
import { describeScore, formatPoints } from "./score-summary";

describe("a score in words", () => {
  it("is final when nothing waits for grading", () => {
    expect(describeScore(45, 49, 0)).toBe("45 of 49 points");
    expect(describeScore(null, null, 0)).toBe("0 of 0 points");
  });

  it("says it is partial, and how much is left, while answers wait for grading", () => {
    expect(describeScore(12.34, 49, 7)).toBe("12.34 of 49 points so far · 7 answers still to be graded");
    expect(describeScore(3, 10, 1)).toBe("3 of 10 points so far · 1 answer still to be graded");
  });

  it("writes points with at most two decimals", () => {
    expect(formatPoints(12.5)).toBe("12.5");
    expect(formatPoints(1 / 3)).toBe("0.33");
    expect(formatPoints(2)).toBe("2");
  });
});

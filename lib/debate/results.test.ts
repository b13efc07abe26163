import { describe, expect, it } from "vitest";
import { citationHeat, participation, stanceShift, topVoted } from "./results";

describe("stance shift", () => {
  it("pairs each student's before and after, and counts the class at each stance", () => {
    const result = stanceShift(
      [
        { studentId: 1, stance: 1, confidence: 3 },
        { studentId: 2, stance: 3, confidence: 2 },
        { studentId: 3, stance: 5, confidence: 5 },
        { studentId: 4, stance: 2, confidence: 1 },
      ],
      [
        { studentId: 1, stance: 2, confidence: 3 },
        { studentId: 2, stance: 3, confidence: 4 },
        { studentId: 3, stance: 4, confidence: 4 },
        { studentId: 5, stance: 5, confidence: 5 },
      ],
    );
    expect(result.n).toBe(3);
    expect(result.meanBefore).toBeCloseTo(3);
    expect(result.meanAfter).toBeCloseTo(3);
    // Of the three with both polls: (3 + 2 + 5) / 3 before, (3 + 4 + 4) / 3 after.
    expect(result.confidenceBefore).toBeCloseTo(10 / 3);
    expect(result.confidenceAfter).toBeCloseTo(11 / 3);
    expect(result.before).toEqual([1, 0, 1, 0, 1]);
    expect(result.after).toEqual([0, 1, 1, 1, 0]);
    expect(result.changedMind).toBe(2);
    expect(result.perStudent).toEqual([
      { studentId: 1, before: 1, after: 2, shift: 1 },
      { studentId: 2, before: 3, after: 3, shift: 0 },
      { studentId: 3, before: 5, after: 4, shift: -1 },
    ]);
  });
  it("is empty without pairs", () => {
    expect(stanceShift([], [])).toMatchObject({ n: 0, meanBefore: null, meanAfter: null, confidenceBefore: null, confidenceAfter: null, before: [0, 0, 0, 0, 0] });
  });
});

describe("participation", () => {
  it("counts posts, rebuttals, citations and votes per student, zero for the silent", () => {
    expect(
      participation(
        [1, 2, 3],
        [
          { authorId: 1, kind: "claim", citations: 2, hidden: false },
          { authorId: 1, kind: "rebuttal", citations: 1, hidden: true },
          { authorId: 2, kind: "question", citations: 0, hidden: false },
        ],
        [{ voterId: 2 }, { voterId: 2 }, { voterId: 3 }],
      ),
    ).toEqual([
      { studentId: 1, posts: 2, rebuttals: 1, citations: 3, votes: 0 },
      { studentId: 2, posts: 1, rebuttals: 0, citations: 0, votes: 2 },
      { studentId: 3, posts: 0, rebuttals: 0, citations: 0, votes: 1 },
    ]);
  });
});

describe("citation heat map and top-voted posts", () => {
  it("counts, per sentence and side, the visible posts citing it (once per post)", () => {
    const { counts, max } = citationHeat([
      { side: "for", hidden: false, citations: [{ excerptId: "e1", sentenceIds: ["s1", "s2"] }] },
      { side: "for", hidden: false, citations: [{ excerptId: "e1", sentenceIds: ["s1", "s1"] }] },
      { side: "against", hidden: false, citations: [{ excerptId: "e1", sentenceIds: ["s2"] }, { excerptId: "e2", sentenceIds: ["s9"] }] },
      { side: "against", hidden: true, citations: [{ excerptId: "e1", sentenceIds: ["s1"] }] },
    ]);
    expect(Object.fromEntries(counts)).toEqual({ s1: { for: 2, against: 0 }, s2: { for: 1, against: 1 }, s9: { for: 0, against: 1 } });
    expect(max).toBe(2);
  });

  it("ranks each side's visible posts by votes, earlier first on ties, leaving out unvoted ones", () => {
    const posts = [
      { number: 1, side: "for" as const, votes: 2, hidden: false },
      { number: 2, side: "for" as const, votes: 5, hidden: false },
      { number: 3, side: "against" as const, votes: 0, hidden: false },
      { number: 4, side: "for" as const, votes: 2, hidden: false },
      { number: 5, side: "against" as const, votes: 9, hidden: true },
      { number: 6, side: "against" as const, votes: 1, hidden: false },
      { number: 7, side: "for" as const, votes: 1, hidden: false },
    ];
    const top = topVoted(posts, 3);
    expect(top.for.map((p) => p.number)).toEqual([2, 1, 4]);
    expect(top.against.map((p) => p.number)).toEqual([6]);
  });
});

import { describe, expect, it } from "vitest";
import { formGroups, GROUP_SIZE, groupForLateJoiner, groupSizes, oppositeSide, suggestedGroupCount, type Group, type GroupOptions, type Participant } from "./groups";

/** A repeatable stand-in for Math.random. */
function seeded(seed = 42) {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

const stances = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5, 1];
const people: Participant[] = stances.map((stance, i) => ({ id: i + 1, stance }));
const class_ = (...s: (number | null)[]): Participant[] => s.map((stance, i) => ({ id: i + 1, stance }));

function formed(participants: readonly Participant[], options: GroupOptions): { groups: Group[]; ownSide: number } {
  const result = formGroups(participants, options);
  if (result.status !== "formed") throw new Error(`not formed: ${JSON.stringify(result)}`);
  return result;
}

/** Everyone placed once, no group empty, so both sides are argued. */
function expectSound(groups: Group[], participants: readonly Participant[]) {
  expect(groups.flatMap((g) => g.members).sort((a, b) => a - b)).toEqual(participants.map((p) => p.id));
  for (const g of groups) expect(g.members.length, `${g.name} is empty`).toBeGreaterThan(0);
  expect(new Set(groups.map((g) => g.side))).toEqual(new Set(["for", "against"]));
}

describe("group formation", () => {
  it("puts everyone in exactly one group, sizes within one of each other, sides alternating", () => {
    for (const mode of ["random", "mixed"] as const) {
      const { groups } = formed(people, { groups: 4, mode, opposite: false, random: seeded() });
      expect(groups.map((g) => g.side)).toEqual(["for", "against", "for", "against"]);
      expectSound(groups, people);
      const sizes = groups.map((g) => g.members.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it("mixed by stance: every group spans the stances", () => {
    const { groups } = formed(people, { groups: 3, mode: "mixed", opposite: false, random: seeded(7) });
    const stanceOf = (id: number) => people.find((p) => p.id === id)!.stance!;
    for (const g of groups) {
      const s = g.members.map(stanceOf);
      expect(Math.min(...s)).toBeLessThanOrEqual(2);
      expect(Math.max(...s)).toBeGreaterThanOrEqual(4);
    }
  });

  it("with the opposite-side option, everyone who leans one way argues the other", () => {
    const { groups, ownSide } = formed(people, { groups: 4, mode: "random", opposite: true, random: seeded(3) });
    expect(ownSide).toBe(0);
    for (const g of groups) {
      for (const id of g.members) {
        const want = oppositeSide(people.find((p) => p.id === id)!.stance);
        if (want) expect(g.side).toBe(want);
      }
    }
    expectSound(groups, people);
  });

  it("opposite sides with everyone leaning the same way: no side left empty, as few as possible argue their own", () => {
    // The trial's case: four students, all on one stance, two groups.
    for (const mode of ["random", "mixed"] as const) {
      const all = class_(5, 5, 5, 5);
      const { groups, ownSide } = formed(all, { groups: 2, mode, opposite: true, random: seeded(11) });
      expectSound(groups, all);
      expect(ownSide).toBe(1);
      expect(groups.find((g) => g.side === "for")!.members).toHaveLength(1);
    }
  });

  it("fills a short side with the undecided first, then with those who lean least strongly", () => {
    const leaning = class_(5, 4, 5, 3, 5);
    const { groups, ownSide } = formed(leaning, { groups: 2, mode: "random", opposite: true, random: seeded() });
    expectSound(groups, leaning);
    expect(ownSide).toBe(0);
    expect(groups.find((g) => g.side === "for")!.members).toEqual([4]);

    const fourGroups = formed(leaning, { groups: 4, mode: "random", opposite: true, random: seeded() });
    expectSound(fourGroups.groups, leaning);
    // Two "for" groups: the undecided student and the one at stance 4 (not a 5) argue for.
    expect(fourGroups.ownSide).toBe(1);
    expect(fourGroups.groups.filter((g) => g.side === "for").flatMap((g) => g.members).sort()).toEqual([2, 4]);
  });

  it("two students, odd counts, and a class that answered no pre-poll all give every group someone", () => {
    const cases: [Participant[], number][] = [
      [class_(1, 1), 2],
      [class_(5, null), 2],
      [class_(5, 5, 5), 3],
      [class_(1, 1, 1, 1, 1, 5, 5), 3],
      [class_(null, null, null, null, null), 4],
      [class_(2, 4, 2, 4, 2, 4, 2, 4, 3), 8],
    ];
    for (const [participants, groups] of cases)
      for (const opposite of [true, false])
        for (const mode of ["random", "mixed"] as const)
          for (const seed of [1, 2, 3]) expectSound(formed(participants, { groups, mode, opposite, random: seeded(seed) }).groups, participants);
  });

  it("refuses to form more groups than there are students, saying how many of each", () => {
    expect(formGroups(class_(5, 1, 3), { groups: 4, mode: "random", opposite: false })).toEqual({ status: "too-few", groups: 4, students: 3 });
    expect(formGroups(class_(5), { groups: 2, mode: "mixed", opposite: true })).toEqual({ status: "too-few", groups: 2, students: 1 });
  });

  it("places a late joiner in the smallest group of the right side", () => {
    const { groups } = formed(people.slice(0, 5), { groups: 2, mode: "random", opposite: false, random: seeded() });
    const smallest = groups.reduce((a, b) => (b.members.length < a.members.length ? b : a));
    expect(groupForLateJoiner(groups, 5, false)).toBe(smallest);
    expect(groupForLateJoiner(groups, 5, true).side).toBe("against");
    expect(groupForLateJoiner(groups, 1, true).side).toBe("for");
    expect(groupForLateJoiner(groups, null, true)).toBe(smallest);
  });

  it("late joiners who all lean one way join that side's groups and never empty one", () => {
    const { groups } = formed(class_(5, 5), { groups: 2, mode: "random", opposite: true, random: seeded() });
    for (let id = 3; id < 9; id++) groupForLateJoiner(groups, 5, true).members.push(id);
    expect(groups.map((g) => g.members.length)).toEqual([1, 7]);
    expect(groups.every((g) => g.members.length > 0)).toBe(true);
  });

  it("keeps 2 to 8 groups", () => {
    expect(formed(people, { groups: 1, mode: "random", opposite: false }).groups).toHaveLength(2);
    expect(formed(people, { groups: 20, mode: "random", opposite: false }).groups).toHaveLength(8);
  });
});

describe("the suggested number of groups", () => {
  it("is even, makes groups of about four within 2–6 where it can, and stays within 2–8", () => {
    expect([0, 1, 4, 8, 11, 12, 16, 20, 24, 30, 40, 60].map(suggestedGroupCount)).toEqual([2, 2, 2, 2, 2, 4, 4, 6, 6, 8, 8, 8]);
    for (const n of [4, 6, 10, 12, 16, 20, 24, 30, 40, 48]) {
      const { smallest, largest } = groupSizes(n, suggestedGroupCount(n));
      expect(smallest).toBeGreaterThanOrEqual(GROUP_SIZE.min);
      expect(largest).toBeLessThanOrEqual(GROUP_SIZE.max);
    }
    expect(groupSizes(30, 8)).toEqual({ smallest: 3, largest: 4 });
  });
});

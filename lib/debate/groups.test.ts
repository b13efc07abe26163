import { describe, expect, it } from "vitest";
import { formGroups, groupForLateJoiner, oppositeSide, type Participant } from "./groups";

/** A repeatable stand-in for Math.random. */
function seeded(seed = 42) {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

const stances = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5, 1];
const people: Participant[] = stances.map((stance, i) => ({ id: i + 1, stance }));

describe("group formation", () => {
  it("puts everyone in exactly one group, sizes within one of each other, sides alternating", () => {
    for (const mode of ["random", "mixed"] as const) {
      const groups = formGroups(people, { groups: 4, mode, opposite: false, random: seeded() });
      expect(groups.map((g) => g.side)).toEqual(["for", "against", "for", "against"]);
      expect(groups.flatMap((g) => g.members).sort((a, b) => a - b)).toEqual(people.map((p) => p.id));
      const sizes = groups.map((g) => g.members.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it("mixed by stance: every group spans the stances", () => {
    const groups = formGroups(people, { groups: 3, mode: "mixed", opposite: false, random: seeded(7) });
    const stanceOf = (id: number) => people.find((p) => p.id === id)!.stance!;
    for (const g of groups) {
      const s = g.members.map(stanceOf);
      expect(Math.min(...s)).toBeLessThanOrEqual(2);
      expect(Math.max(...s)).toBeGreaterThanOrEqual(4);
    }
  });

  it("with the opposite-side option, everyone who leans one way argues the other", () => {
    const groups = formGroups(people, { groups: 4, mode: "random", opposite: true, random: seeded(3) });
    for (const g of groups) {
      for (const id of g.members) {
        const want = oppositeSide(people.find((p) => p.id === id)!.stance);
        if (want) expect(g.side).toBe(want);
      }
    }
    expect(groups.flatMap((g) => g.members)).toHaveLength(people.length);
  });

  it("places a late joiner in the smallest group of the right side", () => {
    const groups = formGroups(people.slice(0, 5), { groups: 2, mode: "random", opposite: false, random: seeded() });
    const smallest = groups.reduce((a, b) => (b.members.length < a.members.length ? b : a));
    expect(groupForLateJoiner(groups, 5, false)).toBe(smallest);
    expect(groupForLateJoiner(groups, 5, true).side).toBe("against");
    expect(groupForLateJoiner(groups, 1, true).side).toBe("for");
  });

  it("keeps 2 to 8 groups", () => {
    expect(formGroups(people, { groups: 1, mode: "random", opposite: false })).toHaveLength(2);
    expect(formGroups(people, { groups: 20, mode: "random", opposite: false })).toHaveLength(8);
  });
});

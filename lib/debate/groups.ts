/*
 * Forming debate groups. Pure functions: the caller passes the randomness, so tests are repeatable.
 * Stances are the pre-poll's 5-point scale: 1 strongly against … 3 undecided … 5 strongly for.
 */

export type Side = "for" | "against";
export type Participant = { id: number; stance: number | null };
export type Group = { name: string; side: Side; members: number[] };
export type GroupOptions = {
  /** How many groups (2–8); sides alternate for, against, for… */
  groups: number;
  mode: "random" | "mixed";
  /** Put each student on the side opposite to their own pre-poll stance. */
  opposite: boolean;
  random?: () => number;
};

const NAMES = ["Group A", "Group B", "Group C", "Group D", "Group E", "Group F", "Group G", "Group H"];

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Groups argue best with 2–6 students each (and everyone gets a word in). */
export const GROUP_SIZE = { min: 2, max: 6, aim: 4 } as const;

/**
 * How many groups to suggest for the students who joined: an even number (as many groups for as against)
 * of about four students each, within the 2–8 a session has.
 */
export function suggestedGroupCount(students: number): number {
  return Math.max(2, Math.min(8, 2 * Math.round(students / (2 * GROUP_SIZE.aim))));
}

/** The size of the groups `groups` groups make of `students` students: the smallest and the largest. */
export function groupSizes(students: number, groups: number): { smallest: number; largest: number } {
  return { smallest: Math.floor(students / groups), largest: Math.ceil(students / groups) };
}

/** Which side a student argues when told to argue against their own view; undecided students: none. */
export function oppositeSide(stance: number | null): Side | null {
  if (stance === null || stance === 3) return null;
  return stance > 3 ? "against" : "for";
}

export type FormedGroups =
  | {
      status: "formed";
      groups: Group[];
      /** Students told to argue the opposite side who argue their own, because too few lean the other way to fill every group. */
      ownSide: number;
    }
  /** Fewer students than the groups asked for: some group would be empty. */
  | { status: "too-few"; groups: number; students: number };

/**
 * Every group gets at least one student, so both sides are argued, or nothing is formed. With the
 * opposite-side option, the undecided first fill a side that is short, and only then (when everyone leans
 * the same way, say) do the students who lean least strongly argue their own side: as few as it takes.
 */
export function formGroups(participants: readonly Participant[], options: GroupOptions): FormedGroups {
  const random = options.random ?? Math.random;
  const count = Math.max(2, Math.min(8, Math.floor(options.groups)));
  if (participants.length < count) return { status: "too-few", groups: count, students: participants.length };
  const groups: Group[] = Array.from({ length: count }, (_, i) => ({ name: NAMES[i]!, side: i % 2 === 0 ? "for" : "against", members: [] }));
  const shuffled = shuffle(participants, random);
  // "Mixed": sorted by stance, then dealt out in a snake (A B C C B A …), so every group spans the range.
  const ordered = options.mode === "mixed" ? [...shuffled].sort((a, b) => (a.stance ?? 3) - (b.stance ?? 3)) : shuffled;

  if (!options.opposite) {
    ordered.forEach((p, i) => {
      const round = Math.floor(i / count);
      const slot = i % count;
      groups[round % 2 === 0 ? slot : count - 1 - slot]!.members.push(p.id);
    });
    return { status: "formed", groups, ownSide: 0 };
  }
  // Opposite sides: those who lean one way argue the other.
  const bySide: Record<Side, Participant[]> = { for: [], against: [] };
  const undecided: Participant[] = [];
  for (const p of ordered) {
    const side = oppositeSide(p.stance);
    if (side) bySide[side].push(p);
    else undecided.push(p);
  }
  const needed = (side: Side) => groups.filter((g) => g.side === side).length;
  const short = (side: Side) => bySide[side].length < needed(side);
  const other = (side: Side): Side => (side === "for" ? "against" : "for");
  // The undecided fill a short side first…
  for (const side of ["for", "against"] as const) while (short(side) && undecided.length) bySide[side].push(undecided.shift()!);
  // …then the least decided of the other side (stance 2 or 4 before 1 or 5; ties as shuffled) argue their own.
  let ownSide = 0;
  for (const side of ["for", "against"] as const) {
    while (short(side)) {
      const pool = bySide[other(side)];
      const weakest = pool.reduce((best, p, i) => (Math.abs((p.stance ?? 3) - 3) < Math.abs((pool[best]!.stance ?? 3) - 3) ? i : best), 0);
      bySide[side].push(...pool.splice(weakest, 1));
      ownSide += 1;
    }
  }
  for (const side of ["for", "against"] as const) for (const p of bySide[side]) placeInSmallest(groups, side).members.push(p.id);
  // The remaining undecided even out the sizes.
  for (const p of undecided) placeInSmallest(groups, null).members.push(p.id);
  return { status: "formed", groups, ownSide };
}

function placeInSmallest(groups: Group[], side: Side | null): Group {
  const candidates = side ? groups.filter((g) => g.side === side) : groups;
  return candidates.reduce((small, g) => (g.members.length < small.members.length ? g : small));
}

/** A student who joins after the groups are formed: the smallest group (of the side they must argue). */
export function groupForLateJoiner(groups: Group[], stance: number | null, opposite: boolean): Group {
  return placeInSmallest(groups, opposite ? oppositeSide(stance) : null);
}

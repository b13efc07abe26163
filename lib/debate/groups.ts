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

/** Which side a student argues when told to argue against their own view; undecided students: none. */
export function oppositeSide(stance: number | null): Side | null {
  if (stance === null || stance === 3) return null;
  return stance > 3 ? "against" : "for";
}

export function formGroups(participants: readonly Participant[], options: GroupOptions): Group[] {
  const random = options.random ?? Math.random;
  const count = Math.max(2, Math.min(8, Math.floor(options.groups)));
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
    return groups;
  }
  // Opposite sides: those who lean one way argue the other; the undecided then even out the sizes.
  const decided = ordered.filter((p) => oppositeSide(p.stance) !== null);
  const undecided = ordered.filter((p) => oppositeSide(p.stance) === null);
  for (const p of decided) placeInSmallest(groups, oppositeSide(p.stance)).members.push(p.id);
  for (const p of undecided) placeInSmallest(groups, null).members.push(p.id);
  return groups;
}

function placeInSmallest(groups: Group[], side: Side | null): Group {
  const candidates = side ? groups.filter((g) => g.side === side) : groups;
  return candidates.reduce((small, g) => (g.members.length < small.members.length ? g : small));
}

/** A student who joins after the groups are formed: the smallest group (of the side they must argue). */
export function groupForLateJoiner(groups: Group[], stance: number | null, opposite: boolean): Group {
  return placeInSmallest(groups, opposite ? oppositeSide(stance) : null);
}

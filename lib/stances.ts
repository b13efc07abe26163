/** The 5-point stance scale of debate prompts (and, later, of live debate polls): 5 strongly for … 1 strongly against. */
export const STANCES = [
  { value: 5, label: "Strongly for" },
  { value: 4, label: "Somewhat for" },
  { value: 3, label: "Undecided" },
  { value: 2, label: "Somewhat against" },
  { value: 1, label: "Strongly against" },
] as const;

export function stanceLabel(stance: number | null): string {
  return STANCES.find((s) => s.value === stance)?.label ?? "no position";
}

type Sides = { for: string; against: string };
type Side = "for" | "against";

/** A side's label says which side it is already ("For", "Against the motion"): nothing to add to it. */
function labelNamesSide(side: Side, label: string): boolean {
  return new RegExp(`^${side}\\b`, "i").test(label.trim());
}

/**
 * "For: Keep evening hours", or just "For" when the label is "For": a side as every page names it, never
 * "For: For". `lower` for use mid-sentence ("for: Keep evening hours").
 */
export function sideName(side: Side, sides: Sides, { lower = false } = {}): string {
  const label = sides[side];
  if (labelNamesSide(side, label)) return label;
  const word = side === "for" ? "For" : "Against";
  return `${lower ? word.toLowerCase() : word}: ${label}`;
}

/** "Somewhat for (Incremental steps)": the stance with the side it leans to (not "Somewhat for (For)"). */
export function stanceWithSide(stance: number | null, sides: Sides): string {
  if (stance === null || stance === 3) return stanceLabel(stance);
  const side: Side = stance > 3 ? "for" : "against";
  return labelNamesSide(side, sides[side]) && sides[side].trim().split(/\s+/).length === 1 ? stanceLabel(stance) : `${stanceLabel(stance)} (${sides[side]})`;
}

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

/** "Somewhat for (Incremental steps)": the stance with the side it leans to. */
export function stanceWithSide(stance: number | null, sides: { for: string; against: string }): string {
  if (stance === null || stance === 3) return stanceLabel(stance);
  return `${stanceLabel(stance)} (${stance > 3 ? sides.for : sides.against})`;
}

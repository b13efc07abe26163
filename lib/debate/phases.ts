/** What each phase of a live debate is called on screen. */
export const PHASE_LABEL = {
  lobby: "lobby and pre-poll",
  opening: "opening round",
  rebuttal: "rebuttal round",
  closing: "closing round",
  postpoll: "post-poll",
  ended: "ended",
} as const;

export const NEXT_PHASE_BUTTON = {
  lobby: "Start the opening round",
  opening: "Move to rebuttals",
  rebuttal: "Move to closing statements",
  closing: "Open the post-poll",
  postpoll: "End the debate",
  ended: "",
} as const;

/** The phase as a heading: "Opening round". */
export function phaseTitle(phase: keyof typeof PHASE_LABEL): string {
  return PHASE_LABEL[phase][0]!.toUpperCase() + PHASE_LABEL[phase].slice(1);
}

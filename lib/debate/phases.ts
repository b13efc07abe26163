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

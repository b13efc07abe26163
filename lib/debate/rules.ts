/* The rules of posting and voting in a live debate, as plain data and pure functions. */

import { remainingMs, type TimerView } from "./timer";

export const DEBATE_LIMITS = {
  /** Characters in one post. */
  bodyMax: 1000,
  /** Sentences one post may cite. */
  citationsMax: 6,
  /** Votes each student has per session. */
  votes: 3,
  /** Nobody writes a considered post in under this: quicker posts are a burst (or a stuck key). */
  minGapMs: 3_000,
  /** At most `burstCount` posts in any `burstWindowMs`. */
  burstCount: 6,
  burstWindowMs: 60_000,
} as const;

export const ROUNDS = ["opening", "rebuttal", "closing"] as const;
export type Round = (typeof ROUNDS)[number];
export const isRound = (phase: string): phase is Round => (ROUNDS as readonly string[]).includes(phase);

export const POST_KINDS = ["claim", "rebuttal", "question"] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** What the post form suggests first in each round. */
export const DEFAULT_KIND: Record<Round, PostKind> = { opening: "claim", rebuttal: "rebuttal", closing: "claim" };

export const KIND_LABEL: Record<PostKind, string> = { claim: "Claim", rebuttal: "Rebuttal", question: "Question" };

/**
 * Whether a student may post now, given when their recent posts were made (any order). Returns how many
 * seconds to wait when they may not.
 */
export function checkPostRate(recent: readonly number[], now: number): { ok: true } | { ok: false; waitSeconds: number } {
  const { minGapMs, burstCount, burstWindowMs } = DEBATE_LIMITS;
  const sorted = [...recent].sort((a, b) => b - a);
  const last = sorted[0];
  if (last !== undefined && now - last < minGapMs) return { ok: false, waitSeconds: Math.ceil((minGapMs - (now - last)) / 1000) };
  const inWindow = sorted.filter((t) => now - t < burstWindowMs);
  if (inWindow.length >= burstCount) {
    const oldest = inWindow[burstCount - 1]!;
    return { ok: false, waitSeconds: Math.ceil((burstWindowMs - (now - oldest)) / 1000) };
  }
  return { ok: true };
}

/**
 * Whether a student may post now, by the server's clock and the round's stored timer: only during a round,
 * and when the round has a timer, only while time is left. A paused timer with time left stays open (pausing
 * is how an instructor gives more time, WCAG 2.2.1); once it runs out, posting stays closed until the
 * instructor adds time or stops the timer.
 */
export function postingState(phase: string, timer: TimerView, now: number): "open" | "not-a-round" | "time-up" {
  if (!isRound(phase)) return "not-a-round";
  return remainingMs(timer, now) === 0 ? "time-up" : "open";
}

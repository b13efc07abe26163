"use client";

import { useEffect, useState } from "react";
import { formatClock, remainingMs } from "@/lib/debate/timer";
import { useLiveDebate } from "./live";

/**
 * What is left of the round's timer on this screen, ticking, from the server's end time (corrected for this
 * device's clock); null without a timer. Rendered first as of the server's clock (the same on the server
 * and at hydration).
 */
export function useTimeLeft(): number | null {
  const { state, snapshot } = useLiveDebate();
  const { timer, clockOffset } = state;
  const [now, setNow] = useState(snapshot.serverNow);
  useEffect(() => {
    setNow(Date.now() + clockOffset);
    if (timer.status !== "running") return;
    const tick = setInterval(() => setNow(Date.now() + clockOffset), 250);
    return () => clearInterval(tick);
  }, [timer, clockOffset]);
  return remainingMs(timer, now);
}

/**
 * The round's timer, counting down on every screen. When it runs out, posting closes for the round (the
 * server refuses posts) until the instructor adds time or stops the timer.
 */
export function RoundTimer({ large = false }: { large?: boolean }) {
  const { state } = useLiveDebate();
  const left = useTimeLeft();
  if (left === null) return null;
  return (
    <p className={`round-timer${large ? " round-timer-large" : ""}${left === 0 ? " round-timer-up" : ""}`} role="timer" aria-label="Time left in this round">
      {left === 0 ? (
        <span className="round-timer-note">Time is up for this round</span>
      ) : (
        <>
          <span className="round-timer-clock">{formatClock(left)}</span> <span className="round-timer-note">{state.timer.status === "paused" ? "left · paused" : "left"}</span>
        </>
      )}
    </p>
  );
}

"use client";

import { useEffect, useState } from "react";
import { formatClock, remainingMs } from "@/lib/debate/timer";
import { useLiveDebate } from "./live";

/**
 * The round's timer, counting down on every screen from the server's end time (corrected for this
 * device's clock). When it runs out nothing closes: the instructor moves the session on.
 */
export function RoundTimer({ large = false }: { large?: boolean }) {
  const { state, snapshot } = useLiveDebate();
  const { timer, clockOffset } = state;
  // Rendered first as of the server's clock (the same on the server and at hydration), then ticking.
  const [now, setNow] = useState(snapshot.serverNow);
  useEffect(() => {
    setNow(Date.now() + clockOffset);
    if (timer.status !== "running") return;
    const tick = setInterval(() => setNow(Date.now() + clockOffset), 250);
    return () => clearInterval(tick);
  }, [timer, clockOffset]);
  if (timer.status === "none") return null;
  const left = remainingMs(timer, now)!;
  return (
    <p className={`round-timer${large ? " round-timer-large" : ""}${left === 0 ? " round-timer-up" : ""}`} role="timer" aria-label="Time left in this round">
      {left === 0 ? (
        <span className="round-timer-note">Time is up</span>
      ) : (
        <>
          <span className="round-timer-clock">{formatClock(left)}</span> <span className="round-timer-note">{timer.status === "paused" ? "left · paused" : "left"}</span>
        </>
      )}
    </p>
  );
}

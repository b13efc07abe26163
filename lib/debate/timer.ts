/* A round's optional timer, as stored on the session; pure so pages, the projector and tests agree. */

export type TimerFields = { timerEndsAt: number | null; timerRemainingMs: number | null };
export type TimerView = { status: "none" } | { status: "running"; endsAt: number } | { status: "paused"; remainingMs: number };

export function timerView(t: TimerFields): TimerView {
  if (t.timerEndsAt !== null) return { status: "running", endsAt: t.timerEndsAt };
  if (t.timerRemainingMs !== null) return { status: "paused", remainingMs: t.timerRemainingMs };
  return { status: "none" };
}

export function remainingMs(view: TimerView, now: number): number | null {
  if (view.status === "running") return Math.max(0, view.endsAt - now);
  if (view.status === "paused") return view.remainingMs;
  return null;
}

/** "4:05"; always whole seconds, rounded up so "0:00" means the time really is up. */
export function formatClock(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export type TimerChange = { kind: "set"; minutes: number } | { kind: "pause" } | { kind: "resume" } | { kind: "extend"; minutes: number } | { kind: "clear" };

/** The timer fields after a change, or null when the change makes no sense now (e.g. pausing a paused timer). */
export function applyTimerChange(t: TimerFields, change: TimerChange, now: number): TimerFields | null {
  const view = timerView(t);
  switch (change.kind) {
    case "set":
      return { timerEndsAt: now + change.minutes * 60_000, timerRemainingMs: null };
    case "clear":
      return view.status === "none" ? null : { timerEndsAt: null, timerRemainingMs: null };
    case "pause":
      return view.status === "running" ? { timerEndsAt: null, timerRemainingMs: Math.max(0, view.endsAt - now) } : null;
    case "resume":
      return view.status === "paused" ? { timerEndsAt: now + view.remainingMs, timerRemainingMs: null } : null;
    case "extend":
      if (view.status === "running") return { timerEndsAt: Math.max(view.endsAt, now) + change.minutes * 60_000, timerRemainingMs: null };
      if (view.status === "paused") return { timerEndsAt: null, timerRemainingMs: view.remainingMs + change.minutes * 60_000 };
      return null;
  }
}

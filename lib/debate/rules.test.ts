import { describe, expect, it } from "vitest";
import { aliasFor } from "./aliases";
import { checkPostRate, DEBATE_LIMITS, postingState } from "./rules";
import { applyTimerChange, formatClock, remainingMs, timerView } from "./timer";

describe("the posting rate limit", () => {
  const now = 1_000_000;
  it("lets a first post and a post after a pause through", () => {
    expect(checkPostRate([], now)).toEqual({ ok: true });
    expect(checkPostRate([now - DEBATE_LIMITS.minGapMs], now)).toEqual({ ok: true });
  });
  it("refuses a post right after the last one, saying how long to wait", () => {
    expect(checkPostRate([now - 500, now - 40_000], now)).toEqual({ ok: false, waitSeconds: 3 });
    expect(checkPostRate([now - 2_100], now)).toEqual({ ok: false, waitSeconds: 1 });
  });
  it("refuses the seventh post within a minute until the oldest of the six leaves the window", () => {
    const six = [5, 14, 23, 32, 41, 50].map((s) => now - s * 1000);
    expect(checkPostRate(six, now)).toEqual({ ok: false, waitSeconds: 10 });
    expect(checkPostRate(six.slice(0, 5), now)).toEqual({ ok: true });
    expect(checkPostRate(six, now + 10_000)).toEqual({ ok: true });
  });
});

describe("round timers", () => {
  const now = 50_000;
  it("runs, pauses keeping the time left, resumes and extends", () => {
    const set = applyTimerChange({ timerEndsAt: null, timerRemainingMs: null }, { kind: "set", minutes: 3 }, now)!;
    expect(timerView(set)).toEqual({ status: "running", endsAt: now + 180_000 });
    const paused = applyTimerChange(set, { kind: "pause" }, now + 60_000)!;
    expect(timerView(paused)).toEqual({ status: "paused", remainingMs: 120_000 });
    expect(applyTimerChange(paused, { kind: "pause" }, now)).toBeNull();
    const longer = applyTimerChange(paused, { kind: "extend", minutes: 1 }, now + 70_000)!;
    expect(remainingMs(timerView(longer), now + 999_999)).toBe(180_000);
    const resumed = applyTimerChange(longer, { kind: "resume" }, now + 100_000)!;
    expect(timerView(resumed)).toEqual({ status: "running", endsAt: now + 280_000 });
    expect(remainingMs(timerView(resumed), now + 300_000)).toBe(0);
    // Extending a timer that has run out gives the full extension from now.
    expect(timerView(applyTimerChange(resumed, { kind: "extend", minutes: 2 }, now + 300_000)!)).toEqual({ status: "running", endsAt: now + 420_000 });
    expect(applyTimerChange({ timerEndsAt: null, timerRemainingMs: null }, { kind: "extend", minutes: 1 }, now)).toBeNull();
    expect(timerView(applyTimerChange(resumed, { kind: "clear" }, now)!)).toEqual({ status: "none" });
  });
  it("shows whole seconds, rounded up", () => {
    expect(formatClock(245_000)).toBe("4:05");
    expect(formatClock(1)).toBe("0:01");
    expect(formatClock(0)).toBe("0:00");
  });
});

describe("anonymous aliases", () => {
  it("are distinct for the first 256 students and stay distinct after", () => {
    const aliases = Array.from({ length: 600 }, (_, i) => aliasFor(i));
    expect(new Set(aliases).size).toBe(600);
    expect(aliasFor(0)).toBe("Amber Otter");
    // Neighbours differ in both words, so a small class tells them apart at a glance.
    expect([1, 2, 3].map(aliasFor)).toEqual(["Brave Heron", "Calm Fox", "Clever Owl"]);
  });
});

describe("posting closes when the round's time is up", () => {
  const now = 100_000;
  it("is open in a round without a timer, and never outside the rounds", () => {
    expect(postingState("opening", { status: "none" }, now)).toBe("open");
    expect(postingState("lobby", { status: "none" }, now)).toBe("not-a-round");
    expect(postingState("postpoll", { status: "running", endsAt: now + 1000 }, now)).toBe("not-a-round");
  });
  it("closes at the timer's end by the given (server) clock, and opens again when time is added or the timer stopped", () => {
    const running = applyTimerChange({ timerEndsAt: null, timerRemainingMs: null }, { kind: "set", minutes: 1 }, now)!;
    expect(postingState("rebuttal", timerView(running), now + 59_999)).toBe("open");
    expect(postingState("rebuttal", timerView(running), now + 60_000)).toBe("time-up");
    expect(postingState("rebuttal", timerView(running), now + 600_000)).toBe("time-up");
    const extended = applyTimerChange(running, { kind: "extend", minutes: 1 }, now + 120_000)!;
    expect(postingState("rebuttal", timerView(extended), now + 120_000)).toBe("open");
    expect(postingState("rebuttal", timerView(extended), now + 180_000)).toBe("time-up");
    expect(postingState("rebuttal", timerView(applyTimerChange(running, { kind: "clear" }, now + 120_000)!), now + 999_999)).toBe("open");
  });
  it("stays open while paused with time left; paused at zero is still time up", () => {
    const running = applyTimerChange({ timerEndsAt: null, timerRemainingMs: null }, { kind: "set", minutes: 1 }, now)!;
    const paused = applyTimerChange(running, { kind: "pause" }, now + 30_000)!;
    expect(postingState("closing", timerView(paused), now + 999_999)).toBe("open");
    const pausedLate = applyTimerChange(running, { kind: "pause" }, now + 90_000)!;
    expect(postingState("closing", timerView(pausedLate), now + 90_000)).toBe("time-up");
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { eventStream, liveChannel, replayThenLive, watchAccess, type LiveMessage } from "./realtime";

const msg = (id: number): LiveMessage => ({ id, type: "post", data: { id } });

describe("replayThenLive", () => {
  it("delivers what was missed, then live messages, each exactly once and in order", () => {
    const store = [msg(1), msg(2), msg(3), msg(4)];
    const got: number[] = [];
    const unsubscribe = replayThenLive(
      liveChannel,
      "test:a",
      2,
      (after) => {
        // A message published while the store is being read arrives live too: it must not come twice.
        liveChannel.publish("test:a", msg(4));
        liveChannel.publish("test:a", msg(5));
        return store.filter((m) => m.id > after);
      },
      (m) => got.push(m.id),
    );
    liveChannel.publish("test:a", msg(5));
    liveChannel.publish("test:a", msg(6));
    liveChannel.publish("test:b", msg(7));
    unsubscribe();
    liveChannel.publish("test:a", msg(8));
    expect(got).toEqual([3, 4, 5, 6]);
  });
});

describe("watchAccess", () => {
  afterEach(() => vi.useRealTimers());
  it("re-checks on a timer and before each delivery; the first failure ends it once, for good", () => {
    vi.useFakeTimers();
    let allowed = true;
    let checks = 0;
    const lost = vi.fn();
    const access = watchAccess(() => (checks++, allowed), lost, 1000);
    vi.advanceTimersByTime(3000);
    expect(checks).toBe(3);
    expect(access.allows()).toBe(true);
    allowed = false;
    // Lost between two timer checks: the next delivery is refused at once.
    expect(access.allows()).toBe(false);
    expect(lost).toHaveBeenCalledTimes(1);
    allowed = true;
    vi.advanceTimersByTime(5000);
    expect(access.allows()).toBe(false);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(checks).toBe(5);
  });
  it("ends a quiet stream by the timer alone, and fails closed when the check throws", () => {
    vi.useFakeTimers();
    const lost = vi.fn();
    watchAccess(
      () => {
        throw new Error("database is locked");
      },
      lost,
      1000,
    );
    expect(lost).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(lost).toHaveBeenCalledTimes(1);
  });
});

describe("eventStream", () => {
  async function readAll(response: Response): Promise<string> {
    return await new Response(response.body).text();
  }
  it("delivers while access holds; once it is lost, sends nothing more, says so, unsubscribes and ends", async () => {
    let allowed = true;
    let send: (m: LiveMessage) => void = () => {};
    const unsubscribed = vi.fn();
    const response = eventStream(
      new Request("http://test/stream"),
      (s) => {
        send = s;
        return unsubscribed;
      },
      { stillAllowed: () => allowed, recheckMs: 60_000 },
    );
    send(msg(1));
    allowed = false;
    // Published after access was lost but before the next timed check: never delivered.
    send(msg(2));
    const text = await readAll(response);
    expect(text).toContain("id: 1\nevent: post");
    expect(text).not.toContain("id: 2");
    expect(text.trimEnd().endsWith("event: revoked\ndata: {}")).toBe(true);
    expect(unsubscribed).toHaveBeenCalledTimes(1);
  });
  it("ends an idle stream when the timed re-check fails", async () => {
    let allowed = true;
    const unsubscribed = vi.fn();
    const response = eventStream(new Request("http://test/stream"), () => unsubscribed, { stillAllowed: () => allowed, recheckMs: 20 });
    allowed = false;
    const text = await readAll(response);
    expect(text).toContain("event: revoked");
    expect(unsubscribed).toHaveBeenCalledTimes(1);
  });
});

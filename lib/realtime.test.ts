import { afterEach, describe, expect, it, vi } from "vitest";
import { eventStream, liveChannel, replayThenLive, RESYNC, watchAccess, type LiveMessage } from "./realtime";

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

  it("catches up from the store when a live message skips one, or on RESYNC, and still delivers each once, in order", async () => {
    const store = [msg(1), msg(2)];
    const reads: number[] = [];
    const got: number[] = [];
    const unsubscribe = replayThenLive(
      liveChannel,
      "test:gap",
      0,
      async (after) => (reads.push(after), store.filter((m) => m.id > after)),
      (m) => got.push(m.id),
    );
    await Promise.resolve();
    expect(got).toEqual([1, 2]);
    // Events 3 and 4 committed in that order, but 4 was published first (two requests, or two instances).
    store.push(msg(3), msg(4));
    liveChannel.publish("test:gap", msg(4));
    liveChannel.publish("test:gap", msg(3));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(got).toEqual([1, 2, 3, 4]);
    // A shared channel that may have missed something says so: the store is read again.
    store.push(msg(5));
    liveChannel.publish("test:gap", { id: 0, type: RESYNC, data: null });
    await new Promise((resolve) => setTimeout(resolve, 0));
    liveChannel.publish("test:gap", msg(5));
    liveChannel.publish("test:gap", msg(6));
    unsubscribe();
    expect(got).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reads).toEqual([0, 2, 4]);
  });

  it("reads the store again when the read it made may have begun too early (a RESYNC or a gap during it)", async () => {
    const store = [msg(1)];
    const reads: number[] = [];
    const got: number[] = [];
    let release!: () => void;
    let slow = false;
    const unsubscribe = replayThenLive(
      liveChannel,
      "test:again",
      0,
      async (after) => {
        reads.push(after);
        const snapshot = store.filter((m) => m.id > after);
        if (slow) await new Promise<void>((resolve) => (release = resolve));
        return snapshot;
      },
      (m) => got.push(m.id),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(got).toEqual([1]);
    // A gap starts a read whose snapshot predates event 2; 3 arrives meanwhile, then 2 commits.
    slow = true;
    liveChannel.publish("test:again", msg(3));
    await new Promise((resolve) => setTimeout(resolve, 0));
    store.push(msg(2), msg(3));
    slow = false;
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    liveChannel.publish("test:again", msg(2));
    expect(got).toEqual([1, 2, 3]);
    // A RESYNC during a read: read again after it.
    slow = true;
    liveChannel.publish("test:again", { id: 0, type: RESYNC, data: null });
    await new Promise((resolve) => setTimeout(resolve, 0));
    liveChannel.publish("test:again", { id: 0, type: RESYNC, data: null });
    store.push(msg(4));
    slow = false;
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    unsubscribe();
    expect(got).toEqual([1, 2, 3, 4]);
    expect(reads).toEqual([0, 1, 1, 3, 3]);
  });

  it("does the same when the store is read asynchronously, and reports a failed read", async () => {
    const got: number[] = [];
    let read!: (messages: LiveMessage[]) => void;
    const unsubscribe = replayThenLive(liveChannel, "test:c", 1, () => new Promise((resolve) => (read = resolve)), (m) => got.push(m.id));
    // Published while the store is being read: held until the replay is out, then delivered once.
    liveChannel.publish("test:c", msg(3));
    liveChannel.publish("test:c", msg(4));
    read([msg(2), msg(3)]);
    await Promise.resolve();
    liveChannel.publish("test:c", msg(5));
    unsubscribe();
    liveChannel.publish("test:c", msg(6));
    expect(got).toEqual([2, 3, 4, 5]);

    const failures: unknown[] = [];
    const sent: number[] = [];
    replayThenLive(liveChannel, "test:d", 0, () => Promise.reject(new Error("gone")), (m) => sent.push(m.id), (error) => failures.push(error));
    await new Promise((resolve) => setTimeout(resolve, 0));
    liveChannel.publish("test:d", msg(1));
    expect(failures).toHaveLength(1);
    expect(sent).toEqual([]);
  });
});

describe("watchAccess", () => {
  afterEach(() => vi.useRealTimers());
  it("re-checks on a timer and before each delivery; the first failure ends it once, for good", async () => {
    vi.useFakeTimers();
    let allowed = true;
    let checks = 0;
    const lost = vi.fn();
    const access = watchAccess(async () => (checks++, allowed), lost, 1000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(checks).toBe(3);
    expect(await access.allows()).toBe(true);
    allowed = false;
    // Lost between two timer checks: the next delivery is refused at once.
    expect(await access.allows()).toBe(false);
    expect(lost).toHaveBeenCalledTimes(1);
    allowed = true;
    await vi.advanceTimersByTimeAsync(5000);
    expect(await access.allows()).toBe(false);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(checks).toBe(5);
  });
  it("ends a quiet stream by the timer alone, and fails closed when the check throws", async () => {
    vi.useFakeTimers();
    const lost = vi.fn<(why: "denied" | "failed") => void>();
    watchAccess(
      () => Promise.reject(new Error("database is locked")),
      lost,
      1000,
    );
    expect(lost).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(lost).toHaveBeenCalledWith("failed");
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
    await new Promise((resolve) => setTimeout(resolve, 0));
    allowed = false;
    // Published after access was lost but before the next timed check: never delivered.
    send(msg(2));
    const text = await readAll(response);
    expect(text).toContain("id: 1\nevent: post");
    expect(text).not.toContain("id: 2");
    expect(text.trimEnd().endsWith("event: revoked\ndata: {}")).toBe(true);
    expect(unsubscribed).toHaveBeenCalledTimes(1);
  });
  it("ends the stream without revoked when the check cannot run (the browser reconnects, to be checked afresh)", async () => {
    let checks = 0;
    const unsubscribed = vi.fn();
    const response = eventStream(
      new Request("http://test/stream"),
      (send) => {
        for (let id = 1; id <= 3; id++) send(msg(id));
        return unsubscribed;
      },
      {
        stillAllowed: async () => {
          if (++checks > 1) throw new Error("connection terminated");
          return true;
        },
        recheckMs: 20,
      },
    );
    const text = await readAll(response);
    // One check let the three replayed messages through together; the failed one ended the stream.
    expect(checks).toBe(2);
    expect(text).toContain("id: 3\nevent: post");
    expect(text).not.toContain("revoked");
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

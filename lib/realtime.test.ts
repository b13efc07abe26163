import { describe, expect, it } from "vitest";
import { liveChannel, replayThenLive, type LiveMessage } from "./realtime";

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

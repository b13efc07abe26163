import { describe, expect, it } from "vitest";
import { readTextWithin } from "./request-body";

/** A body that counts how many of its chunks were pulled, and that never ends unless told to. */
function streamOf(chunks: string[], { end = true } = {}) {
  let pulled = 0;
  let cancelled = false;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled];
      if (chunk === undefined) {
        if (end) controller.close();
        return new Promise<void>(() => {}); // no more data, ever: a client that stalls
      }
      pulled++;
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, pulled: () => pulled, cancelled: () => cancelled };
}

const put = (body: BodyInit, headers: Record<string, string> = {}) => new Request("http://x/", { method: "PUT", body, headers, duplex: "half" } as RequestInit);

describe("readTextWithin", () => {
  it("returns the whole body when it fits, multi-byte characters included", async () => {
    const stream = streamOf(['{"a":', '"é€😀"}']);
    expect(await readTextWithin(put(stream.body), 100)).toBe('{"a":"é€😀"}');
    expect(await readTextWithin(put("x".repeat(10)), 10)).toBe("x".repeat(10));
  });

  it("stops reading at the first chunk past the limit, and cancels the rest", async () => {
    const stream = streamOf(["a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60)], { end: false });
    expect(await readTextWithin(put(stream.body), 100)).toBeNull();
    expect(stream.pulled()).toBe(2);
    expect(stream.cancelled()).toBe(true);
  });

  it("counts bytes, not characters", async () => {
    expect(await readTextWithin(put("é".repeat(6)), 11)).toBeNull();
    expect(await readTextWithin(put("é".repeat(6)), 12)).toBe("é".repeat(6));
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const stream = streamOf(["small"], { end: false });
    expect(await readTextWithin(put(stream.body, { "content-length": "1000000" }), 100)).toBeNull();
    expect(stream.pulled()).toBe(0);
  });

  it("reads an empty body as empty text", async () => {
    expect(await readTextWithin(new Request("http://x/", { method: "PUT" }), 10)).toBe("");
  });
});

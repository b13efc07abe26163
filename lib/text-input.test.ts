import { describe, expect, it } from "vitest";
import { withoutNul, withoutNulDeep } from "./text-input";

describe("text without U+0000", () => {
  it("drops it from a string and from every string in plain data, and leaves the rest alone", () => {
    expect(withoutNul("a\0b\0")).toBe("ab");
    expect(withoutNul("plain")).toBe("plain");
    expect(withoutNulDeep({ title: "T\0", list: ["x\0y", 3, null, { "k\0": true }] })).toEqual({ title: "T", list: ["xy", 3, null, { k: true }] });
  });
});

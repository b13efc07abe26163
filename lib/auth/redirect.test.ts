import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirect";

const origin = "http://localhost:3000";

describe("safeRedirectPath", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirectPath("/join/ABC234", origin)).toBe("/join/ABC234");
    expect(safeRedirectPath("http://localhost:3000/teach?x=1", origin)).toBe("/teach?x=1");
  });
  it("sends everything else home", () => {
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example/teach", "javascript:alert(1)", "foo", "", undefined, null]) {
      expect(safeRedirectPath(bad, origin), String(bad)).toBe("/");
    }
  });
});

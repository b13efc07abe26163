import { describe, expect, it } from "vitest";
import { formatJoinCode, generateJoinCode, JOIN_CODE_ALPHABET, normalizeJoinCode } from "./join-code";
import { joinCodeSchema } from "./validation";

describe("join codes", () => {
  it("are 6 characters with none of 0 O 1 I L", () => {
    for (let i = 0; i < 500; i++) {
      const code = generateJoinCode();
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      expect(code).not.toMatch(/[0O1IL]/);
    }
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[0O1IL]/);
  });
  it("accept what people type", () => {
    expect(normalizeJoinCode(" abc-234 ")).toBe("ABC234");
    expect(joinCodeSchema.parse("abc 234")).toBe("ABC234");
    expect(formatJoinCode("ABC234")).toBe("ABC-234");
  });
  it("refuse what cannot be a code", () => {
    expect(joinCodeSchema.safeParse("ABC10O").success).toBe(false);
    expect(joinCodeSchema.safeParse("AB").success).toBe(false);
    expect(joinCodeSchema.safeParse("x".repeat(100)).success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { isSetupCode, setupCode } from "./setup-code";

describe("the first-run setup code", () => {
  it("is three groups of four, the same for one secret and different for another", () => {
    const code = setupCode("a secret");
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(setupCode("a secret")).toBe(code);
    expect(setupCode("another secret")).not.toBe(code);
  });

  it("is accepted however it is typed, and nothing else is", () => {
    const code = setupCode("a secret");
    for (const typed of [code, code.toLowerCase(), code.replaceAll("-", ""), ` ${code.replaceAll("-", " ")} `]) expect(isSetupCode(typed, "a secret")).toBe(true);
    for (const wrong of [setupCode("another secret"), "", code.slice(0, -1), `${code}X`, null, undefined, 42, "x".repeat(1000)]) expect(isSetupCode(wrong, "a secret")).toBe(false);
  });
});

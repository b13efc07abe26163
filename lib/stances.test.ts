import { describe, expect, it } from "vitest";
import { sideName, stanceWithSide } from "./stances";

describe("side names", () => {
  it("say the side once: a label that already names it is shown alone", () => {
    expect(sideName("for", { for: "For", against: "Against" })).toBe("For");
    expect(sideName("against", { for: "For", against: "Against" })).toBe("Against");
    expect(sideName("for", { for: "for the motion", against: "x" })).toBe("for the motion");
    expect(sideName("for", { for: "Keep evening hours", against: "Cut hours" })).toBe("For: Keep evening hours");
    expect(sideName("against", { for: "Keep", against: "Cut hours" }, { lower: true })).toBe("against: Cut hours");
    // A label that merely starts with the letters is not the side's name.
    expect(sideName("for", { for: "Fortify the border", against: "x" })).toBe("For: Fortify the border");
  });

  it("and a stance never repeats a bare side label", () => {
    expect(stanceWithSide(5, { for: "For", against: "Against" })).toBe("Strongly for");
    expect(stanceWithSide(2, { for: "For", against: "Against" })).toBe("Somewhat against");
    expect(stanceWithSide(4, { for: "Incremental steps", against: "All or nothing" })).toBe("Somewhat for (Incremental steps)");
    expect(stanceWithSide(3, { for: "For", against: "Against" })).toBe("Undecided");
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decimalScoreSchema, idFieldSchema, wholeNumberSchema } from "./validation";

const parse = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? { value: result.data } : { error: result.error.issues[0]?.message };
};

describe("decimalScoreSchema", () => {
  it("reads plain decimals", () => {
    for (const [text, value] of [["0", 0], ["2", 2], ["1.5", 1.5], ["0.25", 0.25], [".5", 0.5], ["10", 10], ["007", 7]] as const)
      expect(parse(decimalScoreSchema, text)).toEqual({ value });
  });

  it("asks for a score when the field is blank or missing", () => {
    for (const blank of ["", " ", "\t", "\u00a0", undefined]) expect(parse(decimalScoreSchema, blank)).toEqual({ error: "Enter a score." });
  });

  it("refuses anything else that Number() would accept", () => {
    for (const bad of ["0x2", "0b1", "0o7", "1e3", "2e-1", "Infinity", "NaN", "-1", "+1", " 2", "2 ", "1.", "1,5", "1.2.3", "½", "２", "1_000", "9".repeat(13)])
      expect(parse(decimalScoreSchema, bad), JSON.stringify(bad)).toEqual({ error: "Enter the score as a plain number, like 2 or 1.5." });
    expect(parse(decimalScoreSchema, 2)).toEqual({ error: "Enter a score." });
  });
});

describe("idFieldSchema", () => {
  it("reads positive integers written plainly", () => {
    expect(parse(idFieldSchema, "1")).toEqual({ value: 1 });
    expect(parse(idFieldSchema, "123456")).toEqual({ value: 123456 });
  });

  it("refuses what lib/ids.ts parseId refuses", () => {
    for (const bad of ["", " ", "0", "01", "-1", "1.0", "1.5", "0x2", "1e3", " 1", "1 ", "Infinity", "99999999999999999", undefined, 1])
      expect(parse(idFieldSchema, bad), JSON.stringify(bad)).toEqual({ error: "That request could not be read." });
  });
});

describe("wholeNumberSchema", () => {
  const stance = wholeNumberSchema("Choose where you stand.").pipe(z.number().min(1, "Choose where you stand.").max(5, "Choose where you stand."));

  it("reads whole numbers, narrowed by a pipe", () => {
    expect(parse(wholeNumberSchema("Count?"), "0")).toEqual({ value: 0 });
    expect(parse(stance, "3")).toEqual({ value: 3 });
  });

  it("refuses blanks, hex, fractions and out-of-range values with the caller's message", () => {
    for (const bad of ["", " ", "0x2", "2.0", "2.5", "-1", "1e0", "0", "6", undefined]) expect(parse(stance, bad), JSON.stringify(bad)).toEqual({ error: "Choose where you stand." });
  });
});

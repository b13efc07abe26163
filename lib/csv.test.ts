import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { neutralizeFormula, toCsv } from "./csv";

describe("CSV export", () => {
  it("neutralizes text that a spreadsheet would run as a formula", () => {
    for (const risky of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"]) expect(neutralizeFormula(risky)).toBe(`'${risky}`);
    expect(neutralizeFormula("Fine text")).toBe("Fine text");
    expect(neutralizeFormula(-2)).toBe(-2);
    expect(neutralizeFormula(null)).toBe("");
  });

  it("is RFC 4180 with a BOM, and parses back to the same cells", () => {
    const csv = toCsv(["name", "answer", "score"], [
      ["Chloé “Clo” Martin", 'He said "no", then left.\nNew line', 1.5],
      ["=HYPERLINK(\"x\")", "comma, inside", null],
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("\r\n");
    expect(csv).toContain('"He said ""no"", then left.\nNew line"');
    const rows = parse(csv.slice(1), { relax_column_count: false }) as string[][];
    expect(rows).toEqual([
      ["name", "answer", "score"],
      ["Chloé “Clo” Martin", 'He said "no", then left.\nNew line', "1.5"],
      ["'=HYPERLINK(\"x\")", "comma, inside", ""],
    ]);
  });
});

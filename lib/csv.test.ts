import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { neutralizeFormula, toCsv } from "./csv";

/*
 * A strict RFC 4180 reader: bad quoting or a row of the wrong length is an error, and a CR or LF outside
 * quotes ends a record, as it does in Excel and Google Sheets, so an unquoted line break shows up as a
 * short row instead of passing unnoticed.
 */
function parseStrict(csv: string): string[][] {
  expect(csv.startsWith("\uFEFF")).toBe(true);
  return parse(csv.slice(1), {
    relax_quotes: false,
    relax_column_count: false,
    skip_empty_lines: false,
    record_delimiter: ["\r\n", "\n", "\r"],
  }) as string[][];
}

describe("CSV formula guard", () => {
  it("neutralizes text that a spreadsheet would run as a formula", () => {
    for (const risky of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", "\tplain", "\rplain"]) expect(neutralizeFormula(risky)).toBe(`'${risky}`);
  });

  it("looks past blanks to the first real character, and knows the full-width signs", () => {
    const risky = ["  =1+1", "\u00a0=1+1", "\n=1+1", "\r\n=1+1", " \t @x", "\u3000+1", "\u2003-1", "\u200b=1", "\uFEFF=1", "＝1+1", "＋1", "－1", "＠cmd", "  ＝1"];
    for (const value of risky) expect(neutralizeFormula(value), JSON.stringify(value)).toBe(`'${value}`);
  });

  it("leaves other text, numbers and blanks alone", () => {
    for (const fine of ["Fine text", "  two spaces", "1+1=2", "a=b", "", "   ", "it's -ok-"]) expect(neutralizeFormula(fine)).toBe(fine);
    expect(neutralizeFormula(-2)).toBe(-2);
    expect(neutralizeFormula(1.5)).toBe(1.5);
    expect(neutralizeFormula(0)).toBe(0);
    expect(neutralizeFormula(null)).toBe("");
    expect(neutralizeFormula(undefined)).toBe("");
  });
});

describe("CSV export", () => {
  it("quotes every field holding a comma, quote, CR or LF, so that a strict reader gets the same cells back", () => {
    const fields = ["a,b", 'say "hi"', "line\nfeed", "carriage\rreturn", "both\r\nends", "trailing\n", "\nleading", "plain"];
    const csv = toCsv(["n", "text"], fields.map((text, i) => [i, text]));
    expect(parseStrict(csv)).toEqual([["n", "text"], ...fields.map((text, i) => [String(i), text])]);
    for (const text of fields.slice(0, -1)) expect(csv).toContain(`"${text.replace(/"/g, '""')}"`);
    expect(csv).toContain("7,plain\r\n");
  });

  it("keeps one record per row, CRLF-terminated, with numbers unquoted", () => {
    const csv = toCsv(["name", "answer", "score"], [
      ["Chloé “Clo” Martin", 'He said "no", then left.\nNew line', 1.5],
      ["=HYPERLINK(\"x\")", "  =1+1", null],
      ["Ben", "first\nsecond\r\nthird", -2],
    ]);
    expect(csv.replace(/"(?:[^"]|"")*"/g, "").split("\r\n")).toHaveLength(5);
    expect(csv).toContain(",1.5\r\n");
    expect(csv).toContain(",-2\r\n");
    expect(parseStrict(csv)).toEqual([
      ["name", "answer", "score"],
      ["Chloé “Clo” Martin", 'He said "no", then left.\nNew line', "1.5"],
      ["'=HYPERLINK(\"x\")", "'  =1+1", ""],
      ["Ben", "first\nsecond\r\nthird", "-2"],
    ]);
  });

  it("neutralizes a formula that follows a line break inside a quoted field", () => {
    const csv = toCsv(["answer"], [["\n=cmd|' /C calc'!A0"], ["＝1+1, with a comma"]]);
    expect(parseStrict(csv)).toEqual([["answer"], ["'\n=cmd|' /C calc'!A0"], ["'＝1+1, with a comma"]]);
  });
});

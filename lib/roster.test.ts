import { describe, expect, it } from "vitest";
import { parseRoster, ROSTER_MAX_ROWS } from "./roster";

describe("roster CSV", () => {
  it("reads names, usernames and optional passwords, with a BOM and any column order", () => {
    expect(parseRoster("\uFEFFUsername,Display name,Password\r\nana.b,Ana Bell,\r\nbo.jr,\"Bo, Jr.\",long enough pw\r\n")).toEqual({
      ok: true,
      rows: [
        { line: 2, displayName: "Ana Bell", username: "ana.b" },
        { line: 3, displayName: "Bo, Jr.", username: "bo.jr", password: "long enough pw" },
      ],
    });
  });

  it("reports every bad row with its line number", () => {
    const result = parseRoster("name,username,password\nGood One,good.one,\n,no.name,\nShort Pw,short.pw,abc\nBad User,bad user!,\nDup,good.one,\n");
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 3, message: "Enter a name." },
        { line: 4, message: "Password must be at least 8 characters." },
        { line: 5, message: expect.stringMatching(/Username may use only/) },
        { line: 6, message: 'The username "good.one" is also on line 2.' },
      ],
    });
  });

  it("refuses a file without the needed columns, an empty file, binary data and too many rows", () => {
    expect(parseRoster("first,last\nA,B\n")).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringContaining('"display name" and "username"') }] });
    expect(parseRoster("")).toMatchObject({ ok: false, problems: [{ message: "The file is empty." }] });
    expect(parseRoster("PK\u0003\u0004\u0000\u0000binary")).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining("not a CSV") }] });
    const many = ["name,username", ...Array.from({ length: 10_000 }, (_, i) => `S${i},s${i}`)].join("\n");
    expect(parseRoster(many)).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/too large|Too many rows/) }] });
    const justOver = ["name,username", ...Array.from({ length: ROSTER_MAX_ROWS + 1 }, (_, i) => `S${i},s${i}`)].join("\n");
    expect(parseRoster(justOver)).toMatchObject({ ok: false, problems: [{ message: `Too many rows: ${ROSTER_MAX_ROWS + 1}. Import at most ${ROSTER_MAX_ROWS} students at a time.` }] });
  });

  it("numbers lines as the file does, past blank lines and multi-line fields", () => {
    expect(parseRoster('name,username\n\n"Two\nLines",two.lines\n,nobody\n')).toEqual({ ok: false, problems: [{ line: 5, message: "Enter a name." }] });
  });

  it("refuses text that is not CSV at all", () => {
    expect(parseRoster('name,username\n"unclosed,quote\n')).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining("not valid CSV") }] });
  });
});

import { describe, expect, it } from "vitest";
import { normaliseHeader, parseRoster, ROSTER_MAX_ROWS } from "./roster";

describe("roster CSV", () => {
  it("reads names, usernames and optional passwords, with a BOM and any column order", () => {
    expect(parseRoster("\uFEFFUsername,Display name,Password\r\nana.b,Ana Bell,\r\nbo.jr,\"Bo, Jr.\",long enough pw\r\n")).toEqual({
      ok: true,
      rows: [
        { line: 2, displayName: "Ana Bell", username: "ana.b", usernameFrom: "username" },
        { line: 3, displayName: "Bo, Jr.", username: "bo.jr", usernameFrom: "username", password: "long enough pw" },
      ],
    });
  });

  it("reports every bad row with its line number and the line's text", () => {
    const result = parseRoster("name,username,password\nGood One,good.one,\n,no.name,\nShort Pw,short.pw,abc\nBad User,bad user!,\nDup,good.one,\n,,\n");
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 3, message: "Enter a name.", text: ",no.name," },
        { line: 4, message: "Password must be at least 8 characters.", text: "Short Pw,short.pw,abc" },
        { line: 5, message: expect.stringMatching(/Username may use only/), text: "Bad User,bad user!," },
        { line: 6, message: 'The username "good.one" is also on line 2.', text: "Dup,good.one," },
        { line: 7, message: "Enter a name.", text: ",," },
        { line: 7, message: "Username must be at least 3 characters.", text: ",," },
      ],
    });
  });

  it("refuses a file without the needed columns, an empty file, binary data and too many rows", () => {
    expect(parseRoster("first,last\nA,B\n")).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringContaining('one to make usernames from ("username", "email" or "student ID")') }] });
    expect(parseRoster("email,grade\na@b.org,7\n")).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringContaining('one for names ("display name", or "first name" and "last name")') }] });
    expect(parseRoster("colour,size\nred,7\n")).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringMatching(/needs columns: one for names .* and one to make usernames .*\(found: colour, size\)/) }] });
    expect(parseRoster("")).toMatchObject({ ok: false, problems: [{ message: "The file is empty." }] });
    expect(parseRoster("PK\u0003\u0004\u0000\u0000binary")).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining("not a CSV") }] });
    const many = ["name,username", ...Array.from({ length: 10_000 }, (_, i) => `S${i},s${i}`)].join("\n");
    expect(parseRoster(many)).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/too large|Too many rows/) }] });
    const justOver = ["name,username", ...Array.from({ length: ROSTER_MAX_ROWS + 1 }, (_, i) => `S${i},s${i}`)].join("\n");
    expect(parseRoster(justOver)).toMatchObject({ ok: false, problems: [{ message: `Too many rows: ${ROSTER_MAX_ROWS + 1}. Import at most ${ROSTER_MAX_ROWS} students at a time.` }] });
  });

  it("numbers lines as the file does, past blank lines and multi-line fields", () => {
    expect(parseRoster('name,username\n\n"Two\nLines",two.lines\n,nobody\n')).toMatchObject({ ok: false, problems: [{ line: 5, message: "Enter a name." }] });
  });

  it("refuses text that is not CSV at all", () => {
    expect(parseRoster('name,username\n"unclosed,quote\n')).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining("not valid CSV") }] });
  });
});

describe("roster CSV from a school system (SIS)", () => {
  const sis = (header: string, ...rows: string[]) => parseRoster([header, ...rows].join("\n"));

  it("reads first name, last name, email and student ID in any order and any case, making the username from the email", () => {
    expect(sis("Student ID,Email,Last Name,First Name", "10442,Ana.Bell@school.org,Bell,Ana", "10443,bo.chen@school.org,Chen,Bo")).toEqual({
      ok: true,
      rows: [
        { line: 2, displayName: "Ana Bell", username: "ana.bell", usernameFrom: "email" },
        { line: 3, displayName: "Bo Chen", username: "bo.chen", usernameFrom: "email" },
      ],
    });
    expect(sis("LAST NAME,first name,EMAIL", "Bell,Ana,ana@school.org")).toMatchObject({ ok: true, rows: [{ displayName: "Ana Bell", username: "ana" }] });
  });

  it.each([
    ["First Name,Last Name,Email"],
    ["first_name,last_name,email"],
    ["firstname,lastname,e-mail"],
    ["Given name,Surname,Email Address"],
    ["Forename,Family name,E-Mail"],
    ["FIRST,LAST,Student Email"],
  ])("understands the header %s", (header) => {
    expect(sis(header, "Ana,Bell,ana.bell@school.org")).toEqual({ ok: true, rows: [{ line: 2, displayName: "Ana Bell", username: "ana.bell", usernameFrom: "email" }] });
  });

  it.each([["Student ID"], ["student_id"], ["Student Number"], ["StudentID"], ["ID"], ["SIS ID"]])("makes the username from the student ID (%s) when there is no email", (idHeader) => {
    expect(sis(`First Name,Last Name,${idHeader}`, "Ana,Bell,S10442")).toEqual({ ok: true, rows: [{ line: 2, displayName: "Ana Bell", username: "s10442", usernameFrom: "student id" }] });
  });

  it("takes, for each row, the username column first, then the email, then the student ID", () => {
    expect(sis("First name,Last name,Username,Email,Student ID", "Ana,Bell,ana.b,ana.bell@school.org,10442", "Bo,Chen,,bo.chen@school.org,10443", "Cy,Diaz,,,10444")).toMatchObject({
      ok: true,
      rows: [
        { username: "ana.b", usernameFrom: "username" },
        { username: "bo.chen", usernameFrom: "email" },
        { username: "10444", usernameFrom: "student id" },
      ],
    });
  });

  it("prefers a display name column to first and last name, and takes either name alone", () => {
    expect(sis("Display name,First name,Last name,Email", "Ana B.,Ana,Bell,ana@school.org")).toMatchObject({ ok: true, rows: [{ displayName: "Ana B." }] });
    expect(sis("First name,Last name,Email", "Madonna,,madonna@school.org", ",Bell,bell@school.org")).toMatchObject({ ok: true, rows: [{ displayName: "Madonna" }, { displayName: "Bell" }] });
  });

  it("reports each line's problems: no name, a bad email, nothing to make a username from, a short ID, a clash in the file", () => {
    const result = sis(
      "First name,Last name,Email,Student ID",
      "Ana,Bell,ana@school.org,1",
      ",,nobody@school.org,2",
      "Bo,Chen,not-an-email,3",
      "Cy,Diaz,,",
      "Di,Eng,,42",
      "Ana,Other,ana@elsewhere.org,5",
      "Ed,Fox,ed+x@school.org,6",
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 3, message: "Enter a name.", text: ",,nobody@school.org,2" },
        { line: 4, message: '"not-an-email" is not an email address.', text: "Bo,Chen,not-an-email,3" },
        { line: 5, message: "Enter an email or a student ID: the username is made from it.", text: "Cy,Diaz,," },
        { line: 6, message: 'The username made from the student id ("42") does not work. Username must be at least 3 characters.', text: "Di,Eng,,42" },
        { line: 7, message: 'The username "ana" is also on line 2.', text: "Ana,Other,ana@elsewhere.org,5" },
        { line: 8, message: expect.stringMatching(/^The username made from the email \("ed\+x"\) does not work\. Username may use only/), text: "Ed,Fox,ed+x@school.org,6" },
      ],
    });
  });

  it("normalises headers: case, underscores, dashes, dots and spaces", () => {
    expect(["First_Name", " LAST-NAME ", "E.Mail", "Student  ID"].map(normaliseHeader)).toEqual(["first name", "last name", "e mail", "student id"]);
  });
});

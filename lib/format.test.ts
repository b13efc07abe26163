import { describe, expect, it } from "vitest";
import { parseLocalDateTime } from "./format";

describe("parseLocalDateTime", () => {
  it("reads a datetime-local value in the server's time zone", () => {
    expect(parseLocalDateTime("2030-05-01T09:30")).toBe(new Date(2030, 4, 1, 9, 30).getTime());
  });
  it("refuses what is not a real date and time", () => {
    for (const bad of ["2030-02-30T09:00", "2030-13-01T09:00", "2030-05-01T25:00", "tomorrow", "2030-05-01", ""]) expect(parseLocalDateTime(bad), bad).toBeNull();
  });
});

describe("toLocalDateTime", () => {
  it("is what parseLocalDateTime reads back", async () => {
    const { toLocalDateTime } = await import("./format");
    const ms = new Date(2030, 4, 1, 9, 30).getTime();
    expect(toLocalDateTime(ms)).toBe("2030-05-01T09:30");
    expect(parseLocalDateTime(toLocalDateTime(ms))).toBe(ms);
  });
});

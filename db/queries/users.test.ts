import { afterAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-support";
import { completeSetup, isSetupOpen, insertUser, SetupClosedError, UsernameTakenError } from "./users";
import { signUpStudent, BadJoinCodeError } from "./accounts";
import { users } from "../schema";

const t = openTestDatabase();
afterAll(() => t.close());

describe("first-run setup", () => {
  it("creates one instructor, then closes for good", () => {
    expect(isSetupOpen(t.db)).toBe(true);
    completeSetup(t.db, { username: "first", displayName: "First", passwordHash: "x" });
    expect(isSetupOpen(t.db)).toBe(false);
    expect(() => completeSetup(t.db, { username: "second", displayName: "Second", passwordHash: "x" })).toThrow(SetupClosedError);
    expect(t.db.select().from(users).all().map((u) => u.username)).toEqual(["first"]);
  });
});

describe("accounts", () => {
  it("refuse a taken username, whatever its case", () => {
    expect(() => insertUser(t.db, { username: "FIRST", displayName: "Again", passwordHash: "x", role: "student" })).toThrow(UsernameTakenError);
  });

  it("sign-up with a bad code creates no account", () => {
    const before = t.db.select().from(users).all().length;
    expect(() => signUpStudent(t.db, "ZZZZZZ", { username: "newbie", displayName: "Newbie", passwordHash: "x" })).toThrow(BadJoinCodeError);
    expect(t.db.select().from(users).all()).toHaveLength(before);
  });
});

describe("wrong join codes", () => {
  it("are limited per address within a window", async () => {
    const { isJoinThrottled, recordWrongJoinCode, JOIN_LIMITS } = await import("./login-throttle");
    const now = 9_000_000;
    for (let i = 0; i < JOIN_LIMITS.failures; i++) {
      expect(isJoinThrottled(t.db, "192.0.2.1", now)).toBe(false);
      recordWrongJoinCode(t.db, "192.0.2.1", now);
    }
    expect(isJoinThrottled(t.db, "192.0.2.1", now)).toBe(true);
    expect(isJoinThrottled(t.db, "192.0.2.2", now)).toBe(false);
    expect(isJoinThrottled(t.db, "192.0.2.1", now + JOIN_LIMITS.windowMs)).toBe(false);
    recordWrongJoinCode(t.db, "192.0.2.1", now + JOIN_LIMITS.windowMs + 1);
    expect(isJoinThrottled(t.db, "192.0.2.1", now + JOIN_LIMITS.windowMs + 1)).toBe(false);
  });
});

describe("reading prefs", () => {
  it("are the defaults until saved, then a student's own, and never an instructor's", async () => {
    const { getReadingPrefs, setReadingPrefs } = await import("./users");
    const { DEFAULT_READING_PREFS } = await import("@/lib/reading-prefs");
    const student = insertUser(t.db, { username: "reader", displayName: "Reader", passwordHash: "x", role: "student" });
    const other = insertUser(t.db, { username: "reader2", displayName: "Other reader", passwordHash: "x", role: "student" });
    const teacher = insertUser(t.db, { username: "teacher-reader", displayName: "Teacher", passwordHash: "x", role: "instructor" });
    expect(getReadingPrefs(t.db, student.id)).toEqual(DEFAULT_READING_PREFS);
    const prefs = { size: "largest", spacing: "wider", theme: "contrast", font: "readable" } as const;
    expect(setReadingPrefs(t.db, student.id, prefs)).toBe(true);
    expect(getReadingPrefs(t.db, student.id)).toEqual(prefs);
    expect(getReadingPrefs(t.db, other.id)).toEqual(DEFAULT_READING_PREFS);
    expect(setReadingPrefs(t.db, teacher.id, prefs)).toBe(false);
    expect(getReadingPrefs(t.db, teacher.id)).toEqual(DEFAULT_READING_PREFS);
  });
});

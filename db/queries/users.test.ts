import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../test-support";
import { completeSetup, isSetupOpen, insertUser, SetupClosedError, UsernameTakenError } from "./users";
import { signUpStudent, BadJoinCodeError } from "./accounts";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

const allUsers = () => t.db.all(t.db.q.select().from(t.db.t.users));

describe("first-run setup", () => {
  it("creates one instructor, then closes for good", async () => {
    expect(await isSetupOpen(t.db)).toBe(true);
    await completeSetup(t.db, { username: "first", displayName: "First", passwordHash: "x" });
    expect(await isSetupOpen(t.db)).toBe(false);
    await expect(completeSetup(t.db, { username: "second", displayName: "Second", passwordHash: "x" })).rejects.toThrow(SetupClosedError);
    expect((await allUsers()).map((u) => u.username)).toEqual(["first"]);
  });
});

describe("accounts", () => {
  it("refuse a taken username, whatever its case", async () => {
    await expect(insertUser(t.db, { username: "FIRST", displayName: "Again", passwordHash: "x", role: "student" })).rejects.toThrow(UsernameTakenError);
  });

  it("sign-up with a bad code creates no account", async () => {
    const before = (await allUsers()).length;
    await expect(signUpStudent(t.db, "ZZZZZZ", { username: "newbie", displayName: "Newbie", passwordHash: "x" })).rejects.toThrow(BadJoinCodeError);
    expect(await allUsers()).toHaveLength(before);
  });
});

describe("wrong join codes", () => {
  it("are limited per address within a window", async () => {
    const { isJoinThrottled, recordWrongJoinCode, JOIN_LIMITS } = await import("./login-throttle");
    const now = 9_000_000;
    for (let i = 0; i < JOIN_LIMITS.failures; i++) {
      expect(await isJoinThrottled(t.db, "192.0.2.1", now)).toBe(false);
      await recordWrongJoinCode(t.db, "192.0.2.1", now);
    }
    expect(await isJoinThrottled(t.db, "192.0.2.1", now)).toBe(true);
    expect(await isJoinThrottled(t.db, "192.0.2.2", now)).toBe(false);
    expect(await isJoinThrottled(t.db, "192.0.2.1", now + JOIN_LIMITS.windowMs)).toBe(false);
    await recordWrongJoinCode(t.db, "192.0.2.1", now + JOIN_LIMITS.windowMs + 1);
    expect(await isJoinThrottled(t.db, "192.0.2.1", now + JOIN_LIMITS.windowMs + 1)).toBe(false);
  });
});

describe("reading prefs", () => {
  it("are the defaults until saved, then a student's own, and never an instructor's", async () => {
    const { getReadingPrefs, setReadingPrefs } = await import("./users");
    const { DEFAULT_READING_PREFS } = await import("@/lib/reading-prefs");
    const student = await insertUser(t.db, { username: "reader", displayName: "Reader", passwordHash: "x", role: "student" });
    const other = await insertUser(t.db, { username: "reader2", displayName: "Other reader", passwordHash: "x", role: "student" });
    const teacher = await insertUser(t.db, { username: "teacher-reader", displayName: "Teacher", passwordHash: "x", role: "instructor" });
    expect(await getReadingPrefs(t.db, student.id)).toEqual(DEFAULT_READING_PREFS);
    const prefs = { size: "largest", spacing: "wider", theme: "contrast", font: "readable" } as const;
    expect(await setReadingPrefs(t.db, student.id, prefs)).toBe(true);
    expect(await getReadingPrefs(t.db, student.id)).toEqual(prefs);
    expect(await getReadingPrefs(t.db, other.id)).toEqual(DEFAULT_READING_PREFS);
    expect(await setReadingPrefs(t.db, teacher.id, prefs)).toBe(false);
    expect(await getReadingPrefs(t.db, teacher.id)).toEqual(DEFAULT_READING_PREFS);
  });
});

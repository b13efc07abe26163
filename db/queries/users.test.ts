import { afterAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-support";
import { claimLoginAttempt, LOGIN_LIMITS, loginThrottleKeys, releaseLoginAttempt } from "./login-throttle";
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

describe("the sign-in limit", () => {
  it("stops an account after its failures, whatever the address, until the window passes", () => {
    const now = 1_000_000;
    const keys = (address: string) => loginThrottleKeys("victim", address);
    for (let i = 0; i < LOGIN_LIMITS.account; i++) expect(claimLoginAttempt(t.db, [keys(`10.0.0.${i}`).account, keys(`10.0.0.${i}`).address], now)).toBe(true);
    expect(claimLoginAttempt(t.db, [keys("10.0.1.1").account, keys("10.0.1.1").address], now + 1000)).toBe(false);
    expect(claimLoginAttempt(t.db, [keys("10.0.1.1").account], now + LOGIN_LIMITS.windowMs + 1)).toBe(true);
  });

  it("stops an address spraying many accounts, and a success gives its attempt back", () => {
    const now = 5_000_000;
    for (let i = 0; i < LOGIN_LIMITS.address - 1; i++) {
      const k = loginThrottleKeys(`user${i}`, "198.51.100.9");
      expect(claimLoginAttempt(t.db, [k.account, k.address], now)).toBe(true);
    }
    const good = loginThrottleKeys("gooduser", "198.51.100.9");
    expect(claimLoginAttempt(t.db, [good.account, good.address], now)).toBe(true);
    releaseLoginAttempt(t.db, good.account.key, good.address.key);
    const last = loginThrottleKeys("another", "198.51.100.9");
    expect(claimLoginAttempt(t.db, [last.account, last.address], now)).toBe(true);
    const over = loginThrottleKeys("onemore", "198.51.100.9");
    expect(claimLoginAttempt(t.db, [over.account, over.address], now)).toBe(false);
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

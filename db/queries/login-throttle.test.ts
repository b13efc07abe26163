import { afterAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-support";
import {
  beginPasswordCheck,
  finishPasswordCheck,
  isSignUpThrottled,
  JOIN_LIMITS,
  liftSignInLock,
  LOGIN_LIMITS,
  lockedUsernames,
  recordSignUp,
} from "./login-throttle";

const t = openTestDatabase();
afterAll(() => t.close());

/** One whole sign-in through the throttle: refused (null), or the password checked (true/false). */
function signIn(username: string, address: string, correct: boolean, now: number, device?: string): boolean | null {
  if (!beginPasswordCheck(t.db, username, address, device, now)) return null;
  finishPasswordCheck(t.db, username, address, correct, device, now);
  return correct;
}

describe("the sign-in limits", () => {
  it("never refuse a class signing in at once from one address, however many are in flight", () => {
    const now = 1_000_000;
    // 300 students start at the same moment: every check begins before any finishes.
    for (let i = 0; i < 300; i++) expect(beginPasswordCheck(t.db, `class-${i}`, "10.1.1.1", undefined, now)).toBe(true);
    for (let i = 0; i < 300; i++) finishPasswordCheck(t.db, `class-${i}`, "10.1.1.1", true, undefined, now);
    // A few typos along the way refuse no one else.
    for (let i = 0; i < 20; i++) expect(signIn(`typo-${i}`, "10.1.1.1", false, now)).toBe(false);
    expect(signIn("class-0", "10.1.1.1", true, now)).toBe(true);
  });

  it("stop guessing at one account from one address, and never lock the student's own device", () => {
    const now = 2_000_000;
    // A classmate on the same school network guesses at the student's account from a device of their own.
    for (let i = 0; i < LOGIN_LIMITS.pair; i++) expect(signIn("victim", "10.2.2.2", false, now)).toBe(false);
    expect(signIn("victim", "10.2.2.2", true, now)).toBeNull(); // even the right password, from a new device there
    expect(signIn("victim", "10.2.2.2", true, now, "students-chromebook")).toBe(true); // the student's own device
    expect(signIn("victim", "192.0.2.7", true, now)).toBe(true); // another address
    expect(signIn("victim", "10.2.2.2", true, now + LOGIN_LIMITS.windowMs + 1)).toBe(true); // the window passes
  });

  it("hold a known device to its own limit", () => {
    const now = 2_500_000;
    for (let i = 0; i < LOGIN_LIMITS.device; i++) expect(signIn("stolen", "10.2.2.3", false, now, "lost-phone")).toBe(false);
    expect(signIn("stolen", "10.2.2.3", true, now, "lost-phone")).toBeNull();
    expect(signIn("stolen", "10.2.2.3", true, now, "home-laptop")).toBe(true);
    expect(signIn("stolen", "10.2.2.3", true, now)).toBe(true); // the device's failures are its own
  });

  it("count parallel guesses before the slow check, so they cannot slip past the pair limit", () => {
    const now = 3_000_000;
    let claimed = 0;
    for (let i = 0; i < 50; i++) if (beginPasswordCheck(t.db, "raced", "203.0.113.8", undefined, now)) claimed++;
    expect(claimed).toBe(LOGIN_LIMITS.pair);
  });

  it("stop guessing spread over many addresses, except on the account's own devices", () => {
    const now = 4_000_000;
    for (let i = 0; i < LOGIN_LIMITS.account; i++) expect(signIn("spread", `198.18.${i >> 8}.${i & 255}`, false, now)).toBe(false);
    expect(signIn("spread", "198.18.9.9", true, now)).toBeNull();
    expect(signIn("spread", "198.18.9.9", true, now, "own-device")).toBe(true);
  });

  it("stop an address spraying many accounts, counting failures only, without refusing the accounts' own devices", () => {
    const now = 5_000_000;
    for (let i = 0; i < LOGIN_LIMITS.address; i++) expect(signIn(`sprayed-${i}`, "198.51.100.9", false, now)).toBe(false);
    expect(signIn("newcomer", "198.51.100.9", true, now)).toBeNull();
    expect(signIn("regular", "198.51.100.9", true, now, "regulars-laptop")).toBe(true);
    expect(signIn("newcomer", "198.51.100.10", true, now)).toBe(true);
  });

  it("can be lifted for one account, everywhere", () => {
    const now = 6_000_000;
    for (let i = 0; i < LOGIN_LIMITS.pair; i++) signIn("lifted_one", "203.0.113.9", false, now);
    for (let i = 0; i < LOGIN_LIMITS.pair; i++) signIn("lifted-one", "203.0.113.9", false, now);
    expect(lockedUsernames(t.db, now).has("lifted_one")).toBe(true);
    liftSignInLock(t.db, "lifted_one");
    expect(lockedUsernames(t.db, now).has("lifted_one")).toBe(false);
    expect(signIn("lifted_one", "203.0.113.9", true, now)).toBe(true);
    // "_" is not a wildcard: the look-alike account stays locked.
    expect(lockedUsernames(t.db, now).has("lifted-one")).toBe(true);
    expect(signIn("lifted-one", "203.0.113.9", true, now)).toBeNull();
  });
});

describe("sign-ups per address", () => {
  it("are counted generously within a window", () => {
    const now = 9_000_000;
    for (let i = 0; i < JOIN_LIMITS.signUps; i++) {
      expect(isSignUpThrottled(t.db, "192.0.2.9", now)).toBe(false);
      recordSignUp(t.db, "192.0.2.9", now);
    }
    expect(isSignUpThrottled(t.db, "192.0.2.9", now)).toBe(true);
    expect(isSignUpThrottled(t.db, "192.0.2.10", now)).toBe(false);
    expect(isSignUpThrottled(t.db, "192.0.2.9", now + JOIN_LIMITS.windowMs)).toBe(false);
  });
});

describe("the sign-in path's own cost", () => {
  it("forgets passed windows through an index, not by reading every row of the throttle", () => {
    // The statement every sign-in begins with (forgetExpired), as SQLite plans it.
    const plan = t.db.$client
      .prepare("explain query plan delete from login_throttle where window_start < ?")
      .all(0)
      .map((r) => (r as { detail: string }).detail)
      .join("\n");
    expect(plan).toMatch(/USING (COVERING )?INDEX login_throttle_window_idx/);
    // And the statement drizzle sends for it is that one.
    const sent: string[] = [];
    const prepare = t.db.$client.prepare.bind(t.db.$client);
    t.db.$client.prepare = ((source: string) => (sent.push(source), prepare(source))) as typeof t.db.$client.prepare;
    try {
      signIn("plan-student", "10.9.9.9", true, 50_000_000);
    } finally {
      t.db.$client.prepare = prepare;
    }
    expect(sent.some((s) => /^delete from "login_throttle" where "login_throttle"."window_start" < \?$/.test(s))).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../open";
import { openTestDatabase, testDialect, type TestDatabase } from "../test-support";
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

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

/** One whole sign-in through the throttle: refused (null), or the password checked (true/false). */
async function signIn(username: string, address: string, correct: boolean, now: number, device?: string): Promise<boolean | null> {
  if (!(await beginPasswordCheck(t.db, username, address, device, now))) return null;
  await finishPasswordCheck(t.db, username, address, correct, device, now);
  return correct;
}

describe("the sign-in limits", () => {
  it("never refuse a class signing in at once from one address, however many are in flight", async () => {
    const now = 1_000_000;
    // 300 students start at the same moment: every check begins before any finishes.
    for (let i = 0; i < 300; i++) expect(await beginPasswordCheck(t.db, `class-${i}`, "10.1.1.1", undefined, now)).toBe(true);
    for (let i = 0; i < 300; i++) await finishPasswordCheck(t.db, `class-${i}`, "10.1.1.1", true, undefined, now);
    // A few typos along the way refuse no one else.
    for (let i = 0; i < 20; i++) expect(await signIn(`typo-${i}`, "10.1.1.1", false, now)).toBe(false);
    expect(await signIn("class-0", "10.1.1.1", true, now)).toBe(true);
  });

  it("stop guessing at one account from one address, and never lock the student's own device", async () => {
    const now = 2_000_000;
    // A classmate on the same school network guesses at the student's account from a device of their own.
    for (let i = 0; i < LOGIN_LIMITS.pair; i++) expect(await signIn("victim", "10.2.2.2", false, now)).toBe(false);
    expect(await signIn("victim", "10.2.2.2", true, now)).toBeNull(); // even the right password, from a new device there
    expect(await signIn("victim", "10.2.2.2", true, now, "students-chromebook")).toBe(true); // the student's own device
    expect(await signIn("victim", "192.0.2.7", true, now)).toBe(true); // another address
    expect(await signIn("victim", "10.2.2.2", true, now + LOGIN_LIMITS.windowMs + 1)).toBe(true); // the window passes
  });

  it("hold a known device to its own limit", async () => {
    const now = 2_500_000;
    for (let i = 0; i < LOGIN_LIMITS.device; i++) expect(await signIn("stolen", "10.2.2.3", false, now, "lost-phone")).toBe(false);
    expect(await signIn("stolen", "10.2.2.3", true, now, "lost-phone")).toBeNull();
    expect(await signIn("stolen", "10.2.2.3", true, now, "home-laptop")).toBe(true);
    expect(await signIn("stolen", "10.2.2.3", true, now)).toBe(true); // the device's failures are its own
  });

  it("count parallel guesses before the slow check, so they cannot slip past the pair limit", async () => {
    const now = 3_000_000;
    // All at once: on PostgreSQL they run in concurrent transactions.
    const claims = await Promise.all(Array.from({ length: 50 }, () => beginPasswordCheck(t.db, "raced", "203.0.113.8", undefined, now)));
    expect(claims.filter(Boolean)).toHaveLength(LOGIN_LIMITS.pair);
  });

  it("stop guessing spread over many addresses, except on the account's own devices", async () => {
    const now = 4_000_000;
    for (let i = 0; i < LOGIN_LIMITS.account; i++) expect(await signIn("spread", `198.18.${i >> 8}.${i & 255}`, false, now)).toBe(false);
    expect(await signIn("spread", "198.18.9.9", true, now)).toBeNull();
    expect(await signIn("spread", "198.18.9.9", true, now, "own-device")).toBe(true);
  });

  it("stop an address spraying many accounts, counting failures only, without refusing the accounts' own devices", async () => {
    const now = 5_000_000;
    for (let i = 0; i < LOGIN_LIMITS.address; i++) expect(await signIn(`sprayed-${i}`, "198.51.100.9", false, now)).toBe(false);
    expect(await signIn("newcomer", "198.51.100.9", true, now)).toBeNull();
    expect(await signIn("regular", "198.51.100.9", true, now, "regulars-laptop")).toBe(true);
    expect(await signIn("newcomer", "198.51.100.10", true, now)).toBe(true);
  });

  it("can be lifted for one account, everywhere", async () => {
    const now = 6_000_000;
    for (let i = 0; i < LOGIN_LIMITS.pair; i++) await signIn("lifted_one", "203.0.113.9", false, now);
    for (let i = 0; i < LOGIN_LIMITS.pair; i++) await signIn("lifted-one", "203.0.113.9", false, now);
    expect((await lockedUsernames(t.db, now)).has("lifted_one")).toBe(true);
    await liftSignInLock(t.db, "lifted_one");
    expect((await lockedUsernames(t.db, now)).has("lifted_one")).toBe(false);
    expect(await signIn("lifted_one", "203.0.113.9", true, now)).toBe(true);
    // "_" is not a wildcard: the look-alike account stays locked.
    expect((await lockedUsernames(t.db, now)).has("lifted-one")).toBe(true);
    expect(await signIn("lifted-one", "203.0.113.9", true, now)).toBeNull();
  });
});

describe("sign-ups per address", () => {
  it("are counted generously within a window", async () => {
    const now = 9_000_000;
    for (let i = 0; i < JOIN_LIMITS.signUps; i++) {
      expect(await isSignUpThrottled(t.db, "192.0.2.9", now)).toBe(false);
      await recordSignUp(t.db, "192.0.2.9", now);
    }
    expect(await isSignUpThrottled(t.db, "192.0.2.9", now)).toBe(true);
    expect(await isSignUpThrottled(t.db, "192.0.2.10", now)).toBe(false);
    expect(await isSignUpThrottled(t.db, "192.0.2.9", now + JOIN_LIMITS.windowMs)).toBe(false);
  });
});

describe("the sign-in path's own cost", () => {
  it.skipIf(testDialect() === "postgres")("forgets passed windows through an index, not by reading every row of the throttle", async () => {
    const client = (t.db.q as unknown as Db).$client;
    // The statement every sign-in begins with (forgetExpired), as SQLite plans it.
    const plan = client
      .prepare("explain query plan delete from login_throttle where window_start < ?")
      .all(0)
      .map((r) => (r as { detail: string }).detail)
      .join("\n");
    expect(plan).toMatch(/USING (COVERING )?INDEX login_throttle_window_idx/);
    // And the statement drizzle sends for it is that one; each of the sign-in's statements is prepared once on
    // its connection, not again for every sign-in (a fresh database, so none is prepared yet).
    const fresh = await openTestDatabase("sqlite");
    const own = (fresh.db.q as unknown as Db).$client;
    const sent: string[] = [];
    const prepare = own.prepare.bind(own);
    own.prepare = ((source: string) => (sent.push(source), prepare(source))) as typeof own.prepare;
    try {
      for (const [i, username] of ["plan-student", "plan-student-2", "plan-student"].entries()) {
        expect(await beginPasswordCheck(fresh.db, username, "10.9.9.9", undefined, 50_000_000 + i)).toBe(true);
        await finishPasswordCheck(fresh.db, username, "10.9.9.9", true, undefined, 50_000_000 + i);
      }
    } finally {
      await fresh.close();
    }
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.some((s) => /^delete from "login_throttle" where "login_throttle"."window_start" < \?$/.test(s))).toBe(true);
  });
});

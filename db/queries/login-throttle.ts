import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "../open";
import { loginThrottle } from "../schema";

/*
 * Password guessing is slowed without letting a stranger lock a student out (OWASP ASVS 5.0 §6.3). The rule,
 * also in the README:
 * - A device the account has signed in on before (a signed cookie, lib/auth/device.ts) is held only to its
 *   own limit: 10 failed passwords in 15 minutes on that device. Nobody else's guessing, on the same school
 *   network or anywhere, counts against it: the student's own Chromebook or phone keeps working.
 * - From any other device: 10 failed passwords for one account from one address in 15 minutes and that
 *   account cannot be signed in to from that address (on a new device) for the rest of the window; 30 for
 *   the account from anywhere (guessing spread over many addresses); 300 from the address across all
 *   accounts (spraying). Only failures count: a class signing in at once from one school address is never
 *   turned away, and a correct password is never refused because of other accounts' traffic.
 * - An instructor can lift a student's lock (the roster's "Unlock sign-in"; a password reset does it too).
 * Per-account attempts are claimed before the slow password check (so parallel guesses cannot slip past
 * while hashes run) and given back when the password was right; the address counts failures only.
 */
export const LOGIN_LIMITS = {
  device: 10,
  pair: 10,
  account: 30,
  address: 300,
  windowMs: 15 * 60 * 1000,
} as const;

export type LoginKeys = { device?: string; pair: string; account: string; address: string };

/** `deviceId`: the device this sign-in proved it has been used on for this account (lib/auth/device.ts). */
export function loginThrottleKeys(username: string, address: string, deviceId?: string): LoginKeys {
  return {
    device: deviceId ? `device:${username}|${deviceId}` : undefined,
    pair: `pair:${username}|${address}`,
    account: `account:${username}`,
    address: `address:${address}`,
  };
}

function forgetExpired(db: Queryable, now: number) {
  db.delete(loginThrottle).where(lt(loginThrottle.windowStart, now - LOGIN_LIMITS.windowMs)).run();
}

/**
 * Before a password is checked: false (claiming nothing) when a limit above refuses this sign-in; otherwise
 * one attempt is claimed for the account's keys, to be settled by finishPasswordCheck.
 */
export function beginPasswordCheck(db: Queryable, username: string, address: string, deviceId?: string, now = Date.now()): boolean {
  const keys = loginThrottleKeys(username, address, deviceId);
  return db.transaction(
    (tx) => {
      forgetExpired(tx, now);
      const wanted = keys.device ? [keys.device] : [keys.pair, keys.account, keys.address];
      const rows = tx.select().from(loginThrottle).where(inArray(loginThrottle.key, wanted)).all();
      const count = (key: string) => rows.find((row) => row.key === key)?.failures ?? 0;
      if (keys.device) {
        if (count(keys.device) >= LOGIN_LIMITS.device) return false;
        bump(tx, keys.device, now);
        return true;
      }
      if (count(keys.pair) >= LOGIN_LIMITS.pair || count(keys.account) >= LOGIN_LIMITS.account || count(keys.address) >= LOGIN_LIMITS.address) return false;
      for (const key of [keys.pair, keys.account]) bump(tx, key, now);
      return true;
    },
    { behavior: "immediate" },
  );
}

/** After the check: a right password gives the claims back; a wrong one from a new device also counts on the address. */
export function finishPasswordCheck(db: Queryable, username: string, address: string, correct: boolean, deviceId?: string, now = Date.now()): void {
  const keys = loginThrottleKeys(username, address, deviceId);
  db.transaction((tx) => {
    if (!correct) {
      if (!keys.device) bump(tx, keys.address, now);
      return;
    }
    tx.delete(loginThrottle)
      .where(eq(loginThrottle.key, keys.device ?? keys.pair))
      .run();
    if (!keys.device)
      tx.update(loginThrottle)
        .set({ failures: sql`max(${loginThrottle.failures} - 1, 0)` })
        .where(eq(loginThrottle.key, keys.account))
        .run();
  });
}

/** An instructor's "Unlock sign-in" (and a password reset): the account's guessing limits start afresh everywhere. */
export function liftSignInLock(db: Queryable, username: string): void {
  db.delete(loginThrottle)
    .where(accountKeys(username))
    .run();
}

/** Usernames whose sign-in is refused from some address right now (for the roster's "Unlock sign-in"). */
export function lockedUsernames(db: Queryable, now = Date.now()): Set<string> {
  const rows = db
    .select({ key: loginThrottle.key })
    .from(loginThrottle)
    .where(
      and(
        sql`${loginThrottle.windowStart} >= ${now - LOGIN_LIMITS.windowMs}`,
        or(
          and(sql`substr(${loginThrottle.key}, 1, 5) = 'pair:'`, sql`${loginThrottle.failures} >= ${LOGIN_LIMITS.pair}`),
          and(sql`substr(${loginThrottle.key}, 1, 7) = 'device:'`, sql`${loginThrottle.failures} >= ${LOGIN_LIMITS.device}`),
          and(sql`substr(${loginThrottle.key}, 1, 8) = 'account:'`, sql`${loginThrottle.failures} >= ${LOGIN_LIMITS.account}`),
        ),
      ),
    )
    .all();
  return new Set(rows.map(({ key }) => key.slice(key.indexOf(":") + 1).split("|")[0]!));
}

/** The account's own keys: its account-wide counter, every pair and device (prefix matches, not LIKE: "_" is a username character). */
function accountKeys(username: string) {
  const pairs = `pair:${username}|`;
  const devices = `device:${username}|`;
  return or(
    eq(loginThrottle.key, `account:${username}`),
    sql`substr(${loginThrottle.key}, 1, ${pairs.length}) = ${pairs}`,
    sql`substr(${loginThrottle.key}, 1, ${devices.length}) = ${devices}`,
  );
}

/** One more in the key's window, starting a new window when the last one is over. */
function bump(db: Queryable, key: string, now: number, windowMs: number = LOGIN_LIMITS.windowMs): void {
  db.insert(loginThrottle)
    .values({ key, windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.windowStart} < ${now - windowMs} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${loginThrottle.windowStart} < ${now - windowMs} then ${now} else ${loginThrottle.windowStart} end`,
      },
    })
    .run();
}

function isOver(db: Queryable, key: string, limit: number, windowMs: number, now: number): boolean {
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  return !!row && now - row.windowStart < windowMs && row.failures >= limit;
}

/*
 * Joining, per client address. Wrong join codes and taken usernames both count as failures (a code is 6
 * characters, and a valid code must not become an unlimited "does this username exist?" oracle); new
 * accounts are counted too, generously, so one address cannot mint accounts without end.
 */
export const JOIN_LIMITS = { failures: 20, signUps: 60, windowMs: 15 * 60 * 1000 } as const;

export function isJoinThrottled(db: Queryable, address: string, now = Date.now()): boolean {
  return isOver(db, `join:${address}`, JOIN_LIMITS.failures, JOIN_LIMITS.windowMs, now);
}

export function recordWrongJoinCode(db: Queryable, address: string, now = Date.now()): void {
  bump(db, `join:${address}`, now, JOIN_LIMITS.windowMs);
}

export function isSignUpThrottled(db: Queryable, address: string, now = Date.now()): boolean {
  return isOver(db, `signup:${address}`, JOIN_LIMITS.signUps, JOIN_LIMITS.windowMs, now);
}

export function recordSignUp(db: Queryable, address: string, now = Date.now()): void {
  bump(db, `signup:${address}`, now, JOIN_LIMITS.windowMs);
}

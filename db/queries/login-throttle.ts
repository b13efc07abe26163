import { and, eq, inArray, lt, notLike, or, sql } from "drizzle-orm";
import type { Queryable } from "../open";
import { loginThrottle } from "../schema";

/*
 * Password guessing is slowed without letting a stranger lock a student out (OWASP ASVS 5.0 §6.3). The rule,
 * also in the README:
 * - Per account *and* address: 10 failed passwords in 15 minutes, and that account cannot be signed in to
 *   from that address for the rest of the window. Someone guessing at one account is stopped where they are.
 * - Addresses this account has signed in from before (in the last 90 days) are "known" to it, and only the
 *   pair limit applies to them: the student's own school or home network keeps working whatever others do.
 * - From an address the account does not know, two more limits apply: 30 failed passwords for the account
 *   from anywhere (guessing spread over many addresses), and 300 failed passwords from the address across
 *   all accounts (spraying). Only failures count: a class signing in at once from one school address is
 *   never turned away, and a correct password is never refused because of other accounts' traffic.
 * - An instructor can lift a student's lock (the roster's "Unlock sign-in"; a password reset does it too).
 * Pair and account attempts are claimed before the slow password check (so parallel guesses cannot slip
 * past while hashes run) and given back when the password was right; the address counts failures only.
 */
export const LOGIN_LIMITS = {
  pair: 10,
  account: 30,
  address: 300,
  windowMs: 15 * 60 * 1000,
  knownAddressMs: 90 * 24 * 60 * 60 * 1000,
} as const;

export type LoginKeys = { pair: string; account: string; address: string; known: string };

export function loginThrottleKeys(username: string, address: string): LoginKeys {
  return {
    pair: `pair:${username}|${address}`,
    account: `account:${username}`,
    address: `address:${address}`,
    known: `known:${username}|${address}`,
  };
}

function forgetExpired(db: Queryable, now: number) {
  db.delete(loginThrottle)
    .where(
      or(
        and(notLike(loginThrottle.key, "known:%"), lt(loginThrottle.windowStart, now - LOGIN_LIMITS.windowMs)),
        lt(loginThrottle.windowStart, now - LOGIN_LIMITS.knownAddressMs),
      ),
    )
    .run();
}

/**
 * Before a password is checked: false (claiming nothing) when a limit above refuses this account from this
 * address; otherwise one attempt is claimed for the pair and the account, to be settled by finishPasswordCheck.
 */
export function beginPasswordCheck(db: Queryable, username: string, address: string, now = Date.now()): boolean {
  const keys = loginThrottleKeys(username, address);
  return db.transaction(
    (tx) => {
      forgetExpired(tx, now);
      const rows = tx.select().from(loginThrottle).where(inArray(loginThrottle.key, Object.values(keys))).all();
      const count = (key: string) => rows.find((row) => row.key === key)?.failures ?? 0;
      const known = rows.some((row) => row.key === keys.known);
      if (count(keys.pair) >= LOGIN_LIMITS.pair) return false;
      if (!known && (count(keys.account) >= LOGIN_LIMITS.account || count(keys.address) >= LOGIN_LIMITS.address)) return false;
      for (const key of [keys.pair, keys.account]) bump(tx, key, now);
      return true;
    },
    { behavior: "immediate" },
  );
}

/** After the check: a right password gives the claims back and makes the address known to the account. */
export function finishPasswordCheck(db: Queryable, username: string, address: string, correct: boolean, now = Date.now()): void {
  const keys = loginThrottleKeys(username, address);
  db.transaction((tx) => {
    if (!correct) {
      bump(tx, keys.address, now);
      return;
    }
    tx.delete(loginThrottle).where(eq(loginThrottle.key, keys.pair)).run();
    tx.update(loginThrottle)
      .set({ failures: sql`max(${loginThrottle.failures} - 1, 0)` })
      .where(eq(loginThrottle.key, keys.account))
      .run();
    tx.insert(loginThrottle)
      .values({ key: keys.known, windowStart: now, failures: 0 })
      .onConflictDoUpdate({ target: loginThrottle.key, set: { windowStart: now } })
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
          and(sql`substr(${loginThrottle.key}, 1, 8) = 'account:'`, sql`${loginThrottle.failures} >= ${LOGIN_LIMITS.account}`),
        ),
      ),
    )
    .all();
  return new Set(rows.map(({ key }) => key.slice(key.indexOf(":") + 1).split("|")[0]!));
}

/** The account's own keys: its account-wide counter and every pair (a prefix match, not LIKE: "_" is a username character). */
function accountKeys(username: string) {
  const pairs = `pair:${username}|`;
  return or(eq(loginThrottle.key, `account:${username}`), sql`substr(${loginThrottle.key}, 1, ${pairs.length}) = ${pairs}`);
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

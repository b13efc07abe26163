import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Database } from "../database";

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
 *
 * Race-free on PostgreSQL too, where sign-ins run in concurrent transactions: every counter changes in one
 * statement, never read first and written after. A claim is one conditional upsert (it counts only while the
 * key is under its limit, and the database re-checks the locked row), a give-back one UPDATE, a failure one
 * upsert.
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

/*
 * The statements every sign-in runs, built once with placeholders (`Database.prepared`): on a server taking a
 * class's sign-ins, building and preparing them each time was CPU taken from the password hashes.
 */
const forgetExpiredQuery = ({ q, t: { loginThrottle } }: Database) => q.delete(loginThrottle).where(lt(loginThrottle.windowStart, sql.placeholder("cutoff")));
const readKeyQuery = ({ q, t: { loginThrottle } }: Database) => q.select().from(loginThrottle).where(eq(loginThrottle.key, sql.placeholder("key")));
const forgetKeyQuery = ({ q, t: { loginThrottle } }: Database) => q.delete(loginThrottle).where(eq(loginThrottle.key, sql.placeholder("key")));
/** One fewer on the key, never below 0 (one conditional UPDATE, no read first): scalar max is greatest() on PostgreSQL. */
const giveBackQuery = ({ q, dialect, t: { loginThrottle } }: Database) =>
  q
    .update(loginThrottle)
    .set({ failures: sql`${sql.raw(dialect === "postgres" ? "greatest" : "max")}(${loginThrottle.failures} - 1, 0)` })
    .where(eq(loginThrottle.key, sql.placeholder("key")));
/** One more in the key's window (:key, :now; :cutoff the start of the current window), starting a new window when the last one is over. */
function oneMoreQuery({ q, t: { loginThrottle } }: Database, claiming: boolean) {
  const over = sql`${loginThrottle.windowStart} < ${sql.placeholder("cutoff")}`;
  return q
    .insert(loginThrottle)
    .values({ key: sql.placeholder("key"), windowStart: sql.placeholder("now"), failures: 1 })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${over} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${over} then ${sql.placeholder("now")} else ${loginThrottle.windowStart} end`,
      },
      // A claim: only while the window is over or the key is under its :limit.
      setWhere: claiming ? or(over, lt(loginThrottle.failures, sql.placeholder("limit"))) : undefined,
    });
}
const bumpQuery = (db: Database) => oneMoreQuery(db, false);
/** Returns the key when it was counted. */
const claimQuery = (db: Database) => oneMoreQuery(db, true).returning({ key: db.t.loginThrottle.key });

async function forgetExpired(db: Database, now: number): Promise<void> {
  await db.prepared("loginThrottle.forgetExpired", forgetExpiredQuery).run({ cutoff: now - LOGIN_LIMITS.windowMs });
}

/** Thrown inside beginPasswordCheck's transaction to give back the claims it made before a limit refused it. */
class Refused extends Error {}

/**
 * Before a password is checked: false (claiming nothing) when a limit above refuses this sign-in; otherwise
 * one attempt is claimed for the account's keys, to be settled by finishPasswordCheck.
 */
export async function beginPasswordCheck(db: Database, username: string, address: string, deviceId?: string, now = Date.now()): Promise<boolean> {
  const keys = loginThrottleKeys(username, address, deviceId);
  // Housekeeping only, in a statement of its own: a claim starts a new window on a key whose window has passed.
  await forgetExpired(db, now);
  if (keys.device) return claim(db, keys.device, LOGIN_LIMITS.device, now);
  // The address only counts failures (finishPasswordCheck): it is read here, not claimed.
  const spraying = await db.prepared("loginThrottle.read", readKeyQuery).get({ key: keys.address });
  if (spraying && spraying.windowStart >= now - LOGIN_LIMITS.windowMs && spraying.failures >= LOGIN_LIMITS.address) return false;
  try {
    return await db.transaction(async (tx) => {
      // Always pair, then account (as finishPasswordCheck), so two sign-ins lock the rows in the same order.
      if (!(await claim(tx, keys.pair, LOGIN_LIMITS.pair, now))) return false;
      // Refused on the account: the pair's claim rolls back with the transaction.
      if (!(await claim(tx, keys.account, LOGIN_LIMITS.account, now))) throw new Refused();
      return true;
    });
  } catch (error) {
    if (error instanceof Refused) return false;
    throw error;
  }
}

/** After the check: a right password gives the claims back; a wrong one from a new device also counts on the address. */
export async function finishPasswordCheck(db: Database, username: string, address: string, correct: boolean, deviceId?: string, now = Date.now()): Promise<void> {
  const keys = loginThrottleKeys(username, address, deviceId);
  if (!correct) {
    if (!keys.device) await bump(db, keys.address, now);
    return;
  }
  await db.transaction(async (tx) => {
    await tx.prepared("loginThrottle.forgetKey", forgetKeyQuery).run({ key: keys.device ?? keys.pair });
    if (!keys.device) await tx.prepared("loginThrottle.giveBack", giveBackQuery).run({ key: keys.account });
  });
}

/** An instructor's "Unlock sign-in" (and a password reset): the account's guessing limits start afresh everywhere. */
export async function liftSignInLock(db: Database, username: string): Promise<void> {
  await db.run(db.q.delete(db.t.loginThrottle).where(accountKeys(db, username)));
}

/** Usernames whose sign-in is refused from some address right now (for the roster's "Unlock sign-in"). */
export async function lockedUsernames(db: Database, now = Date.now()): Promise<Set<string>> {
  const { loginThrottle } = db.t;
  const rows = await db.all(
    db.q
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
      ),
  );
  return new Set(rows.map(({ key }) => key.slice(key.indexOf(":") + 1).split("|")[0]!));
}

/** The account's own keys: its account-wide counter, every pair and device (prefix matches, not LIKE: "_" is a username character). */
function accountKeys(db: Database, username: string) {
  const { loginThrottle } = db.t;
  const pairs = `pair:${username}|`;
  const devices = `device:${username}|`;
  return or(
    eq(loginThrottle.key, `account:${username}`),
    sql`substr(${loginThrottle.key}, 1, ${pairs.length}) = ${pairs}`,
    sql`substr(${loginThrottle.key}, 1, ${devices.length}) = ${devices}`,
  );
}

/** One more in the key's window (one upsert: race-free). */
async function bump(db: Database, key: string, now: number, windowMs: number = LOGIN_LIMITS.windowMs): Promise<void> {
  await db.prepared("loginThrottle.bump", bumpQuery).run({ key, now, cutoff: now - windowMs });
}

/** One more in the key's window unless it is at its limit: whether it was counted (one conditional upsert: race-free). */
async function claim(db: Database, key: string, limit: number, now: number, windowMs: number = LOGIN_LIMITS.windowMs): Promise<boolean> {
  return !!(await db.prepared("loginThrottle.claim", claimQuery).get({ key, now, cutoff: now - windowMs, limit }));
}

async function isOver(db: Database, key: string, limit: number, windowMs: number, now: number): Promise<boolean> {
  const row = await db.prepared("loginThrottle.read", readKeyQuery).get({ key });
  return !!row && now - row.windowStart < windowMs && row.failures >= limit;
}

/*
 * Joining, per client address. Wrong join codes and taken usernames both count as failures (a code is 6
 * characters, and a valid code must not become an unlimited "does this username exist?" oracle); new
 * accounts are counted too, generously, so one address cannot mint accounts without end.
 */
export const JOIN_LIMITS = { failures: 20, signUps: 60, windowMs: 15 * 60 * 1000 } as const;

export function isJoinThrottled(db: Database, address: string, now = Date.now()): Promise<boolean> {
  return isOver(db, `join:${address}`, JOIN_LIMITS.failures, JOIN_LIMITS.windowMs, now);
}

export function recordWrongJoinCode(db: Database, address: string, now = Date.now()): Promise<void> {
  return bump(db, `join:${address}`, now, JOIN_LIMITS.windowMs);
}

export function isSignUpThrottled(db: Database, address: string, now = Date.now()): Promise<boolean> {
  return isOver(db, `signup:${address}`, JOIN_LIMITS.signUps, JOIN_LIMITS.windowMs, now);
}

export function recordSignUp(db: Database, address: string, now = Date.now()): Promise<void> {
  return bump(db, `signup:${address}`, now, JOIN_LIMITS.windowMs);
}

import type { Database } from "../database";
import { findJoinableClass, joinClassByCode, type JoinResult } from "./classes";
import { isJoinThrottled, isSignUpThrottled, recordSignUp, recordWrongJoinCode } from "./login-throttle";
import { findUserForSignIn } from "./users";

/*
 * Joining by code, under the limits of the address asking (JOIN_LIMITS in ./login-throttle). Each step
 * below is one transaction that checks a limit, does its work and counts it, holding the address's lock
 * first (`tx.lock`): on PostgreSQL parallel requests from one address take turns, so a burst cannot all pass
 * the check before any of it is counted. On SQLite the transaction holds the one connection, which does the
 * same. Only quick statements run under the lock: the slow password hash of a sign-up comes after. An
 * address already over its limit is refused before it waits for the lock (and holds a connection doing so);
 * the check under the lock is the one that counts.
 */

const addressLock = (address: string) => `join:${address}`;

export type SignUpCheck = "ok" | "throttled" | "too-many-accounts" | "bad-code" | "taken";

/**
 * Before a new account is made from `address`: whether the address is within its limits, the code opens a
 * class and the username is free. A wrong code and a taken username count as failures (a valid code must
 * not become an unlimited "does this username exist?" oracle); "ok" counts one sign-up.
 */
export async function checkSignUp(db: Database, address: string, code: string, username: string, now = Date.now()): Promise<SignUpCheck> {
  if (await isJoinThrottled(db, address, now)) return "throttled";
  return db.transaction(async (tx) => {
    await tx.lock(addressLock(address));
    if (await isJoinThrottled(tx, address, now)) return "throttled";
    if (await isSignUpThrottled(tx, address, now)) return "too-many-accounts";
    if (!(await findJoinableClass(tx, code))) {
      await recordWrongJoinCode(tx, address, now);
      return "bad-code";
    }
    if (await findUserForSignIn(tx, username)) {
      await recordWrongJoinCode(tx, address, now);
      return "taken";
    }
    await recordSignUp(tx, address, now);
    return "ok";
  });
}

/** A signed-in student joins one more class by code from `address`; a wrong code counts as a failure. */
export async function joinClassFrom(db: Database, address: string, studentId: number, code: string, now = Date.now()): Promise<JoinResult | { status: "throttled" }> {
  if (await isJoinThrottled(db, address, now)) return { status: "throttled" };
  return db.transaction(async (tx) => {
    await tx.lock(addressLock(address));
    if (await isJoinThrottled(tx, address, now)) return { status: "throttled" } as const;
    const joined = await joinClassByCode(tx, studentId, code);
    if (joined.status === "bad-code") await recordWrongJoinCode(tx, address, now);
    return joined;
  });
}

/**
 * The class a join link's code opens, or undefined (a wrong code, or the address over its limit). The link's
 * page names the class, so each look-up of a wrong code counts towards the same limit as joining.
 */
export async function lookUpJoinCode(db: Database, address: string, code: string, now = Date.now()): Promise<{ id: number; name: string } | undefined> {
  if (await isJoinThrottled(db, address, now)) return undefined;
  return db.transaction(async (tx) => {
    await tx.lock(addressLock(address));
    if (await isJoinThrottled(tx, address, now)) return undefined;
    const found = await findJoinableClass(tx, code);
    if (!found) await recordWrongJoinCode(tx, address, now);
    return found;
  });
}

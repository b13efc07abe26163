import { eq, inArray, lt, sql } from "drizzle-orm";
import type { Queryable } from "../open";
import { loginThrottle } from "../schema";

/*
 * Failed sign-ins are limited per account (a guessed password) and per client address (many accounts
 * sprayed from one place). The address limit is higher because a whole school often shares one address.
 */
export const LOGIN_LIMITS = { account: 10, address: 100, windowMs: 15 * 60 * 1000 } as const;

export type ThrottleKey = { key: string; limit: number };

export function loginThrottleKeys(username: string, address: string): { account: ThrottleKey; address: ThrottleKey } {
  return {
    account: { key: `account:${username}`, limit: LOGIN_LIMITS.account },
    address: { key: `address:${address}`, limit: LOGIN_LIMITS.address },
  };
}

/**
 * Claims one sign-in attempt for every key before the password is checked, so parallel guesses cannot
 * slip past the limit while a slow hash runs. Returns false, claiming nothing, when any key has used up
 * its window. A successful sign-in gives its claims back (releaseLoginAttempt).
 */
export function claimLoginAttempt(db: Queryable, keys: ThrottleKey[], now = Date.now()): boolean {
  return db.transaction(
    (tx) => {
      tx.delete(loginThrottle).where(lt(loginThrottle.windowStart, now - LOGIN_LIMITS.windowMs)).run();
      const rows = tx.select().from(loginThrottle).where(inArray(loginThrottle.key, keys.map((k) => k.key))).all();
      const counts = new Map(rows.map((row) => [row.key, row.failures]));
      if (keys.some((k) => (counts.get(k.key) ?? 0) >= k.limit)) return false;
      for (const { key } of keys) {
        if (counts.has(key)) {
          tx.update(loginThrottle).set({ failures: sql`${loginThrottle.failures} + 1` }).where(eq(loginThrottle.key, key)).run();
        } else {
          tx.insert(loginThrottle).values({ key, windowStart: now, failures: 1 }).run();
        }
      }
      return true;
    },
    { behavior: "immediate" },
  );
}

/** After a correct password: the account starts afresh, and the address gets its attempt back. */
export function releaseLoginAttempt(db: Queryable, accountKey: string, addressKey: string): void {
  db.transaction((tx) => {
    tx.delete(loginThrottle).where(eq(loginThrottle.key, accountKey)).run();
    tx.update(loginThrottle)
      .set({ failures: sql`max(${loginThrottle.failures} - 1, 0)` })
      .where(eq(loginThrottle.key, addressKey))
      .run();
  });
}

/* Wrong join codes, per client address: a code is 6 characters, so guessing must be slow. */
export const JOIN_LIMITS = { failures: 20, windowMs: 15 * 60 * 1000 } as const;

export function joinThrottleKey(address: string): string {
  return `join:${address}`;
}

export function isJoinThrottled(db: Queryable, address: string, now = Date.now()): boolean {
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, joinThrottleKey(address))).get();
  return !!row && now - row.windowStart < JOIN_LIMITS.windowMs && row.failures >= JOIN_LIMITS.failures;
}

export function recordWrongJoinCode(db: Queryable, address: string, now = Date.now()): void {
  db.insert(loginThrottle)
    .values({ key: joinThrottleKey(address), windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.windowStart} < ${now - JOIN_LIMITS.windowMs} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${loginThrottle.windowStart} < ${now - JOIN_LIMITS.windowMs} then ${now} else ${loginThrottle.windowStart} end`,
      },
    })
    .run();
}
